/**
 * VRAM of this process, sampled from `nvidia-smi` while a GPU case runs (onnxruntime has no
 * memory query). Never throws: without nvidia-smi every figure is null.
 */
import { execFile } from 'node:child_process';

/** Before / peak / after VRAM of the process in MiB (null when unknown). */
export interface VramFigures {
  readonly vram_mb_before: number | null;
  readonly vram_mb_peak: number | null;
  readonly vram_mb_after: number | null;
}

function sample(pid: number): Promise<number | null> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits'], { timeout: 2000 }, (err, stdout) => {
      if (err) return resolve(null);
      let total = 0;
      for (const line of stdout.split('\n')) {
        const [p, mb] = line.split(',').map((s) => s.trim());
        if (Number(p) === pid && Number.isFinite(Number(mb))) total += Number(mb);
      }
      resolve(total);
    });
  });
}

/**
 * Start sampling this process's VRAM every `intervalMs`; `stop()` returns the figures
 * (the keys the harness reads from a case's metadata).
 */
export async function startVramSampler(intervalMs = 100): Promise<{ stop(): Promise<VramFigures> }> {
  const pid = process.pid;
  const before = await sample(pid);
  let peak = before;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void sample(pid).then((v) => {
      busy = false;
      if (v !== null) peak = Math.max(peak ?? 0, v);
    });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      const after = await sample(pid);
      if (after !== null) peak = Math.max(peak ?? 0, after);
      return { vram_mb_before: before, vram_mb_peak: peak, vram_mb_after: after };
    },
  };
}

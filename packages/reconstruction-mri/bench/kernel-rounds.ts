/**
 * Issue 17's before/after figures for the 2D inverse FFT: old kernel, new kernel and numpy's
 * best route, alternated in rounds within one run (a noisy moment of the shared machine hits
 * all three), medians of the rounds. Not a bench case (the harness's reference cases give the
 * suite's figure); this is the measurement behind docs/perf/performance.md "#17 kernels".
 *
 *   git archive BASE packages/reconstruction-mri/src | tar -x -C /tmp/rperf-old
 *   ln -s "$PWD/node_modules" /tmp/rperf-old/node_modules
 *   node --import tsx --conditions=@rhenium-perf/source packages/reconstruction-mri/bench/kernel-rounds.ts /tmp/rperf-old [ROUNDS] [SIZE...]
 *
 * Run one size per process (as the bench cases do): plans of two sizes in one process make
 * the old kernels' call sites polymorphic (fft.js rows at 256, Stockham rows at 320), which
 * slows the old 320 three-fold and would flatter the new one.
 * Each round, per size: `CALLS` calls of the old plan's inverse and of the new one's (which
 * goes first alternates between rounds), each a median per call, then
 * bench/reference/numpy_ifft2.py with one round (every route, its best median). Prints one
 * line per round and, at the end, the medians over rounds and the ratios new/numpy, old/numpy
 * and new/old (each the median of the per-round ratios).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@rhenium-perf/fixtures';
import { median } from '@rhenium-perf/harness';
import { Fft2dPlan } from '../src/index';

interface Plan {
  inverse(input: Float64Array, out: Float64Array): Float64Array;
}

const CALLS = 60;
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'numpy_ifft2.py');

function perCallMs(plan: Plan, k: Float64Array, out: Float64Array): number {
  for (let i = 0; i < 10; i++) plan.inverse(k, out);
  const t: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    plan.inverse(k, out);
    t.push(performance.now() - t0);
  }
  return median(t);
}

function numpyBestMs(n: number): { ms: number; route: string } {
  const r = spawnSync('python3', [SCRIPT, String(n), '5', '30', '1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`numpy_ifft2.py failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { median_ms: number; best_route: string };
  return { ms: j.median_ms, route: j.best_route };
}

const oldRoot = process.argv[2];
if (!oldRoot) throw new Error('usage: kernel-rounds.ts OLD_ROOT [ROUNDS] (see the module comment)');
const rounds = Number(process.argv[3] ?? 15);
const old = (await import(path.resolve(oldRoot, 'packages/reconstruction-mri/src/index.ts'))) as { Fft2dPlan: new (ny: number, nx: number) => Plan };

const sizes = process.argv.length > 4 ? process.argv.slice(4).map(Number) : [256, 320];
const rows: Record<number, { old: number[]; new: number[]; numpy: number[]; routes: string[] }> = {};
const setups = sizes.map((n) => {
  const k = createRng(0).fillNormal(new Float64Array(2 * n * n));
  const a = new old.Fft2dPlan(n, n).inverse(k, new Float64Array(k.length));
  const b = new Fft2dPlan(n, n).inverse(k, new Float64Array(k.length));
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!));
  if (e > 1e-12) throw new Error(`old and new differ by ${e} at ${n}`);
  rows[n] = { old: [], new: [], numpy: [], routes: [] };
  return { n, k, out: new Float64Array(k.length), oldPlan: new old.Fft2dPlan(n, n), newPlan: new Fft2dPlan(n, n) };
});
for (let r = 0; r < rounds; r++) {
  for (const s of setups) {
    const row = rows[s.n]!;
    if (r % 2 === 0) {
      row.old.push(perCallMs(s.oldPlan, s.k, s.out));
      row.new.push(perCallMs(s.newPlan, s.k, s.out));
    } else {
      row.new.push(perCallMs(s.newPlan, s.k, s.out));
      row.old.push(perCallMs(s.oldPlan, s.k, s.out));
    }
    const np = numpyBestMs(s.n);
    row.numpy.push(np.ms);
    row.routes.push(np.route);
    console.log(`round ${r + 1} n=${s.n} old ${row.old.at(-1)!.toFixed(3)} ms, new ${row.new.at(-1)!.toFixed(3)} ms, numpy ${np.ms.toFixed(3)} ms (${np.route})`);
  }
}
for (const n of sizes) {
  const row = rows[n]!;
  const ratio = (a: number[], b: number[]) => median(a.map((v, i) => v / b[i]!)).toFixed(2);
  console.log(
    `n=${n}: median old ${median(row.old).toFixed(3)} ms, new ${median(row.new).toFixed(3)} ms, numpy best ${median(row.numpy).toFixed(3)} ms;` +
      ` old/numpy ${ratio(row.old, row.numpy)}x, new/numpy ${ratio(row.new, row.numpy)}x, new/old ${ratio(row.new, row.old)}x (${rounds} rounds)`,
  );
}

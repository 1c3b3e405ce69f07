/**
 * Spawn `rhenium` from its sources as a real process (tsx, workspace packages resolved to
 * their sources), for the tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The package root (the process's working folder). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What a spawned `rhenium` did. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the process was killed for running past the timeout. */
  timedOut: boolean;
}

/** A run with its cost: wall time and the peak resident set sampled from /proc. */
export interface MeasuredCliRun extends CliRun {
  wallMs: number;
  /** Largest VmHWM (peak RSS) read from /proc/<pid>/status while it ran, MiB. */
  peakRssMib: number;
}

/** Run `rhenium ...args` and wait for it (never throws on a non-zero exit). */
export async function runCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliRun> {
  return (await runCliMeasured(args, env, timeoutMs, false)) as CliRun;
}

/** VmHWM of a process in MiB, or 0 once it is gone. */
function vmHwmMib(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Run `rhenium ...args`, sampling the process's peak RSS every 10 ms while it runs (the last
 * sample before it exits is the peak up to then).
 */
export async function runCliMeasured(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000, sample = true): Promise<MeasuredCliRun> {
  const t0 = performance.now();
  const child = execa(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', 'src/rhenium.ts', ...args], {
    cwd: PACKAGE_ROOT,
    reject: false,
    timeout: timeoutMs,
    env: { NODE_OPTIONS: '', ...env },
  });
  let peak = 0;
  const timer = sample ? setInterval(() => (peak = Math.max(peak, vmHwmMib(child.pid!))), 10) : undefined;
  const r = await child;
  clearInterval(timer);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), timedOut: r.timedOut === true, wallMs: performance.now() - t0, peakRssMib: peak };
}

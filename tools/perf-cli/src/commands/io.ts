/**
 * What every command shares: the streams and folder it works in, the workspace, and the
 * output folders it may write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot, makeDirectory } from '@rhenium-perf/harness';
import { PerfCliError } from '../errors';

/** Streams and folders the CLI works with (injected by tests). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

export function workspaceOf(io: CliIo): string {
  const ws = findWorkspaceRoot(io.cwd);
  if (!ws) throw new PerfCliError('RPERF_USAGE', `no Nx workspace (nx.json) at or above ${io.cwd}; run rhenium-perf inside the Rhenium Perf checkout`);
  return ws;
}

/**
 * Make sure a folder can be written before measuring anything: made level by level (never a
 * recursive mkdir, which spins forever under /proc), then a probe file written and removed
 * (`access(W_OK)` says yes to root on read-only and special filesystems).
 */
export function ensureWritableDir(dir: string): void {
  try {
    makeDirectory(dir);
    const probe = path.join(dir, `.rhenium-perf-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (err) {
    throw new PerfCliError('RPERF_OUTPUT_UNWRITABLE', `cannot write to ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another --output-dir`);
  }
}

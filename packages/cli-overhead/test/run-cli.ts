/**
 * Spawn `rhenium` from its sources as a real process (tsx, workspace packages resolved to
 * their sources), for the tests.
 */
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The package root (the process's working folder). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What a spawned `rhenium` did. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run `rhenium ...args` and wait for it (never throws on a non-zero exit). */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  const r = await execa(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', 'src/rhenium.ts', ...args], {
    cwd: PACKAGE_ROOT,
    reject: false,
    timeout: 60_000,
    env: { NODE_OPTIONS: '' },
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

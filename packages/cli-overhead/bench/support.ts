/**
 * Spawning helpers of the benchmarks: where the built `rhenium` is, and a timed spawn.
 *
 * NOTE: the benchmarks spawn the BUILT bin (dist/rhenium.js) with the same node as the
 * baseline `node -e 0`. Spawning the TypeScript entry through tsx would add tsx's own
 * start-up to every run and measure the loader, not the tool; without a build the cases are
 * skipped with the reason.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '@rhenium-perf/harness';
import { SPAWN_TIMEOUT_MS } from '../src/defaults';

/** The package root, from sources (bench/), the build (dist/bench/) or an install. */
export function cliPackageRoot(): string {
  const root = packageRoot(import.meta.url, '@rhenium-perf/cli-overhead');
  if (root === null) throw new Error(`no package.json of @rhenium-perf/cli-overhead above ${import.meta.url}; reinstall the package`);
  return root;
}

/** Absolute path of the built `rhenium` bin. */
export function builtBin(): string {
  return join(cliPackageRoot(), 'dist', 'rhenium.js');
}

/** Why the spawning cases cannot run (no build), or null. */
export function missingBuild(): string | null {
  return existsSync(builtBin()) ? null : `${builtBin()} is missing: build the package first (npm run build -w @rhenium-perf/cli-overhead)`;
}

/** Why `rhenium segment` cannot run from the build (the pipeline package unbuilt), or null. */
export function missingPipelineBuild(): string | null {
  const own = missingBuild();
  if (own) return own;
  try {
    const pj = createRequire(builtBin()).resolve('@rhenium-perf/e2e-core-model/package.json');
    const dist = join(dirname(pj), 'dist', 'index.js');
    return existsSync(dist) ? null : `${dist} is missing: build the pipeline first: npx nx run cli-overhead:build builds its dependencies`;
  } catch {
    return '@rhenium-perf/e2e-core-model is not installed beside the tool';
  }
}

/**
 * Why the pipeline cannot be imported by this (built) process, or null. From sources (tsx,
 * vitest) workspace packages resolve to their sources and need no build.
 */
export function missingPipelineDist(): string | null {
  if (import.meta.url.endsWith('.ts')) return null;
  const own = missingPipelineBuild();
  return own && own.includes('pipeline') ? own : null;
}

/** A finished spawn: wall time from spawn to exit, and its output. */
export interface TimedSpawn {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawn `node ...args`, wait for it to exit, and time it (monotonic clock). Throws when the
 * process fails, with its stderr.
 * @example await timedSpawn(['-e', '0']) // { ms: 45.1, stdout: '', stderr: '' }
 */
export async function timedSpawn(args: readonly string[], cwd?: string): Promise<TimedSpawn> {
  const t0 = process.hrtime.bigint();
  // NOTE: NODE_OPTIONS cleared so a test runner's loader hooks do not reach the children.
  const r = await execa(process.execPath, args, { cwd, timeout: SPAWN_TIMEOUT_MS, env: { NODE_OPTIONS: '' }, stripFinalNewline: false });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout: String(r.stdout), stderr: String(r.stderr) };
}


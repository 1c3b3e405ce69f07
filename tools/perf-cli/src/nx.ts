/**
 * Running Nx: listing the projects with a bench target (all, or affected) and running
 * their bench targets with the run's options passed on.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { BENCH_ARGV_ENV } from '@rhenium-perf/harness';
import { BENCH_TARGET } from './defaults';
import { PerfCliError } from './errors';

const require = createRequire(import.meta.url);

/**
 * Environment for Nx child processes: no daemon, no cloud, no interactive UI, and the project
 * graph's plugins in Nx's own process.
 *
 * NOTE (issue 17, suite time): by default Nx starts each project-graph plugin in an isolated
 * worker process, three Node processes per Nx command here (the workspace has only Nx's core
 * plugins), ~1.5 CPU-s of each `nx show projects` and `nx run-many`; in-process the same graph
 * (the same projects and targets) costs ~1 CPU-s. A user's NX_ISOLATE_PLUGINS wins.
 */
export function nxEnv(): NodeJS.ProcessEnv {
  return { NX_ISOLATE_PLUGINS: 'false', ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
}

export function nxBin(workspace: string): string {
  try {
    return require.resolve('nx/bin/nx.js', { paths: [workspace] });
  } catch {
    throw new PerfCliError('RPERF_NX_FAILED', `nx is not installed in ${workspace}; run npm ci first`);
  }
}

function showProjectsArgs(workspace: string, options: { affected?: boolean; base?: string }): string[] {
  const args = [nxBin(workspace), 'show', 'projects', '--with-target', BENCH_TARGET, '--json'];
  if (options.affected) {
    args.splice(3, 0, '--affected');
    if (options.base) args.push('--base', options.base);
  }
  return args;
}

function parseShowProjects(status: number | null, stdout: string, stderr: string): string[] {
  if (status !== 0) {
    const why = (stderr || stdout || '').trim().split('\n').slice(-3).join(' | ');
    throw new PerfCliError('RPERF_NX_FAILED', `nx show projects failed (exit ${status}): ${why}`);
  }
  try {
    return (JSON.parse(stdout) as string[]).sort();
  } catch {
    throw new PerfCliError('RPERF_NX_FAILED', `nx show projects printed no JSON: ${stdout.slice(0, 200)}`);
  }
}

/** Projects that have a bench target; with `affected`, only those Nx computes as affected against `base`. */
export function benchProjects(workspace: string, options: { affected?: boolean; base?: string } = {}): string[] {
  const r = spawnSync(process.execPath, showProjectsArgs(workspace, options), { cwd: workspace, env: nxEnv(), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return parseShowProjects(r.status, r.stdout, r.stderr);
}

/** `benchProjects` without blocking: the run builds while Nx computes its project graph. */
export function benchProjectsAsync(workspace: string, options: { affected?: boolean; base?: string } = {}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, showProjectsArgs(workspace, options), { cwd: workspace, env: nxEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', (e) => reject(new PerfCliError('RPERF_NX_FAILED', `cannot start nx: ${e.message}`)));
    child.on('close', (code) => {
      try {
        resolve(parseShowProjects(code, out, err));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Options of `runBenchTargets`. */
export interface RunBenchOptions {
  projects: readonly string[];
  /** Arguments passed on to every package's bench command (in BENCH_ARGV_ENV). */
  benchArgs: readonly string[];
  /** Measure again even where Nx has a cached result. */
  fresh?: boolean;
  /**
   * The packages and their dependencies are built already (commands/build-packages.ts): run
   * the bench targets alone, not their `build` dependencies.
   */
  built?: boolean;
  /** Where Nx's output goes (default: inherit). */
  stdio?: 'inherit' | 'pipe';
}

/**
 * Run the bench target of the projects through Nx (one at a time: the target has
 * parallelism false). Resolves to Nx's exit code; non-zero when any bench failed.
 */
export function runBenchTargets(workspace: string, options: RunBenchOptions): Promise<number> {
  const args = [
    nxBin(workspace), 'run-many', '-t', BENCH_TARGET, `--projects=${options.projects.join(',')}`,
    '--outputStyle=stream', '--nxBail=false',
  ];
  if (options.fresh) args.push('--skipNxCache');
  if (options.built) args.push('--excludeTaskDependencies');
  // NOTE: the arguments travel in BENCH_ARGV_ENV, not after `--`: Nx hands those to the npm
  // script through a shell, unquoted, where a --filter with `(`, `|` or a quote broke every
  // package. nx.json lists the variable among the bench inputs, so the cache keys on it.
  const env = { ...nxEnv(), [BENCH_ARGV_ENV]: JSON.stringify(options.benchArgs) };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: workspace, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (err) => reject(new PerfCliError('RPERF_NX_FAILED', `cannot start nx: ${err.message}`)));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

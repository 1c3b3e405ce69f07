/**
 * The per-package bench command every package's `bench` script and bin call:
 *
 *   rhenium-perf-<package> [--smoke | --full] [--tag T] [--device cpu|cuda|auto]
 *                          [--filter REGEX] [--out FILE] [--list] [-v] [--help]
 *
 * Exit 0 when every case passed or was skipped, 1 when a case failed, 2 for a usage or
 * configuration error. The library functions return exit codes and never call process.exit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION, assertValid, type DeviceRequest, type ResultsFile } from '@rhenium-perf/schema';
import { DEFAULT_RESULTS_DIR } from './defaults';
import { resolveDevice } from './device';
import { findBenchFiles, loadBenchCases } from './discover';
import { captureEnvironment, captureSourceInfo, readPackageRef } from './env';
import { listOption, parseCommandLine, stringOption, type CommandLineOptions } from './args';
import { HarnessError } from './errors';
import { formatMs } from './format';
import { findWorkspaceRoot, removeTempsOnSignals, writeJsonAtomic } from './fs';
import { runCases, selectCases } from './runner';
import type { RunMode } from './types';

export const BENCH_HELP = `Usage: <bench-command> [options]

Runs this package's benchmark cases, each in its own process, and writes a results file.

Options:
  --smoke               Run the smoke subset (cases tagged smoke; the default)
  --full                Run the full suite (cases tagged smoke, full or gpu)
  --tag TAG             Only cases carrying TAG (repeatable; alone it selects from all cases)
  --device DEVICE       cpu, cuda or auto (default cpu); gpu cases are skipped without CUDA
  --filter REGEX        Only cases whose id matches REGEX
  --out FILE            Results file (default <workspace>/artifacts/perf/packages/<project>.json)
  --warmup N            Untimed warm-up calls per process (default 3; smoke 2)
  --runs N              Timed samples per process (default 3; smoke 5)
  --processes N         Independent processes of every case (default 3, or the case's own; smoke 1)
  --timeout MS          Timeout of every case in ms (default 120000 or the case's own)
  --list                List the selected cases and exit
  -v, --verbose         Show the cases' own output
  -h, --help            Show this help

Exit codes: 0 all passed or skipped, 1 a case failed, 2 usage or configuration error.`;

/** Parsed options of the bench command. */
export interface ParsedBenchArgs {
  mode: RunMode;
  tags: string[];
  device: DeviceRequest;
  filter: string | null;
  out: string | null;
  warmupRunsPerProcess?: number;
  measuredRunsPerProcess?: number;
  processes?: number;
  timeoutMs?: number;
  list: boolean;
  verbose: boolean;
  help: boolean;
  /** Values of the package's own options (declared in `BenchCliOptions.options`). */
  extra: Record<string, string>;
}

/** A package-specific option of the bench command (always takes a value). */
export interface ExtraOption {
  /** `--model` */
  flag: string;
  /** `FILE` */
  valueName: string;
  description: string;
}

/** Environment variable through which package options reach bench modules (and their child processes). */
export const BENCH_OPTIONS_ENV = 'RHENIUM_PERF_BENCH_OPTIONS';

/**
 * The value of a package-specific bench option (`--model` -> benchOption('model')), or
 * undefined. Bench modules call it at import time to add cases (the child processes see the
 * same values).
 */
export function benchOption(name: string): string | undefined {
  const raw = process.env[BENCH_OPTIONS_ENV];
  if (!raw) return undefined;
  try {
    const v = (JSON.parse(raw) as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function usage(message: string): HarnessError {
  return new HarnessError('RPERF_USAGE', message);
}

function positiveInt(flag: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw usage(`${flag} needs an integer >= ${min}, received "${v}"`);
  return n;
}

/**
 * The bench command's option table (parseCommandLine's), with a package's own options: for a
 * package that reads its command line before the harness does (`rewriteArgv`).
 */
export function benchCommandOptions(extraOptions: readonly ExtraOption[] = []): CommandLineOptions {
  const options: CommandLineOptions = {
    smoke: { type: 'boolean' }, full: { type: 'boolean' }, tag: { type: 'string', multiple: true }, device: { type: 'string' },
    filter: { type: 'string' }, out: { type: 'string' }, warmup: { type: 'string' }, runs: { type: 'string' },
    processes: { type: 'string' }, timeout: { type: 'string' }, list: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' }, help: { type: 'boolean', short: 'h' },
  };
  for (const o of extraOptions) options[o.flag.replace(/^--/, '')] = { type: 'string' };
  return options;
}

/** Parse the bench command's arguments; throws HarnessError(RPERF_USAGE) on a bad one. */
export function parseBenchArgs(argv: readonly string[], extraOptions: readonly ExtraOption[] = []): ParsedBenchArgs {
  const extraNames = extraOptions.map((o) => o.flag.replace(/^--/, ''));
  const { values } = parseCommandLine(argv, benchCommandOptions(extraOptions), (m) => usage(`${m}; see --help`));
  const text = (name: string): string | null => stringOption(values, name);
  if (values.smoke && values.full) throw usage('--smoke and --full cannot be used together; choose one');
  const device = text('device') ?? 'cpu';
  if (device !== 'cpu' && device !== 'cuda' && device !== 'auto') throw usage(`--device must be cpu, cuda or auto, received "${device}"`);
  const filter = text('filter');
  if (filter !== null) {
    try {
      new RegExp(filter);
    } catch {
      throw usage(`--filter "${filter}" is not a valid regular expression`);
    }
  }
  const count = (name: string, min: number): number | undefined => {
    const v = text(name);
    return v === null ? undefined : positiveInt(`--${name}`, v, min);
  };
  const tags = listOption(values, 'tag');
  const extra: Record<string, string> = {};
  for (const name of extraNames) {
    const v = text(name);
    if (v !== null) extra[name] = v;
  }
  const out: ParsedBenchArgs = {
    mode: values.full ? 'full' : values.smoke ? 'smoke' : tags.length > 0 ? 'custom' : 'smoke',
    tags, device, filter, out: text('out'), list: values.list === true, verbose: values.verbose === true, help: values.help === true, extra,
  };
  const warmup = count('warmup', 0);
  const runs = count('runs', 1);
  const processes = count('processes', 1);
  const timeout = count('timeout', 1);
  if (warmup !== undefined) out.warmupRunsPerProcess = warmup;
  if (runs !== undefined) out.measuredRunsPerProcess = runs;
  if (processes !== undefined) out.processes = processes;
  if (timeout !== undefined) out.timeoutMs = timeout;
  return out;
}

/** Options of `runBenchCli`. */
export interface BenchCliOptions {
  /** The package folder (a URL from `new URL('..', import.meta.url)` or a path). */
  packageRoot: URL | string;
  argv?: readonly string[];
  /** Options of this package's own (`--model FILE`), passed to bench modules via `benchOption`. */
  options?: readonly ExtraOption[];
  /**
   * Rewrites the command line before it is parsed (a path made absolute, a tag implied by an
   * option of the package's own); it gets the whole command line, the arguments handed over
   * in BENCH_ARGV_ENV included.
   */
  rewriteArgv?: (argv: readonly string[]) => string[];
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/**
 * Environment variable through which `rhenium-perf` hands its arguments to a package's bench
 * command: a JSON array of strings, put before the command line's own arguments.
 *
 * NOTE: Nx forwards the arguments after `--` to the package's npm script through a shell,
 * unquoted, so a `--filter` holding `(`, `|`, `$` or a quote broke every package (or ran
 * what the shell made of it). An environment variable reaches the process byte for byte;
 * nx.json lists it among the bench target's inputs, so the cache keys on it.
 */
export const BENCH_ARGV_ENV = 'RHENIUM_PERF_BENCH_ARGV';

/** The arguments handed over in BENCH_ARGV_ENV (empty when unset); throws on a malformed value. */
export function benchArgvFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[BENCH_ARGV_ENV];
  if (raw === undefined || raw === '') return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw usage(`${BENCH_ARGV_ENV} must be a JSON array of strings, received ${JSON.stringify(raw.slice(0, 80))}`);
  return v as string[];
}

/** True when the harness itself runs from TypeScript sources (development). */
function runningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}

function childLaunch(): { childEntry: string; execArgv: string[] } {
  if (runningFromSource()) {
    return {
      childEntry: fileURLToPath(new URL('./child.ts', import.meta.url)),
      execArgv: ['--import', 'tsx', '--conditions=@rhenium-perf/source'],
    };
  }
  return { childEntry: fileURLToPath(new URL('./child.js', import.meta.url)), execArgv: [] };
}

/** Run the bench command; returns the exit code. */
export async function runBenchCli(options: BenchCliOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const root = typeof options.packageRoot === 'string' ? options.packageRoot : fileURLToPath(options.packageRoot);
  let pkg: { name: string; version: string; nx?: { name?: string }; bin?: string | Record<string, string> };
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  } catch {
    stderr.write(`rhenium-perf: error: no package.json in ${root}\n`);
    return 2;
  }
  const project = pkg.nx?.name ?? path.basename(root);
  // The command's name as the user typed it: the bin named after the package (what
  // `npx @rhenium-perf/<package>` runs), else the project name.
  const unscoped = pkg.name.replace(/^@[^/]+\//, '');
  const prog = typeof pkg.bin === 'object' && pkg.bin !== null && unscoped in pkg.bin ? unscoped : project;
  const previousOptions = process.env[BENCH_OPTIONS_ENV];
  // The real command line (no argv given): temp files are removed on Ctrl-C / SIGTERM.
  if (options.argv === undefined) removeTempsOnSignals();
  try {
    const extraOptions = options.options ?? [];
    const handedOver = options.argv === undefined ? benchArgvFromEnv() : [];
    // Read once; the case processes this command starts must not see it.
    delete process.env[BENCH_ARGV_ENV];
    const commandLine = options.argv ?? [...handedOver, ...process.argv.slice(2)];
    const args = parseBenchArgs(options.rewriteArgv ? options.rewriteArgv(commandLine) : commandLine, extraOptions);
    if (args.help) {
      const own = extraOptions.map((o) => `  ${`${o.flag} ${o.valueName}`.padEnd(22)}${o.description}`).join('\n');
      stdout.write(BENCH_HELP.replace('<bench-command>', prog).replace('  --list', `${own ? own + '\n' : ''}  --list`) + '\n');
      return 0;
    }
    if (Object.keys(args.extra).length > 0) process.env[BENCH_OPTIONS_ENV] = JSON.stringify(args.extra);
    const device = resolveDevice(args.device);
    const fromSource = runningFromSource() && fs.existsSync(path.join(root, 'bench'));
    const located = await loadBenchCases(findBenchFiles(root, fromSource));
    const selected = selectCases(located, { mode: args.mode, tags: args.tags, filter: args.filter ? new RegExp(args.filter) : null });
    if (args.list) {
      for (const { benchCase: c } of selected) stdout.write(`${c.id}\t[${c.tags.join(',')}]\t${c.task}\n`);
      return 0;
    }
    if (selected.length === 0) {
      stderr.write(`${prog}: warning: no case matches (mode ${args.mode}${args.tags.length ? `, tags ${args.tags.join(',')}` : ''}${args.filter ? `, filter ${args.filter}` : ''}); writing an empty results file\n`);
    }
    const workspace = findWorkspaceRoot(root);
    const outFile = path.resolve(args.out ?? path.join(workspace ?? process.cwd(), DEFAULT_RESULTS_DIR, `${project}.json`));
    const packageRef = readPackageRef(root);
    const rootVersion = workspace ? readPackageRef(workspace).version : packageRef.version;
    const started = new Date();
    const t0 = process.hrtime.bigint();
    const live = (stderr as NodeJS.WriteStream).isTTY === true && !process.env.CI;
    stderr.write(`${prog}: ${selected.length} case(s), mode ${args.mode}, device ${device.resolved}${device.reason ? ` (${device.reason})` : ''}\n`);
    const results = await runCases({
      cases: selected,
      mode: args.mode,
      device: device.resolved,
      verbose: args.verbose,
      packageRef,
      project,
      ...childLaunch(),
      ...(args.warmupRunsPerProcess !== undefined ? { warmupRunsPerProcess: args.warmupRunsPerProcess } : {}),
      ...(args.measuredRunsPerProcess !== undefined ? { measuredRunsPerProcess: args.measuredRunsPerProcess } : {}),
      ...(args.processes !== undefined ? { processes: args.processes } : {}),
      ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}),
      onRound: ({ round, rounds, cases }) => {
        if (live) stderr.write('\r\x1b[K');
        stderr.write(`[${project}] process round ${round}/${rounds}: ${cases} case(s)\n`);
      },
      // A live line on a terminal; plain lines (one per finished case) in CI and pipes.
      onStart: ({ index, total, id }) => {
        if (live) stderr.write(`\r\x1b[K[${project} ${index}/${total}] ${id}  running…`);
      },
      onProgress: ({ index, total, result: r }) => {
        if (live) stderr.write('\r\x1b[K');
        const detail =
          r.state === 'passed'
            ? `p50 ${formatMs(r.latency_ms.p50)}  p95 ${formatMs(r.latency_ms.p95)}`
            : r.state === 'failed'
              ? `error: ${r.error}`
              : `skipped: ${r.skipped_reason}`;
        stderr.write(`[${project} ${index}/${total}] ${r.id}  ${r.state}  ${detail}  (${r.duration_sec.toFixed(1)} s)\n`);
      },
    });
    const doc: ResultsFile = {
      schema_version: SCHEMA_VERSION,
      kind: 'results',
      timestamp: started.toISOString(),
      project,
      package: packageRef,
      mode: args.mode,
      device,
      filter: args.filter,
      environment: captureEnvironment(),
      source: captureSourceInfo(rootVersion, {
        mode: args.mode, device: device.resolved, tags: args.tags, filter: args.filter,
        warmup: args.warmupRunsPerProcess ?? null, runs: args.measuredRunsPerProcess ?? null, processes: args.processes ?? null,
      }, root),
      benchmarks: results,
      duration_sec: Number(process.hrtime.bigint() - t0) / 1e9,
    };
    assertValid<ResultsFile>('results', doc, outFile);
    try {
      writeJsonAtomic(outFile, doc);
    } catch (err) {
      throw new HarnessError('RPERF_WRITE_FAILED', `cannot write ${outFile}: ${err instanceof Error ? err.message : String(err)}; choose a writable --out`);
    }
    const failed = results.filter((r) => r.state === 'failed').length;
    const skipped = results.filter((r) => r.state === 'skipped').length;
    stderr.write(`${prog}: ${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped -> ${path.relative(process.cwd(), outFile) || outFile}\n`);
    return failed > 0 ? 1 : 0;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    stderr.write(`${prog}: error: ${msg}\n`);
    return 2;
  } finally {
    if (previousOptions === undefined) delete process.env[BENCH_OPTIONS_ENV];
    else process.env[BENCH_OPTIONS_ENV] = previousOptions;
  }
}

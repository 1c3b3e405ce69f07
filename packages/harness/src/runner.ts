/**
 * The runner: selects cases and measures each in its own child process, with a timeout.
 *
 * A case that throws, fails verify, hangs past its timeout, or ends its process without
 * reporting is recorded as failed with that reason; the next case runs regardless.
 */
import { fork } from 'node:child_process';
import type { BenchmarkResult, DeviceKind } from '@rhenium-perf/schema';
import { DEFAULT_CASE_TIMEOUT_MS } from './defaults';
import type { LocatedCase } from './discover';
import { detectCuda } from './device';
import { buildResult, combineMeasurements, runCounts, runsOfProcess, type CaseMeasurement } from './measure';
import type { ChildReply, ChildRequest } from './protocol';
import type { BenchCase, RunMode } from './types';

/** How cases are selected. */
export interface SelectOptions {
  mode: RunMode;
  /** A case must carry every one of these tags. */
  tags?: readonly string[];
  /** A regular expression the id must match. */
  filter?: RegExp | null;
}

/**
 * Select cases: smoke = tagged `smoke`; full = tagged `smoke`, `full` or `gpu`; custom = all;
 * then every `--tag` must be present and `--filter` must match the id.
 */
export function selectCases<T extends { benchCase: BenchCase }>(cases: readonly T[], opts: SelectOptions): T[] {
  return cases.filter(({ benchCase: c }) => {
    const tags = c.tags as readonly string[];
    if (opts.mode === 'smoke' && !tags.includes('smoke')) return false;
    if (opts.mode === 'full' && !tags.some((t) => t === 'smoke' || t === 'full' || t === 'gpu')) return false;
    if (opts.tags && !opts.tags.every((t) => tags.includes(t))) return false;
    if (opts.filter && !opts.filter.test(c.id)) return false;
    return true;
  });
}

/** Reported after every case. */
export interface CaseProgress {
  index: number;
  total: number;
  result: BenchmarkResult;
}

/** Options of `runCases`. */
export interface RunCasesOptions {
  cases: readonly LocatedCase[];
  mode: RunMode;
  device: DeviceKind;
  verbose?: boolean;
  packageRef: { name: string; version: string };
  project: string;
  /** The child entry module (harness child.js, or child.ts with a TS loader). */
  childEntry: string;
  /** Node flags of the child (a TS loader and conditions when running from sources). */
  execArgv?: string[];
  /** Override the run counts of every case (warm-up runs are per process, measured runs in all). */
  warmupRuns?: number;
  measurementRuns?: number;
  /** Override the number of processes of every case. */
  processes?: number;
  /** Override every case's timeout. */
  timeoutMs?: number;
  onProgress?: (p: CaseProgress) => void;
  /** Called when a case starts (for a live line on a terminal). */
  onStart?: (p: { index: number; total: number; id: string }) => void;
  /** Where child output goes with verbose (default: stderr). */
  childOutput?: NodeJS.WritableStream;
}

const STDERR_TAIL_BYTES = 2000;

function emptyMeasurement(c: BenchCase, mode: RunMode, patch: Partial<CaseMeasurement>): CaseMeasurement {
  return {
    state: 'failed', error: null, skippedReason: null, warmupRuns: runCounts(c, mode).warmup, measurementRuns: 0,
    batchSize: 1, samplesMs: [], processSamples: [], stageSamples: {}, quality: {}, metadata: {}, stages: null,
    rssMbBefore: null, rssMbAfter: null, rssMbPeak: null, ...patch,
  };
}

/**
 * Measure one case in its processes, one after another: each a fresh child with its own
 * setup and warm-up and its share of the measured runs; later processes reuse the first's
 * batch size. The first failure stops the case.
 */
export async function runCaseProcesses(lc: LocatedCase, opts: RunCasesOptions): Promise<CaseMeasurement> {
  const counts = runCounts(lc.benchCase, opts.mode);
  const measured = opts.measurementRuns ?? counts.measured;
  const processes = Math.max(1, Math.min(opts.processes ?? counts.processes, measured));
  const parts: CaseMeasurement[] = [];
  for (let i = 0; i < processes; i++) {
    const m = await runCaseInChild(lc, {
      ...opts,
      measurementRuns: runsOfProcess(measured, processes, i),
      batchSize: parts[0]?.batchSize,
    });
    parts.push(m);
    if (m.state !== 'passed') break;
  }
  return combineMeasurements(parts);
}

/** Measure one case in a fresh child process. */
export function runCaseInChild(lc: LocatedCase, opts: RunCasesOptions & { batchSize?: number }): Promise<CaseMeasurement> {
  const c = lc.benchCase;
  const timeoutMs = opts.timeoutMs ?? c.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS;
  return new Promise((resolve) => {
    const child = fork(opts.childEntry, [], {
      execArgv: opts.execArgv ?? [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, RHENIUM_PERF_CHILD: '1' },
      serialization: 'advanced',
    });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      if (opts.verbose) (opts.childOutput ?? process.stderr).write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    };
    child.stdout?.on('data', (d: Buffer) => {
      if (opts.verbose) (opts.childOutput ?? process.stderr).write(d);
    });
    child.stderr?.on('data', keep);
    let result: CaseMeasurement | null = null;
    let timedOut = false;
    let settled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const done = (m: CaseMeasurement): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(m);
    };
    child.on('message', (msg: ChildReply) => {
      if (msg && msg.type === 'result') result = msg.measurement;
    });
    child.on('error', (err) => done(emptyMeasurement(c, opts.mode, { error: `could not start the case process: ${err.message}` })));
    child.on('exit', (code, signal) => {
      if (timedOut) {
        return done(emptyMeasurement(c, opts.mode, { error: `timed out after ${timeoutMs} ms (process killed); raise timeoutMs in the case or make it faster` }));
      }
      if (result) return done(result);
      const lastLine = tail.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      const how = signal ? `was killed by signal ${signal}` : `exited with code ${code}`;
      done(emptyMeasurement(c, opts.mode, { error: `the case process ${how} before reporting a result${lastLine ? `: ${lastLine}` : ''}` }));
    });
    const req: ChildRequest = {
      type: 'run', file: lc.file, id: c.id, mode: opts.mode, device: opts.device, verbose: opts.verbose ?? false,
      ...(opts.warmupRuns !== undefined ? { warmupRuns: opts.warmupRuns } : {}),
      ...(opts.measurementRuns !== undefined ? { measurementRuns: opts.measurementRuns } : {}),
      ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
    };
    child.send(req);
  });
}

/** Run the cases one after another, each in its own process, and return their results. */
export async function runCases(opts: RunCasesOptions): Promise<BenchmarkResult[]> {
  const results: BenchmarkResult[] = [];
  const total = opts.cases.length;
  for (let i = 0; i < total; i++) {
    const lc = opts.cases[i]!;
    const c = lc.benchCase;
    const started = new Date();
    const t0 = process.hrtime.bigint();
    opts.onStart?.({ index: i + 1, total, id: c.id });
    let m: CaseMeasurement;
    if ((c.tags as readonly string[]).includes('gpu') && opts.device !== 'cuda') {
      const cuda = detectCuda();
      const why = opts.device === 'cpu' && cuda.available ? 'the run uses --device cpu' : cuda.reason;
      m = emptyMeasurement(c, opts.mode, { state: 'skipped', warmupRuns: 0, skippedReason: `requires CUDA: ${why}` });
    } else {
      m = await runCaseProcesses(lc, opts);
    }
    const result = buildResult(c, m, {
      device: opts.device,
      packageRef: opts.packageRef,
      project: opts.project,
      startedAt: started,
      durationSec: Number(process.hrtime.bigint() - t0) / 1e9,
      timeoutMs: opts.timeoutMs ?? c.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS,
    });
    results.push(result);
    opts.onProgress?.({ index: i + 1, total, result });
  }
  return results;
}

/**
 * Measuring one case inside the current process: setup, warm-up, timed runs, verify.
 *
 * This is what the runner's child process executes for its one case, and what
 * `runCaseInline` executes in tests. Timing uses `process.hrtime.bigint()` (monotonic,
 * nanoseconds). Calls shorter than MIN_SAMPLE_TIME_MS (judged on the warm-up) are batched:
 * one sample times `batch` back-to-back calls and the latency is the per-call mean.
 */
import type { BenchmarkResult, DeviceKind, QualityFigure, StageTiming } from '@rhenium-perf/schema';
import {
  BYTES_PER_MB,
  DEFAULT_CASE_TIMEOUT_MS,
  DEFAULT_MEASUREMENT_RUNS,
  DEFAULT_WARMUP_RUNS,
  MAX_BATCH_SIZE,
  MIN_SAMPLE_TIME_MS,
  DEFAULT_PROCESSES,
  SMOKE_MEASUREMENT_RUNS,
  SMOKE_PROCESSES,
  SMOKE_WARMUP_RUNS,
} from './defaults';
import { latencyStats, sortSamples, percentile, throughput } from './stats';
import type { BenchCase, BenchContext, RunMode } from './types';

/** Options of one measurement. */
export interface MeasureOptions {
  mode: RunMode;
  device?: DeviceKind;
  verbose?: boolean;
  log?: (line: string) => void;
  /** Override the case's and the mode's run counts. */
  warmupRuns?: number;
  measurementRuns?: number;
  /** A fixed batch size (skips the calibration). */
  batchSize?: number;
}

/** What one measurement produced (the child sends this to the runner). */
export interface CaseMeasurement {
  state: 'passed' | 'failed' | 'skipped';
  error: string | null;
  skippedReason: string | null;
  warmupRuns: number;
  measurementRuns: number;
  batchSize: number;
  samplesMs: number[];
  /** Samples contributed by each process, in order (one entry per process). */
  processSamples: number[];
  /** Per-stage times of each measured run (per call), for `stages`. */
  stageSamples: Record<string, number[]>;
  quality: Record<string, QualityFigure>;
  metadata: Record<string, unknown>;
  stages: StageTiming[] | null;
  rssMbBefore: number | null;
  rssMbAfter: number | null;
  rssMbPeak: number | null;
}

/** Environment knob that adds work to chosen cases, for testing regression detection. */
export const SLOWDOWN_ENV = 'RHENIUM_PERF_SLOWDOWN';

/**
 * How many times each timed call of case `id` runs: `RHENIUM_PERF_SLOWDOWN="<id regex>=<k>"`
 * makes every measured call of a matching case do its work k times (k an integer >= 1),
 * a real k-fold slowdown used to prove that `--fail-on-regression` fails. 1 when unset.
 */
export function slowdownFactor(id: string, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[SLOWDOWN_ENV];
  if (!raw) return 1;
  const eq = raw.lastIndexOf('=');
  if (eq <= 0) return 1;
  const k = Number(raw.slice(eq + 1));
  if (!Number.isInteger(k) || k < 1) return 1;
  try {
    return new RegExp(raw.slice(0, eq)).test(id) ? k : 1;
  } catch {
    return 1;
  }
}

/** Run counts for a case in a mode: the case's own, else the mode's defaults. */
export function runCounts<S, O>(c: BenchCase<S, O>, mode: RunMode): { warmup: number; measured: number; processes: number } {
  const smoke = mode === 'smoke';
  const measured = c.measurementRuns ?? (smoke ? SMOKE_MEASUREMENT_RUNS : DEFAULT_MEASUREMENT_RUNS);
  const processes = c.processes ?? (smoke || (c.tags as readonly string[]).includes('stress') ? SMOKE_PROCESSES : DEFAULT_PROCESSES);
  return {
    warmup: c.warmupRuns ?? (smoke ? SMOKE_WARMUP_RUNS : DEFAULT_WARMUP_RUNS),
    measured,
    processes: Math.max(1, Math.min(processes, measured)),
  };
}

/** Measured runs of process `index` (0-based) when `measured` runs are split over `processes`. */
export function runsOfProcess(measured: number, processes: number, index: number): number {
  const base = Math.floor(measured / processes);
  return base + (index < measured % processes ? 1 : 0);
}

const nowNs = (): bigint => process.hrtime.bigint();
const mb = (bytes: number): number => bytes / BYTES_PER_MB;
const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

function errorText(phase: string, err: unknown): string {
  const msg = err instanceof Error ? `${err.name === 'Error' || err.name === 'VerifyError' ? '' : err.name + ': '}${err.message}` : String(err);
  return `${phase}: ${msg}`.replace(/\s+/g, ' ').trim();
}

/** Run setup, warm-up, measured runs and verify for one case, in this process. */
export async function measureCase<S, O>(bc: BenchCase<S, O>, options: MeasureOptions): Promise<CaseMeasurement> {
  const c = bc as unknown as BenchCase;
  const counts = runCounts(c, options.mode);
  const warmupRuns = options.warmupRuns ?? counts.warmup;
  const measurementRuns = options.measurementRuns ?? counts.measured;
  const metadata: Record<string, unknown> = {};
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  let recording: Map<string, number> | null = null;
  const stageOrder: string[] = [];
  const ctx: BenchContext = {
    device: options.device ?? 'cpu',
    mode: options.mode,
    params: c.params,
    verbose: options.verbose ?? false,
    log: (m) => {
      if (options.verbose) log(`  [${c.id}] ${m}`);
    },
    record: (key, value) => {
      metadata[key] = value;
    },
    stage: <T>(name: string, fn: () => T): T => {
      if (!recording) return fn();
      const rec = recording;
      if (!stageOrder.includes(name)) stageOrder.push(name);
      const t0 = nowNs();
      const add = (): void => {
        rec.set(name, (rec.get(name) ?? 0) + Number(nowNs() - t0) / 1e6);
      };
      const out = fn();
      if (isThenable(out)) return (out as PromiseLike<unknown>).then((v) => (add(), v)) as T;
      add();
      return out;
    },
  };
  const base: CaseMeasurement = {
    state: 'passed',
    error: null,
    skippedReason: null,
    warmupRuns,
    measurementRuns: 0,
    batchSize: 1,
    samplesMs: [],
    processSamples: [],
    stageSamples: {},
    quality: {},
    metadata,
    stages: null,
    rssMbBefore: mb(process.memoryUsage.rss()),
    rssMbAfter: null,
    rssMbPeak: null,
  };
  const finish = (m: Partial<CaseMeasurement>): CaseMeasurement => ({
    ...base,
    ...m,
    processSamples: m.processSamples ?? (m.samplesMs && m.samplesMs.length > 0 ? [m.samplesMs.length] : []),
    rssMbAfter: mb(process.memoryUsage.rss()),
    rssMbPeak: (process.resourceUsage().maxRSS * 1024) / BYTES_PER_MB,
  });

  if (c.skipIf) {
    let reason: string | null;
    try {
      reason = await c.skipIf(ctx);
    } catch (err) {
      return finish({ state: 'failed', error: errorText('skipIf failed', err) });
    }
    if (reason) return finish({ state: 'skipped', skippedReason: reason, warmupRuns: 0 });
  }

  let state: unknown;
  try {
    state = await c.setup(ctx);
  } catch (err) {
    return finish({ state: 'failed', error: errorText('setup failed', err) });
  }
  // "Before" is after setup: the inputs are in memory, the measured work has not started.
  base.rssMbBefore = mb(process.memoryUsage.rss());

  const teardown = async (): Promise<string | null> => {
    if (!c.teardown) return null;
    try {
      await c.teardown(state, ctx);
      return null;
    } catch (err) {
      return errorText('teardown failed', err);
    }
  };

  let output: unknown;
  const callOnce = async (): Promise<unknown> => {
    const r = c.run(state, ctx);
    return isThenable(r) ? await r : r;
  };

  // Warm-up, timing each call to choose the batch size.
  const warmMs: number[] = [];
  try {
    for (let w = 0; w < warmupRuns; w++) {
      const t0 = nowNs();
      output = await callOnce();
      warmMs.push(Number(nowNs() - t0) / 1e6);
    }
  } catch (err) {
    const td = await teardown();
    return finish({ state: 'failed', error: errorText('run failed (warm-up)', err) + (td ? `; ${td}` : '') });
  }
  let batchSize = options.batchSize ?? 1;
  if (options.batchSize === undefined && warmMs.length > 0) {
    const typical = percentile(sortSamples(warmMs), 50);
    if (typical < MIN_SAMPLE_TIME_MS) {
      batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, Math.ceil(MIN_SAMPLE_TIME_MS / Math.max(typical, 1e-6))));
    }
  }

  const samplesMs: number[] = [];
  const stageRuns: Map<string, number>[] = [];
  const repeats = batchSize * slowdownFactor(c.id);
  if (repeats !== batchSize) metadata.slowdown_factor = repeats / batchSize;
  try {
    for (let r = 0; r < measurementRuns; r++) {
      recording = new Map();
      const t0 = nowNs();
      for (let b = 0; b < repeats; b++) {
        const res = c.run(state, ctx);
        output = isThenable(res) ? await res : res;
      }
      const elapsed = Number(nowNs() - t0) / 1e6;
      samplesMs.push(elapsed / batchSize);
      const perCall = new Map<string, number>();
      for (const [k, v] of recording) perCall.set(k, v / batchSize);
      stageRuns.push(perCall);
      recording = null;
    }
  } catch (err) {
    recording = null;
    const td = await teardown();
    return finish({ state: 'failed', error: errorText('run failed', err) + (td ? `; ${td}` : ''), batchSize, samplesMs });
  }

  let quality: Record<string, QualityFigure> = {};
  try {
    const q = await c.verify(state, output, ctx);
    if (q) quality = q;
  } catch (err) {
    const td = await teardown();
    return finish({
      state: 'failed',
      error: errorText('verify failed', err) + (td ? `; ${td}` : ''),
      measurementRuns: samplesMs.length,
      batchSize,
      samplesMs,
    });
  }
  const td = await teardown();

  const stageSamples: Record<string, number[]> = {};
  for (const name of stageOrder) stageSamples[name] = stageRuns.map((m) => m.get(name) ?? 0);
  const stages = stagesOf(stageSamples);
  output = undefined;
  return finish({
    state: td ? 'failed' : 'passed',
    error: td,
    measurementRuns: samplesMs.length,
    batchSize,
    samplesMs,
    processSamples: samplesMs.length > 0 ? [samplesMs.length] : [],
    stageSamples,
    quality,
    stages,
  });
}

/** Stage timings (mean and median per stage, in first-seen order) from per-run stage times. */
export function stagesOf(stageSamples: Record<string, number[]>): StageTiming[] | null {
  const names = Object.keys(stageSamples);
  if (names.length === 0) return null;
  return names.map((name) => {
    const xs = stageSamples[name]!;
    const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return { name, mean_ms: mean, p50_ms: xs.length ? percentile(sortSamples(xs), 50) : 0 };
  });
}

/**
 * Combine the measurements of a case's processes (in order): samples concatenated with the
 * count per process, the first failure or skip wins, memory before from the first process,
 * after from the last, peak the maximum.
 */
export function combineMeasurements(parts: readonly CaseMeasurement[]): CaseMeasurement {
  if (parts.length === 1) return parts[0]!;
  const bad = parts.find((p) => p.state !== 'passed');
  const last = parts[parts.length - 1]!;
  const samplesMs = parts.flatMap((p) => p.samplesMs);
  const stageSamples: Record<string, number[]> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.stageSamples)) stageSamples[k] = [...(stageSamples[k] ?? []), ...v];
  const peaks = parts.map((p) => p.rssMbPeak).filter((x): x is number => x !== null);
  return {
    ...last,
    state: bad ? bad.state : 'passed',
    error: bad ? bad.error : null,
    skippedReason: bad ? bad.skippedReason : null,
    warmupRuns: parts.reduce((a, p) => a + p.warmupRuns, 0),
    measurementRuns: samplesMs.length,
    batchSize: parts[0]!.batchSize,
    samplesMs,
    processSamples: parts.flatMap((p) => p.processSamples),
    stageSamples,
    metadata: Object.assign({}, ...parts.map((p) => p.metadata)),
    stages: stagesOf(stageSamples),
    rssMbBefore: parts[0]!.rssMbBefore,
    rssMbAfter: last.rssMbAfter,
    rssMbPeak: peaks.length ? Math.max(...peaks) : null,
  };
}

/** What `buildResult` needs besides the case and its measurement. */
export interface ResultContext {
  device: DeviceKind;
  packageRef: { name: string; version: string };
  project: string;
  startedAt: Date;
  durationSec: number;
  timeoutMs: number;
}

/** Assemble the schema's BenchmarkResult from a case and its measurement. */
export function buildResult<S, O>(c: BenchCase<S, O>, m: CaseMeasurement, rc: ResultContext): BenchmarkResult {
  const voxels = c.voxels ?? c.inputShape.reduce((a, b) => a * b, 1);
  const itemsPerRun = c.itemsPerRun ?? 1;
  const passed = m.state === 'passed';
  return {
    id: c.id,
    category: c.category,
    modality: c.modality ?? null,
    task: c.task,
    input_shape: [...c.inputShape],
    dtype: c.dtype,
    device: rc.device,
    state: m.state,
    warmup_runs: m.warmupRuns,
    measurement_runs: m.measurementRuns,
    batch_size: m.batchSize,
    voxels,
    items_per_run: itemsPerRun,
    latency_ms: latencyStats(m.samplesMs),
    samples_ms: m.samplesMs,
    process_samples: m.processSamples,
    throughput: passed ? throughput(m.samplesMs, itemsPerRun, voxels) : { items_per_sec: null, voxels_per_sec: null },
    memory: {
      rss_mb_before: m.rssMbBefore,
      rss_mb_after: m.rssMbAfter,
      rss_mb_peak: m.rssMbPeak,
      vram_mb_before: numOrNull(m.metadata.vram_mb_before),
      vram_mb_after: numOrNull(m.metadata.vram_mb_after),
      vram_mb_peak: numOrNull(m.metadata.vram_mb_peak),
    },
    quality: m.quality,
    success: passed,
    error: m.state === 'failed' ? (m.error ?? 'failed') : null,
    skipped_reason: m.state === 'skipped' ? (m.skippedReason ?? 'skipped') : null,
    tags: [...c.tags],
    params: { ...c.params },
    metadata: m.metadata,
    stages: m.stages,
    package: rc.packageRef,
    project: rc.project,
    started_at: rc.startedAt.toISOString(),
    duration_sec: rc.durationSec,
    timeout_ms: rc.timeoutMs,
  };
}

function numOrNull(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/**
 * Run one case in this process (no isolation) and return its result. For tests and quick
 * checks; benchmarks are measured by the runner, one child process per case.
 */
export async function runCaseInline<S, O>(
  c: BenchCase<S, O>,
  options: Partial<MeasureOptions> & { project?: string } = {},
): Promise<BenchmarkResult> {
  const started = new Date();
  const t0 = nowNs();
  const m = await measureCase(c, { mode: 'smoke', ...options });
  return buildResult(c, m, {
    device: options.device ?? 'cpu',
    packageRef: { name: 'inline', version: '0.0.0' },
    project: options.project ?? 'inline',
    startedAt: started,
    durationSec: Number(nowNs() - t0) / 1e9,
    timeoutMs: c.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS,
  });
}

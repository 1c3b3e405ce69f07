/**
 * Measuring one case inside the current process: setup, warm-up, batch calibration, timed
 * samples, memory, verify, teardown.
 *
 * This is what the runner's child process executes for its one case, and what
 * `runCaseInline` executes in tests. Timing uses `process.hrtime.bigint()` (monotonic,
 * nanoseconds). Each process calibrates its own batch after warm-up (calibrate.ts); one
 * sample times `batch` back-to-back calls and the latency is the per-call mean. Peak and
 * "after" RSS are read right after the last timed sample, before verify.
 */
import type { DeviceKind, QualityFigure, TargetFigure } from '@rhenium-perf/schema';
import { calibrateBatch } from './calibrate';
import { BYTES_PER_MB, CALIBRATION_TARGET_MS, DEFAULT_CASE_TIMEOUT_MS, MAX_BATCH_SIZE, MIN_SAMPLE_TIME_MS } from './defaults';

/** Restarts of a process's timed samples with a larger batch (see the measured phase). */
const MAX_RECALIBRATIONS = 5;
import { buildResult } from './result';
import { runCounts } from './run-counts';
import { extraWork, prepareSlowdown, slowdownFactor } from './slowdown';
import { stagesOf } from './stages';
import { median } from './stats';
import type { BenchCase, BenchContext, BenchPhase, BenchTiming, RunMode } from './types';
import type { BenchmarkResult } from '@rhenium-perf/schema';

/** Options of one measurement (one process). */
export interface MeasureOptions {
  mode: RunMode;
  device?: DeviceKind;
  verbose?: boolean;
  log?: (line: string) => void;
  /** Override the case's and the mode's per-process counts. */
  warmupRunsPerProcess?: number;
  measuredRunsPerProcess?: number;
  /** A fixed batch size (skips the calibration; for tests). */
  batchSize?: number;
}

/** What one measurement produced (the child sends this to the runner). */
export interface CaseMeasurement {
  state: 'passed' | 'failed' | 'skipped';
  error: string | null;
  skippedReason: string | null;
  warmupRunsPerProcess: number;
  /** Timed samples in all. */
  measurementRuns: number;
  /** The batch of each process that measured (one entry per process). */
  batchSizes: number[];
  samplesMs: number[];
  /** Samples contributed by each process, in order (one entry per process). */
  processSamples: number[];
  /** Per-stage times of each measured sample (per call), for `stages`. */
  stageSamples: Record<string, number[]>;
  /** Checks, quality figures and targets, as verify returned them. */
  quality: Record<string, QualityFigure | TargetFigure>;
  metadata: Record<string, unknown>;
  stages: ReturnType<typeof stagesOf>;
  rssMbBefore: number | null;
  rssMbAfter: number | null;
  rssMbPeak: number | null;
}

const nowNs = (): bigint => process.hrtime.bigint();
const mb = (bytes: number): number => bytes / BYTES_PER_MB;
const peakRssMb = (): number => (process.resourceUsage().maxRSS * 1024) / BYTES_PER_MB;
const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

function errorText(phase: string, err: unknown): string {
  const msg = err instanceof Error ? `${err.name === 'Error' || err.name === 'VerifyError' ? '' : err.name + ': '}${err.message}` : String(err);
  return `${phase}: ${msg}`.replace(/\s+/g, ' ').trim();
}

/** A measurement with nothing measured (a failure before the timed region, a skip). */
export function emptyMeasurement(patch: Partial<CaseMeasurement> = {}): CaseMeasurement {
  return {
    state: 'failed', error: null, skippedReason: null, warmupRunsPerProcess: 0, measurementRuns: 0, batchSizes: [],
    samplesMs: [], processSamples: [], stageSamples: {}, quality: {}, metadata: {}, stages: null,
    rssMbBefore: null, rssMbAfter: null, rssMbPeak: null, ...patch,
  };
}

/** Run setup, warm-up, calibration, timed samples and verify for one case, in this process. */
export async function measureCase<S, O>(bc: BenchCase<S, O>, options: MeasureOptions): Promise<CaseMeasurement> {
  const c: BenchCase = bc;
  const counts = runCounts(c, options.mode);
  const warmupRuns = options.warmupRunsPerProcess ?? counts.warmupRunsPerProcess;
  const measuredRuns = options.measuredRunsPerProcess ?? counts.measuredRunsPerProcess;
  const metadata: Record<string, unknown> = {};
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  let phase: BenchPhase = 'setup';
  let recording: Map<string, number> | null = null;
  const stageOrder: string[] = [];
  const ctx: BenchContext = {
    device: options.device ?? 'cpu',
    mode: options.mode,
    params: c.params,
    get phase() {
      return phase;
    },
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
  const base = emptyMeasurement({ state: 'passed', warmupRunsPerProcess: warmupRuns, metadata, rssMbBefore: mb(process.memoryUsage.rss()) });
  // Memory is read where the timed work ends (before verify); failures before that read it here.
  const finish = (m: Partial<CaseMeasurement>): CaseMeasurement => ({
    ...base,
    ...m,
    processSamples: m.samplesMs && m.samplesMs.length > 0 ? [m.samplesMs.length] : [],
    rssMbAfter: m.rssMbAfter ?? mb(process.memoryUsage.rss()),
    rssMbPeak: m.rssMbPeak ?? peakRssMb(),
  });

  let factor: number;
  try {
    factor = slowdownFactor(c.id);
  } catch (err) {
    return finish({ state: 'failed', error: errorText('bad slowdown knob', err) });
  }
  if (c.skipIf) {
    let reason: string | null;
    try {
      reason = await c.skipIf(ctx);
    } catch (err) {
      return finish({ state: 'failed', error: errorText('skipIf failed', err) });
    }
    if (reason) return finish({ state: 'skipped', skippedReason: reason, warmupRunsPerProcess: 0 });
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
    phase = 'teardown';
    try {
      await c.teardown(state, ctx);
      return null;
    } catch (err) {
      return errorText('teardown failed', err);
    }
  };
  const failWith = async (what: string, err: unknown, extra: Partial<CaseMeasurement> = {}): Promise<CaseMeasurement> => {
    recording = null;
    const td = await teardown();
    return finish({ state: 'failed', error: errorText(what, err) + (td ? `; ${td}` : ''), ...extra });
  };

  let output: unknown;
  /** `batch` back-to-back calls; returns elapsed ms. */
  const timeCalls = async (batch: number): Promise<number> => {
    const t0 = nowNs();
    for (let b = 0; b < batch; b++) {
      const res = c.run(state, ctx);
      output = isThenable(res) ? await res : res;
    }
    return Number(nowNs() - t0) / 1e6;
  };

  phase = 'warmup';
  let lastWarmMs = 0;
  try {
    for (let w = 0; w < warmupRuns; w++) lastWarmMs = await timeCalls(1);
  } catch (err) {
    return failWith('run failed (warm-up)', err);
  }

  phase = 'calibrate';
  let batchSize: number;
  try {
    // A warm call of twice the calibration target needs no batch and no calibration call.
    batchSize = options.batchSize ?? (lastWarmMs >= 2 * CALIBRATION_TARGET_MS ? 1 : (await calibrateBatch(timeCalls)).batch);
  } catch (err) {
    return failWith('run failed (batch calibration)', err);
  }
  if (factor !== 1) {
    prepareSlowdown();
    metadata.slowdown_factor = factor;
  }

  phase = 'measured';
  const samplesMs: number[] = [];
  const stageRuns: Map<string, number>[] = [];
  try {
    // NOTE: a sample that comes out shorter than MIN_SAMPLE_TIME_MS (the JIT optimised the
    // loop further after calibration) voids the samples of this process: the batch is grown
    // and the timed samples start again, at most MAX_RECALIBRATIONS times, so every published
    // sample lasts at least the minimum and one process keeps one batch.
    let restarts = 0;
    for (let r = 0; r < measuredRuns; r++) {
      recording = new Map();
      const t0 = nowNs();
      await timeCalls(batchSize);
      if (factor !== 1) extraWork((factor - 1) * (Number(nowNs() - t0) / 1e6));
      const elapsed = Number(nowNs() - t0) / 1e6;
      const rec: Map<string, number> = recording;
      recording = null;
      if (elapsed < MIN_SAMPLE_TIME_MS && batchSize < MAX_BATCH_SIZE && restarts < MAX_RECALIBRATIONS && options.batchSize === undefined) {
        restarts++;
        batchSize = Math.min(MAX_BATCH_SIZE, Math.max(batchSize * 2, Math.ceil((batchSize * CALIBRATION_TARGET_MS) / Math.max(elapsed, 1e-6))));
        samplesMs.length = 0;
        stageRuns.length = 0;
        r = -1;
        continue;
      }
      samplesMs.push(elapsed / batchSize);
      const perCall = new Map<string, number>();
      for (const [k, v] of rec) perCall.set(k, v / batchSize);
      stageRuns.push(perCall);
    }
    if (restarts > 0) metadata.batch_recalibrations = restarts;
  } catch (err) {
    return failWith('run failed', err, { batchSizes: [batchSize], samplesMs, measurementRuns: samplesMs.length });
  }
  // Memory of the measured work, before verify allocates its references.
  const rssMbAfter = mb(process.memoryUsage.rss());
  const rssMbPeak = peakRssMb();

  const stageSamples: Record<string, number[]> = {};
  for (const name of stageOrder) stageSamples[name] = stageRuns.map((m) => m.get(name) ?? 0);
  const timing: BenchTiming = Object.freeze({
    samplesMs: Object.freeze([...samplesMs]),
    batchSize,
    stageSamplesMs: Object.freeze({ ...stageSamples }),
    medianMs: samplesMs.length ? median(samplesMs) : NaN,
  });
  const measured = { batchSizes: [batchSize], samplesMs, measurementRuns: samplesMs.length, rssMbAfter, rssMbPeak };

  phase = 'verify';
  let quality: Record<string, QualityFigure | TargetFigure> = {};
  try {
    const q = await c.verify(state, output, ctx, timing);
    if (q) quality = q;
  } catch (err) {
    return failWith('verify failed', err, measured);
  }
  const td = await teardown();
  output = undefined;
  return finish({
    ...measured,
    state: td ? 'failed' : 'passed',
    error: td,
    stageSamples,
    quality,
    stages: stagesOf(stageSamples),
  });
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

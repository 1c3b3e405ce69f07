/**
 * Measuring one case inside the current process, phase by phase: setup, warm-up, batch
 * calibration (calibrate.ts), the timed samples (timed-loop.ts), memory (memory.ts), verify,
 * teardown.
 *
 * This is what the runner's child process executes for its one case, and what
 * `runCaseInline` executes in tests. Each process calibrates its own batch after warm-up;
 * one sample times `batch` back-to-back calls and the latency is the per-call mean. Peak and
 * "after" RSS are read right after the last timed sample, before verify.
 */
import type { QualityFigure, TargetFigure } from '@rhenium-perf/schema';
import { calibrateBatch } from './calibrate';
import { createCaseContext } from './context';
import { CALIBRATION_TARGET_MS } from './defaults';
import { emptyMeasurement, type CaseMeasurement, type MeasureOptions } from './measurement';
import { peakRssMb, rssMb } from './memory';
import { runCounts } from './run-counts';
import { prepareSlowdown, slowdownFactor } from './slowdown';
import { stagesOf } from './stages';
import { median } from './stats';
import { callTimer, timeSamples, type TimedSamples } from './timed-loop';
import type { BenchCase, BenchTiming } from './types';

function errorText(phase: string, err: unknown): string {
  const msg = err instanceof Error ? `${err.name === 'Error' || err.name === 'VerifyError' ? '' : err.name + ': '}${err.message}` : String(err);
  return `${phase}: ${msg}`.replace(/\s+/g, ' ').trim();
}

/** Run setup, warm-up, calibration, timed samples and verify for one case, in this process. */
export async function measureCase<S, O>(bc: BenchCase<S, O>, options: MeasureOptions): Promise<CaseMeasurement> {
  const c: BenchCase = bc;
  const counts = runCounts(c, options.mode);
  const warmupRuns = options.warmupRunsPerProcess ?? counts.warmupRunsPerProcess;
  const measuredRuns = options.measuredRunsPerProcess ?? counts.measuredRunsPerProcess;
  const cc = createCaseContext(c, options);
  const { ctx, metadata } = cc;
  // Wall time per phase (what the suite spends beside the timed samples).
  const phaseMs: Record<string, number> = {};
  let phaseName = 'setup';
  let phaseStart = performance.now();
  const enter = (next: string): void => {
    const now = performance.now();
    phaseMs[phaseName] = (phaseMs[phaseName] ?? 0) + (now - phaseStart);
    phaseName = next;
    phaseStart = now;
  };
  const base = emptyMeasurement({ state: 'passed', warmupRunsPerProcess: warmupRuns, metadata, rssMbBefore: rssMb() });
  // Memory is read where the timed work ends (before verify); failures before that read it here.
  const finish = (m: Partial<CaseMeasurement>): CaseMeasurement => {
    enter('done');
    return {
      ...base,
      ...m,
      phaseMs,
      processSamples: m.samplesMs && m.samplesMs.length > 0 ? [m.samplesMs.length] : [],
      rssMbAfter: m.rssMbAfter ?? rssMb(),
      rssMbPeak: m.rssMbPeak ?? peakRssMb(),
    };
  };

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
  base.rssMbBefore = rssMb();

  const teardown = async (): Promise<string | null> => {
    if (!c.teardown) return null;
    cc.setPhase('teardown');
    enter('teardown');
    try {
      await c.teardown(state, ctx);
      return null;
    } catch (err) {
      return errorText('teardown failed', err);
    }
  };
  const failWith = async (what: string, err: unknown, extra: Partial<CaseMeasurement> = {}): Promise<CaseMeasurement> => {
    cc.stopStages();
    const td = await teardown();
    return finish({ state: 'failed', error: errorText(what, err) + (td ? `; ${td}` : ''), ...extra });
  };

  const calls = callTimer(() => c.run(state, ctx));

  if (options.gate) {
    enter('wait');
    await options.gate.enter();
  }
  cc.setPhase('warmup');
  enter('warmup');
  let lastWarmMs = 0;
  try {
    for (let w = 0; w < warmupRuns; w++) lastWarmMs = await calls.timeCalls(1);
  } catch (err) {
    return failWith('run failed (warm-up)', err);
  }

  cc.setPhase('calibrate');
  enter('calibrate');
  let batchSize: number;
  try {
    // A warm call of twice the calibration target needs no batch and no calibration call.
    batchSize = options.batchSize ?? (lastWarmMs >= 2 * CALIBRATION_TARGET_MS ? 1 : (await calibrateBatch(calls.timeCalls)).batch);
  } catch (err) {
    return failWith('run failed (batch calibration)', err);
  }
  if (factor !== 1) {
    prepareSlowdown();
    metadata.slowdown_factor = factor;
  }

  cc.setPhase('measured');
  enter('measured');
  const timed: TimedSamples = { batchSize, samplesMs: [], stageRuns: [], restarts: 0 };
  try {
    await timeSamples(timed, calls.timeCalls, cc, { measuredRuns, fixedBatch: options.batchSize !== undefined, factor });
    if (timed.restarts > 0) metadata.batch_recalibrations = timed.restarts;
  } catch (err) {
    return failWith('run failed', err, { batchSizes: [timed.batchSize], samplesMs: timed.samplesMs, measurementRuns: timed.samplesMs.length });
  }
  // Memory of the measured work, before verify allocates its references.
  const rssMbAfter = rssMb();
  const rssMbPeak = peakRssMb();
  options.gate?.leave();

  const { samplesMs, stageRuns } = timed;
  const stageSamples: Record<string, number[]> = {};
  for (const name of cc.stageOrder) stageSamples[name] = stageRuns.map((m) => m.get(name) ?? 0);
  const timing: BenchTiming = Object.freeze({
    samplesMs: Object.freeze([...samplesMs]),
    batchSize: timed.batchSize,
    stageSamplesMs: Object.freeze({ ...stageSamples }),
    medianMs: samplesMs.length ? median(samplesMs) : NaN,
  });
  const measured = { batchSizes: [timed.batchSize], samplesMs, measurementRuns: samplesMs.length, rssMbAfter, rssMbPeak };

  cc.setPhase('verify');
  enter('verify');
  let quality: Record<string, QualityFigure | TargetFigure> = {};
  try {
    const q = await c.verify(state, calls.lastOutput(), ctx, timing);
    if (q) quality = q;
  } catch (err) {
    return failWith('verify failed', err, measured);
  }
  const td = await teardown();
  calls.clear();
  return finish({
    ...measured,
    state: td ? 'failed' : 'passed',
    error: td,
    stageSamples,
    quality,
    stages: stagesOf(stageSamples),
  });
}

/**
 * The timed region of one process: `batch` back-to-back calls per sample, `measuredRuns`
 * samples, the latency of a sample being the per-call mean. Timing uses
 * `process.hrtime.bigint()` (monotonic, nanoseconds).
 */
import { CALIBRATION_TARGET_MS, MAX_BATCH_SIZE, MIN_SAMPLE_TIME_MS } from './defaults';
import { isThenable, nowNs, type CaseContext } from './context';
import { extraWork } from './slowdown';

/** Restarts of a process's timed samples with a larger batch (see `timeSamples`). */
const MAX_RECALIBRATIONS = 5;

/** Times `batch` back-to-back calls of the case; returns the elapsed ms. */
export type TimeCalls = (batch: number) => Promise<number>;

/** `timeCalls` for `run`, and the last output it returned (for verify). */
export function callTimer(run: () => unknown): { timeCalls: TimeCalls; lastOutput: () => unknown; clear: () => void } {
  let output: unknown;
  const timeCalls = async (batch: number): Promise<number> => {
    const t0 = nowNs();
    for (let b = 0; b < batch; b++) {
      const res = run();
      output = isThenable(res) ? await res : res;
    }
    return Number(nowNs() - t0) / 1e6;
  };
  return {
    timeCalls,
    lastOutput: () => output,
    clear: () => {
      output = undefined;
    },
  };
}

/** The samples of one process so far (read after a failure too). */
export interface TimedSamples {
  batchSize: number;
  /** Per-call latency of each sample, ms. */
  samplesMs: number[];
  /** Per-call stage times of each sample, ms. */
  stageRuns: Map<string, number>[];
  /** Times the samples restarted with a larger batch. */
  restarts: number;
}

/**
 * Take `measuredRuns` timed samples into `into`.
 *
 * NOTE: a sample that comes out shorter than MIN_SAMPLE_TIME_MS (the JIT optimised the loop
 * further after calibration) voids the samples of this process: the batch is grown and the
 * timed samples start again, at most MAX_RECALIBRATIONS times, so every published sample
 * lasts at least the minimum and one process keeps one batch. A fixed batch (tests) never
 * grows. With a slowdown factor f ≠ 1 (the A/B knob) each sample adds (f − 1) of its own time
 * of extra work inside the timed region.
 */
export async function timeSamples(
  into: TimedSamples,
  timeCalls: TimeCalls,
  cc: CaseContext,
  options: { measuredRuns: number; fixedBatch: boolean; factor: number },
): Promise<void> {
  const { measuredRuns, fixedBatch, factor } = options;
  for (let r = 0; r < measuredRuns; r++) {
    cc.startStages();
    const t0 = nowNs();
    await timeCalls(into.batchSize);
    if (factor !== 1) extraWork((factor - 1) * (Number(nowNs() - t0) / 1e6));
    const elapsed = Number(nowNs() - t0) / 1e6;
    const rec = cc.stopStages();
    if (elapsed < MIN_SAMPLE_TIME_MS && into.batchSize < MAX_BATCH_SIZE && into.restarts < MAX_RECALIBRATIONS && !fixedBatch) {
      into.restarts++;
      into.batchSize = Math.min(MAX_BATCH_SIZE, Math.max(into.batchSize * 2, Math.ceil((into.batchSize * CALIBRATION_TARGET_MS) / Math.max(elapsed, 1e-6))));
      into.samplesMs.length = 0;
      into.stageRuns.length = 0;
      r = -1;
      continue;
    }
    into.samplesMs.push(elapsed / into.batchSize);
    const perCall = new Map<string, number>();
    for (const [k, v] of rec) perCall.set(k, v / into.batchSize);
    into.stageRuns.push(perCall);
  }
}

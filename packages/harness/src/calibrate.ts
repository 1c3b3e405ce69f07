/**
 * Batch calibration: how many back-to-back calls make one timed sample.
 *
 * After warm-up, one batch is timed, starting from one call, and grown until a batch takes
 * at least CALIBRATION_TARGET_MS (as mitata and benchmark.js do), confirmed by a second batch
 * of that size unless the first took twice the target. Each process calibrates its own
 * batch, since JIT states differ between processes. (measure.ts skips the calibration when
 * the last warm-up call already took twice the target: a long call costs no extra call.)
 */
import { CALIBRATION_TARGET_MS, MAX_BATCH_SIZE } from './defaults';

/**
 * Grow the batch until `timeBatch(batch)` (the elapsed ms of `batch` calls) reaches the
 * target. Returns the batch and the elapsed time of the last timed batch.
 * @example await calibrateBatch(async (b) => timeCalls(b)) // { batch: 40, elapsedMs: 2.3 }
 */
export async function calibrateBatch(
  timeBatch: (batch: number) => Promise<number>,
  targetMs: number = CALIBRATION_TARGET_MS,
  maxBatch: number = MAX_BATCH_SIZE,
): Promise<{ batch: number; elapsedMs: number }> {
  let batch = 1;
  for (;;) {
    let elapsedMs = await timeBatch(batch);
    if (batch >= maxBatch) return { batch, elapsedMs };
    // Far past the target (twice), even a JIT speed-up of 2x keeps the batch long enough.
    if (elapsedMs >= 2 * targetMs) return { batch, elapsedMs };
    if (elapsedMs >= targetMs) {
      // NOTE: a batch large enough to reach the target is often the first that the JIT
      // optimises (on-stack replacement), and the next one runs several times faster: confirm
      // the batch once more before accepting it.
      elapsedMs = await timeBatch(batch);
      if (elapsedMs >= targetMs) return { batch, elapsedMs };
    }
    // Aim 20% past the target from the measured rate, at least doubling, at most x100 per step.
    const perCall = Math.max(elapsedMs / batch, 1e-6);
    const want = Math.ceil((targetMs * 1.2) / perCall);
    batch = Math.min(maxBatch, Math.max(batch * 2, Math.min(want, batch * 100)));
  }
}

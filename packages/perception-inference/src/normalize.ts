/**
 * Intensity statistics and normalisation of the input volume (z-score: mean 0, sd 1 over the
 * whole volume, as nnU-Net does for MRI), with the NaN check folded into the same pass.
 */
import type { VolumeArray } from '@rhenium-perf/fixtures';
import { PerceptionError } from './errors';
import type { Normalization } from './types';

/** x -> (x - offset) * scale. */
export interface IntensityTransform {
  readonly offset: number;
  readonly scale: number;
}

/**
 * The z-score transform of a volume's values (or the identity for 'none'), refusing
 * NaN and infinities with the index of the first one.
 * @example intensityTransform(new Float32Array([1, 3]), 'zscore') // { offset: 2, scale: 1 }
 */
export function intensityTransform(data: VolumeArray, mode: Normalization, label = 'volume'): IntensityTransform {
  const n = data.length;
  if (n === 0) throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `${label} is empty; expected at least one voxel`);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    sum += v;
    sumSq += v * v;
  }
  if (!Number.isFinite(sum) || !Number.isFinite(sumSq)) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(data[i]!)) {
        throw new PerceptionError(
          'RPERF_PERCEPTION_NAN_INPUT',
          `${label} holds ${data[i]} at voxel ${i} (of ${n}); expected finite values — replace NaN/Inf (e.g. with 0) before inference`,
        );
      }
    }
  }
  if (mode === 'none') return { offset: 0, scale: 1 };
  const mean = sum / n;
  const variance = Math.max(0, sumSq / n - mean * mean);
  const sd = Math.sqrt(variance);
  // NOTE: a constant volume has sd 0; scale 1 maps it to zeros instead of dividing by 0.
  return { offset: mean, scale: sd > 1e-12 * Math.max(1, Math.abs(mean)) ? 1 / sd : 1 };
}

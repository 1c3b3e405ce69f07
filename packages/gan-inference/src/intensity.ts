/**
 * Intensity handling: the generators were built for a fixed range (SR: [-1, 1], its tanh;
 * DnCNN: [0, 1]), so the input is mapped linearly into that range and the output back.
 *
 * The map sends the input's [min, max] onto the model's [lo, hi] through the centres:
 *
 *   model = (x - (min + max) / 2) * s + (lo + hi) / 2,   s = (hi - lo) / (max - min)
 *   x     = (model - (lo + hi) / 2) / s + (min + max) / 2
 *
 * A constant input (max = min) uses s = 1, so it lands on the model's centre and maps back
 * exactly. Min and max are taken over the whole input (a whole volume for slice-by-slice
 * work, so every slice shares one map). The output is mapped back without clipping: a
 * denoiser's output may leave the input's range, and that is reported as computed; the SR
 * generator's tanh keeps its output inside the input's range by construction.
 */
import type { VolumeArray } from '@rhenium-perf/fixtures';
import { GanError } from './errors';
import type { IntensityMapping } from './types';

/**
 * The linear map of `data`'s [min, max] onto `modelRange`, refusing NaN and infinities
 * (in one pass: min, max and the check).
 * @example intensityMapping(new Float32Array([0, 100]), [-1, 1]) // { inputMin: 0, inputMax: 100, modelMin: -1, modelMax: 1, scale: 0.02 }
 */
export function intensityMapping(data: VolumeArray, modelRange: readonly [number, number], label = 'input'): IntensityMapping {
  const n = data.length;
  if (n === 0) throw new GanError('RPERF_GAN_INPUT_SHAPE', `${label} is empty; expected at least one voxel`);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  // NaN fails every comparison (min/max never see it) but poisons the sum, as does Inf;
  // a sum that merely overflowed is rescanned and passes.
  if (!Number.isFinite(sum)) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(data[i]!)) {
        throw new GanError(
          'RPERF_GAN_NAN_INPUT',
          `${label} holds ${data[i]} at index ${i} (of ${n}); expected finite values — replace NaN/Inf (e.g. with 0) before generating`,
        );
      }
    }
  }
  const [lo, hi] = modelRange;
  const scale = max > min ? (hi - lo) / (max - min) : 1;
  return { inputMin: min, inputMax: max, modelMin: lo, modelMax: hi, scale };
}

/**
 * Write `data` mapped into the model's range into `out` from `outOffset`; returns `out`.
 * @example toModelRange(new Int16Array([0, 100]), m, new Float32Array(2)) // [-1, 1] for m of [0, 100] -> [-1, 1]
 */
export function toModelRange(data: VolumeArray, m: IntensityMapping, out: Float32Array, outOffset = 0): Float32Array {
  const n = data.length;
  if (outOffset + n > out.length) throw new RangeError(`toModelRange: out holds ${out.length} values, needs ${outOffset + n}`);
  const cIn = (m.inputMin + m.inputMax) / 2;
  const cModel = (m.modelMin + m.modelMax) / 2;
  const s = m.scale;
  for (let i = 0; i < n; i++) out[outOffset + i] = (data[i]! - cIn) * s + cModel;
  return out;
}

/**
 * Map model-range values back to the input's units, into `out` (elementwise, so
 * `out === data` is allowed); returns `out`.
 * @example fromModelRange(new Float32Array([-1, 1]), m, new Float32Array(2)) // [0, 100] for m of [0, 100] -> [-1, 1]
 */
export function fromModelRange(data: Float32Array, m: IntensityMapping, out: Float32Array, outOffset = 0): Float32Array {
  const n = data.length;
  if (outOffset + n > out.length) throw new RangeError(`fromModelRange: out holds ${out.length} values, needs ${outOffset + n}`);
  const cIn = (m.inputMin + m.inputMax) / 2;
  const cModel = (m.modelMin + m.modelMax) / 2;
  const inv = 1 / m.scale;
  for (let i = 0; i < n; i++) out[outOffset + i] = (data[i]! - cModel) * inv + cIn;
  return out;
}

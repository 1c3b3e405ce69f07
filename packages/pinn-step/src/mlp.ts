/**
 * The multilayer perceptron's parameter layout and its seeded Glorot initialisation.
 */
import type { Rng } from '@rhenium-perf/fixtures';
import { PinnError } from './errors';
import type { MlpLayout } from './types';

/**
 * Lay out the parameters of an MLP `[2, hidden..., 1]` in one flat vector: per layer, the
 * row-major weight matrix `[out][in]` then the bias. Throws `RPERF_PINN_LAYER_SIZES` when
 * the sizes are not two inputs, at least one hidden layer and one output.
 * @example createMlpLayout([2, 32, 32, 32, 1]).parameterCount // 2241
 */
export function createMlpLayout(layerSizes: readonly number[]): MlpLayout {
  if (!Array.isArray(layerSizes) || layerSizes.length < 3) {
    throw new PinnError(
      'RPERF_PINN_LAYER_SIZES',
      `layer sizes must be [2, hidden..., 1] with at least one hidden layer, received ${JSON.stringify(layerSizes)}`,
    );
  }
  for (const s of layerSizes) {
    if (!Number.isInteger(s) || s < 1) {
      throw new PinnError('RPERF_PINN_LAYER_SIZES', `every layer size must be a positive integer, received ${JSON.stringify(layerSizes)}`);
    }
  }
  if (layerSizes[0] !== 2 || layerSizes[layerSizes.length - 1] !== 1) {
    throw new PinnError(
      'RPERF_PINN_LAYER_SIZES',
      `the network maps (x, y) to u: the first size must be 2 and the last 1, received ${JSON.stringify(layerSizes)}`,
    );
  }
  const weightOffsets: number[] = [];
  const biasOffsets: number[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < layerSizes.length; l++) {
    weightOffsets.push(offset);
    offset += layerSizes[l] * layerSizes[l + 1];
    biasOffsets.push(offset);
    offset += layerSizes[l + 1];
  }
  return Object.freeze({
    layerSizes: Object.freeze([...layerSizes]),
    weightOffsets: Object.freeze(weightOffsets),
    biasOffsets: Object.freeze(biasOffsets),
    parameterCount: offset,
    maxWidth: Math.max(...layerSizes.slice(1, -1)),
  });
}

/**
 * Fill `out` with Glorot (Xavier) uniform weights, U(-a, a) with a = sqrt(6 / (fan_in + fan_out)),
 * and zero biases, drawn from `rng` layer by layer, row by row. Returns `out`.
 * @example initGlorot(layout, createRng(1), new Float64Array(layout.parameterCount))
 */
export function initGlorot(layout: MlpLayout, rng: Rng, out: Float64Array): Float64Array {
  checkParameterLength(layout, out, 'parameters');
  const sizes = layout.layerSizes;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l];
    const fanOut = sizes[l + 1];
    const a = Math.sqrt(6 / (fanIn + fanOut));
    const w = layout.weightOffsets[l];
    for (let i = 0; i < fanIn * fanOut; i++) out[w + i] = (2 * rng.next() - 1) * a;
    out.fill(0, layout.biasOffsets[l], layout.biasOffsets[l] + fanOut);
  }
  return out;
}

/** Throw `RPERF_PINN_PARAMETER_LENGTH` unless `v` has the layout's parameter count. */
export function checkParameterLength(layout: MlpLayout, v: Float64Array, what: string): void {
  if (!(v instanceof Float64Array) || v.length !== layout.parameterCount) {
    const got = v instanceof Float64Array ? `a Float64Array of length ${v.length}` : String(v);
    throw new PinnError(
      'RPERF_PINN_PARAMETER_LENGTH',
      `${what} must be a Float64Array of length ${layout.parameterCount} for layer sizes [${layout.layerSizes.join(', ')}], received ${got}`,
    );
  }
}

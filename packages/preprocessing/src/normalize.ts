/**
 * Intensity normalisation kernels: min-max, z-score, percentile clip and fixed window.
 *
 * All write float32 into a caller-owned `out` of the input's length and return it; `out`
 * may be the input itself when the input is a Float32Array (each output voxel depends only
 * on its own input voxel and on statistics computed before any write).
 *
 * Maths (v a voxel, statistics over the non-NaN voxels):
 *   min-max     out = (v - min) / (max - min)                      in [0, 1]
 *   z-score     out = (v - mean) / std        (population std, ddof = 0)
 *   window      out = (clip(v, lo, hi) - lo) / (hi - lo)          in [0, 1]
 *   percentile  window with lo, hi = the p_low, p_high percentiles (or z-score of the clipped values)
 *
 * Degenerate inputs never divide by zero: a constant volume (max = min, std = 0) maps every
 * non-NaN voxel to 0; an all-NaN volume maps to NaN (`nan: 'keep'`) or 0 (`nan: 'zero'`).
 * NaN voxels are ignored by the statistics and written back as NaN or 0 per `nan`.
 * +/-Infinity is a value, not a gap: min-max and z-score refuse an infinite range with
 * RPERF_PREPROCESS_NON_FINITE (the percentile clip or a window handles such inputs).
 */
import { DEFAULT_HIGH_PERCENTILE, DEFAULT_LOW_PERCENTILE, DEFAULT_NAN_POLICY } from './defaults';
import { PreprocessError } from './errors';
import { SIMD_CHUNK, simdKernels, type SimdKernels } from './simd';
import { KERNEL_CHUNK, finiteMeanStd, finiteMinMax, finitePercentiles } from './stats';
import type { FiniteStats } from './types';
import type { NanPolicy, NormalizeOptions, NumericArray, PercentileClipOptions } from './types';

/**
 * Min-max normalisation to [0, 1].
 * @example minMaxNormalize(new Float32Array([2, 4, NaN, 6]), new Float32Array(4)) // [0, 0.5, NaN, 1]
 */
export function minMaxNormalize(input: NumericArray, out: Float32Array, options: NormalizeOptions = {}): Float32Array {
  const nan = checkKernelArgs('minMaxNormalize', input, out, options);
  // Float32Array volumes of at least SIMD_MIN_VOXELS go through the WebAssembly SIMD kernels (same results, see simd.ts).
  const simd = input instanceof Float32Array && input.length >= SIMD_MIN_VOXELS ? simdKernels() : null;
  const { min, max } = simd !== null ? simdFiniteMinMax(input as Float32Array, simd) : finiteMinMax(input);
  if (min !== min) return fillAllNaN(out, nan);
  const range = max - min;
  if (!Number.isFinite(range)) {
    throw new PreprocessError(
      'RPERF_PREPROCESS_NON_FINITE',
      `minMaxNormalize: the input's range is [${min}, ${max}], not finite; replace +/-Infinity voxels or use percentileClipNormalize / windowNormalize`,
    );
  }
  const scale = range === 0 ? 0 : 1 / range;
  // nan: 'zero' must rewrite NaN voxels; the SIMD kernel keeps them (NaN in, NaN out), so that policy stays scalar.
  if (simd !== null && nan === 'keep') return simdAffineMap(input as Float32Array, out, min, scale, simd);
  return affineMap(input, out, min, scale, nan);
}

/** Below this many voxels the scalar kernels run (the copies into the WebAssembly window do not pay). */
export const SIMD_MIN_VOXELS = 4096;

/**
 * `finiteMinMax` of a Float32Array by the SIMD kernel: the input is copied into the module's
 * data window chunk by chunk and folded into 4 x 4 (min, max) lanes, which NaN never enters
 * (see simd.ts); the last < 16 voxels are folded here. Same result as `finiteMinMax`.
 */
function simdFiniteMinMax(input: Float32Array, k: SimdKernels): FiniteStats {
  const { acc, data } = k;
  acc.fill(Infinity, 0, 16);
  acc.fill(-Infinity, 16, 32);
  const n = input.length;
  const n16 = n - (n & 15);
  for (let start = 0; start < n16; start += SIMD_CHUNK) {
    const len = Math.min(SIMD_CHUNK, n16 - start);
    data.set(input.subarray(start, start + len));
    k.minmax(len);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < 16; i++) {
    min = Math.min(min, acc[i]!);
    max = Math.max(max, acc[16 + i]!);
  }
  for (let i = n16; i < n; i++) {
    const v = input[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // As in finiteMinMax: the lanes start at +/-Infinity and NaN never enters one, so min > max means no value was seen.
  return min <= max ? { min, max } : { min: NaN, max: NaN };
}

/** `affineMap` with nan 'keep' for a Float32Array by the SIMD kernel (float64 arithmetic, one rounding: bit-identical). */
function simdAffineMap(input: Float32Array, out: Float32Array, offset: number, scale: number, k: SimdKernels): Float32Array {
  const { data } = k;
  const n = input.length;
  const n8 = n - (n & 7);
  for (let start = 0; start < n8; start += SIMD_CHUNK) {
    const len = Math.min(SIMD_CHUNK, n8 - start);
    data.set(input.subarray(start, start + len));
    k.affine(len, offset, scale);
    out.set(len === SIMD_CHUNK ? data : data.subarray(0, len), start);
  }
  for (let i = n8; i < n; i++) out[i] = (input[i]! - offset) * scale;
  return out;
}

/**
 * Z-score normalisation: zero mean, unit (population) standard deviation over non-NaN voxels.
 * @example zScoreNormalize(new Float32Array([1, 2, 3]), new Float32Array(3)) // [-1.2247, 0, 1.2247]
 */
export function zScoreNormalize(input: NumericArray, out: Float32Array, options: NormalizeOptions = {}): Float32Array {
  const nan = checkKernelArgs('zScoreNormalize', input, out, options);
  const { count, mean, std } = finiteMeanStd(input);
  if (count === 0) return fillAllNaN(out, nan);
  if (!Number.isFinite(mean) || !Number.isFinite(std)) {
    throw new PreprocessError(
      'RPERF_PREPROCESS_NON_FINITE',
      `zScoreNormalize: mean ${mean} / std ${std} are not finite (the input holds +/-Infinity); replace those voxels or use percentileClipNormalize`,
    );
  }
  return affineMap(input, out, mean, std === 0 ? 0 : 1 / std, nan);
}

/**
 * Window normalisation: clip to [lo, hi] and map linearly to [0, 1] (a CT window in HU).
 * @example windowNormalize(new Int16Array([-2000, -1000, 0, 3000]), new Float32Array(4), -1000, 1000) // [0, 0, 0.5, 1]
 */
export function windowNormalize(input: NumericArray, out: Float32Array, lo: number, hi: number, options: NormalizeOptions = {}): Float32Array {
  const nan = checkKernelArgs('windowNormalize', input, out, options);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new PreprocessError('RPERF_PREPROCESS_BAD_OPTION', `windowNormalize: the window must be finite with lo < hi, received [${lo}, ${hi}]`);
  }
  return clipAffineMap(input, out, lo, hi, lo, 1 / (hi - lo), nan);
}

/**
 * Percentile clip: clip to the [p_low, p_high] percentiles of the non-NaN voxels (numpy's
 * linear rule, default 0.5 and 99.5), then map to [0, 1] (`scaling: 'minmax'`) or
 * standardise the clipped values (`scaling: 'zscore'`, what nnU-Net does for MRI).
 * @example percentileClipNormalize(new Float32Array([0, 1, 2, 3, 100]), new Float32Array(5), { lowPercentile: 0, highPercentile: 75 }) // [0, 1/3, 2/3, 1, 1]
 */
export function percentileClipNormalize(input: NumericArray, out: Float32Array, options: PercentileClipOptions = {}): Float32Array {
  const nan = checkKernelArgs('percentileClipNormalize', input, out, options);
  const pLow = options.lowPercentile ?? DEFAULT_LOW_PERCENTILE;
  const pHigh = options.highPercentile ?? DEFAULT_HIGH_PERCENTILE;
  if (!(pLow >= 0 && pHigh <= 100 && pLow <= pHigh)) {
    throw new PreprocessError(
      'RPERF_PREPROCESS_BAD_OPTION',
      `percentileClipNormalize: percentiles must satisfy 0 <= low <= high <= 100, received low ${pLow}, high ${pHigh}`,
    );
  }
  const scaling = options.scaling ?? 'minmax';
  if (scaling !== 'minmax' && scaling !== 'zscore') {
    throw new PreprocessError('RPERF_PREPROCESS_BAD_OPTION', `percentileClipNormalize: scaling must be 'minmax' or 'zscore', received ${String(scaling)}`);
  }
  const [lo, hi] = finitePercentiles(input, [pLow, pHigh], options.scratch) as [number, number];
  if (lo !== lo) return fillAllNaN(out, nan);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new PreprocessError(
      'RPERF_PREPROCESS_NON_FINITE',
      `percentileClipNormalize: the ${pLow}/${pHigh} percentiles are ${lo}/${hi}; more voxels than the clipped fraction are +/-Infinity`,
    );
  }
  if (scaling === 'minmax') return clipAffineMap(input, out, lo, hi, lo, hi > lo ? 1 / (hi - lo) : 0, nan);
  const { mean, std } = finiteMeanStd(input, lo, hi);
  return clipAffineMap(input, out, lo, hi, mean, std > 0 ? 1 / std : 0, nan);
}

/**
 * out[i] = (input[i] - offset) * scale, chunk by chunk (see `finiteMinMax` for why chunks).
 * NOTE: scale 0 (constant volume) gives 0 for every finite voxel and NaN stays NaN, as documented.
 */
function affineMap(input: NumericArray, out: Float32Array, offset: number, scale: number, nan: NanPolicy): Float32Array {
  const n = input.length;
  if (nan === 'zero') {
    for (let start = 0; start < n; start += KERNEL_CHUNK) affineMapZeroNaNChunk(input, out, start, Math.min(n, start + KERNEL_CHUNK), offset, scale);
    return out;
  }
  const n8 = n - (n & 7);
  for (let start = 0; start < n8; start += KERNEL_CHUNK) affineMapChunk(input, out, start, Math.min(n8, start + KERNEL_CHUNK), offset, scale);
  // The last < 8 voxels: kept out of the chunk kernel so that it has no loop without type feedback.
  for (let i = n8; i < n; i++) out[i] = (input[i]! - offset) * scale;
  return out;
}

/** The hot loop of min-max and z-score over a multiple of 8 voxels: unrolled by 8 (V8 does not vectorise; independent stores overlap the float conversions). */
function affineMapChunk(input: NumericArray, out: Float32Array, start: number, end: number, offset: number, scale: number): void {
  for (let i = start; i < end; i += 8) {
    const v0 = input[i]!;
    const v1 = input[i + 1]!;
    const v2 = input[i + 2]!;
    const v3 = input[i + 3]!;
    const v4 = input[i + 4]!;
    const v5 = input[i + 5]!;
    const v6 = input[i + 6]!;
    const v7 = input[i + 7]!;
    out[i] = (v0 - offset) * scale;
    out[i + 1] = (v1 - offset) * scale;
    out[i + 2] = (v2 - offset) * scale;
    out[i + 3] = (v3 - offset) * scale;
    out[i + 4] = (v4 - offset) * scale;
    out[i + 5] = (v5 - offset) * scale;
    out[i + 6] = (v6 - offset) * scale;
    out[i + 7] = (v7 - offset) * scale;
  }
}

function affineMapZeroNaNChunk(input: NumericArray, out: Float32Array, start: number, end: number, offset: number, scale: number): void {
  for (let i = start; i < end; i++) {
    const v = input[i]!;
    out[i] = v === v ? (v - offset) * scale : 0;
  }
}

/** out[i] = (clip(input[i], lo, hi) - offset) * scale; NaN passes the clip untouched. */
function clipAffineMap(input: NumericArray, out: Float32Array, lo: number, hi: number, offset: number, scale: number, nan: NanPolicy): Float32Array {
  const n = input.length;
  const zeroNaN = nan === 'zero';
  for (let start = 0; start < n; start += KERNEL_CHUNK) clipAffineMapChunk(input, out, start, Math.min(n, start + KERNEL_CHUNK), lo, hi, offset, scale, zeroNaN);
  return out;
}

function clipAffineMapChunk(input: NumericArray, out: Float32Array, start: number, end: number, lo: number, hi: number, offset: number, scale: number, zeroNaN: boolean): void {
  for (let i = start; i < end; i++) {
    const v = input[i]!;
    // NaN fails both comparisons and stays NaN.
    const c = v < lo ? lo : v > hi ? hi : v;
    out[i] = c === c || !zeroNaN ? (c - offset) * scale : 0;
  }
}

function fillAllNaN(out: Float32Array, nan: NanPolicy): Float32Array {
  return out.fill(nan === 'zero' ? 0 : NaN);
}

/** Validate the arguments common to every kernel; returns the resolved NaN policy. */
function checkKernelArgs(fn: string, input: NumericArray, out: Float32Array, options: NormalizeOptions): NanPolicy {
  if (!(out instanceof Float32Array)) {
    throw new PreprocessError('RPERF_PREPROCESS_SHAPE_MISMATCH', `${fn}: out must be a Float32Array, received ${describe(out)}`);
  }
  if (out.length !== input.length) {
    throw new PreprocessError(
      'RPERF_PREPROCESS_SHAPE_MISMATCH',
      `${fn}: out has ${out.length} elements but the input has ${input.length}; allocate new Float32Array(input.length)`,
    );
  }
  const nan = options.nan ?? DEFAULT_NAN_POLICY;
  if (nan !== 'keep' && nan !== 'zero') {
    throw new PreprocessError('RPERF_PREPROCESS_BAD_OPTION', `${fn}: nan must be 'keep' or 'zero', received ${String(nan)}`);
  }
  return nan;
}

function describe(x: unknown): string {
  return x === null || x === undefined ? String(x) : ((x as object).constructor?.name ?? typeof x);
}

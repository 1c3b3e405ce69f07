/**
 * Image quality figures used by tests and benchmark verification.
 */
import { MriReconError } from './errors';
import type { ComplexArray } from './types';

function sameLength(where: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new MriReconError('RPERF_MRI_SHAPE_MISMATCH', `${where}: reference has ${a.length} values, test has ${b.length}; expected the same length`);
  }
}

/**
 * Normalised RMS error ||test - ref|| / ||ref||.
 * @example nrmse([1, 0], [1, 0]) // 0
 */
export function nrmse(ref: ArrayLike<number>, test: ArrayLike<number>): number {
  sameLength('nrmse', ref, test);
  let num = 0;
  let den = 0;
  for (let i = 0; i < ref.length; i++) {
    num += (test[i]! - ref[i]!) ** 2;
    den += ref[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * Peak signal-to-noise ratio in dB: 10 log10(peak² / MSE); peak defaults to max(ref).
 * @example psnr([1, 0], [0.9, 0]) // 10 log10(1 / 0.005) ≈ 23.01
 */
export function psnr(ref: ArrayLike<number>, test: ArrayLike<number>, peak?: number): number {
  sameLength('psnr', ref, test);
  let mse = 0;
  let max = -Infinity;
  for (let i = 0; i < ref.length; i++) {
    mse += (test[i]! - ref[i]!) ** 2;
    if (ref[i]! > max) max = ref[i]!;
  }
  mse /= ref.length;
  const p = peak ?? max;
  return 10 * Math.log10((p * p) / mse);
}

/**
 * The least-squares scale a minimising ||a·test - ref|| (used to give zero-filled images
 * their best-case intensity before comparing).
 */
export function bestScale(ref: ArrayLike<number>, test: ArrayLike<number>): number {
  sameLength('bestScale', ref, test);
  let num = 0;
  let den = 0;
  for (let i = 0; i < ref.length; i++) {
    num += ref[i]! * test[i]!;
    den += test[i]! * test[i]!;
  }
  return den > 0 ? num / den : 1;
}

/**
 * Magnitudes of an interleaved complex array into `out` (length half of `x`). Returns `out`.
 * @example magnitude(new Float64Array([3, 4]), new Float64Array(1)) // [5]
 */
export function magnitude(x: ComplexArray, out: Float64Array): Float64Array {
  if (out.length * 2 !== x.length) {
    throw new MriReconError('RPERF_MRI_SHAPE_MISMATCH', `magnitude: out has ${out.length} values, expected ${x.length / 2} (half the interleaved complex length)`);
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(x[2 * i]!, x[2 * i + 1]!);
  return out;
}

/**
 * Convert complex64 (interleaved float32) to complex128 (interleaved float64).
 * @example toComplex128(new Float32Array([1, 2])) // Float64Array [1, 2]
 */
export function toComplex128(x: Float32Array, out: Float64Array = new Float64Array(x.length)): Float64Array {
  if (out.length !== x.length) {
    throw new MriReconError('RPERF_MRI_SHAPE_MISMATCH', `toComplex128: out has ${out.length} values, expected ${x.length}`);
  }
  out.set(x);
  return out;
}

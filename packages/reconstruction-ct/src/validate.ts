/**
 * Input checks shared by the kernels. Each throws a `ReconstructionCtError` saying what was received
 * and what is expected. They are O(n) scans, cheap next to the O(n^2 * angles) kernels.
 */
import { ReconstructionCtError } from './errors';
import { FBP_FILTER_NAMES, type FbpFilterName } from './types';

/** Throw RPERF_CT_INVALID_ARGUMENT unless `n` is an integer >= min. */
export function checkInteger(what: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) {
    throw new ReconstructionCtError('RPERF_CT_INVALID_ARGUMENT', `${what} must be an integer >= ${min}, received ${String(n)}`);
  }
}

/** Throw RPERF_CT_NON_FINITE at the first NaN or infinity of `a`, naming its index. */
export function checkFinite(what: string, a: ArrayLike<number>): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    // NOTE: v - v is 0 for finite v and NaN for NaN and +-Infinity: one compare per element.
    if (v - v !== 0) {
      throw new ReconstructionCtError(
        'RPERF_CT_NON_FINITE',
        `${what} holds ${String(v)} at index ${i} (of ${a.length}); expected finite numbers only. Replace or mask non-finite values before reconstructing.`,
      );
    }
  }
}

/** Throw RPERF_CT_SHAPE_MISMATCH unless `a.length === expected`. */
export function checkLength(what: string, a: ArrayLike<number>, expected: number, shape: string): void {
  if (a.length !== expected) {
    throw new ReconstructionCtError(
      'RPERF_CT_SHAPE_MISMATCH',
      `${what} has ${a.length} values; expected ${expected} (${shape}).`,
    );
  }
}

/** Throw RPERF_CT_OUT_ALIASED when `out` is the same buffer as the input. */
export function checkNotAliased(kernel: string, input: Float64Array, out: Float64Array): void {
  if (input.buffer === out.buffer && input.byteOffset < out.byteOffset + out.byteLength && out.byteOffset < input.byteOffset + input.byteLength) {
    throw new ReconstructionCtError('RPERF_CT_OUT_ALIASED', `${kernel}: out overlaps the input array; pass a separate output array.`);
  }
}

/** Resolve a filter name, throwing RPERF_CT_UNKNOWN_FILTER for anything else. */
export function checkFilterName(name: unknown): FbpFilterName {
  if (typeof name === 'string' && (FBP_FILTER_NAMES as readonly string[]).includes(name)) return name as FbpFilterName;
  throw new ReconstructionCtError(
    'RPERF_CT_UNKNOWN_FILTER',
    `unknown FBP filter ${JSON.stringify(name)}; expected one of ${FBP_FILTER_NAMES.join(', ')}.`,
  );
}

/**
 * The side of a square image: from `shape` ([rows, cols]) when given, else from the length
 * (which must be a perfect square). Throws RPERF_CT_NOT_SQUARE otherwise.
 */
export function squareImageSize(what: string, image: ArrayLike<number>, shape?: readonly [number, number]): number {
  if (shape) {
    const [rows, cols] = shape;
    if (rows !== cols) {
      throw new ReconstructionCtError(
        'RPERF_CT_NOT_SQUARE',
        `${what} is ${rows} x ${cols}; expected a square image (size x size). Pad or crop it to square first.`,
      );
    }
    checkInteger(`${what} size`, rows, 1);
    checkLength(what, image, rows * cols, `${rows} x ${cols}`);
    return rows;
  }
  const n = Math.round(Math.sqrt(image.length));
  if (n < 1 || n * n !== image.length) {
    throw new ReconstructionCtError(
      'RPERF_CT_NOT_SQUARE',
      `${what} has ${image.length} values, which is not size x size for any integer size; expected a square image. Pass its shape, or pad or crop it to square.`,
    );
  }
  return n;
}

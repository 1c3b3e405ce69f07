/**
 * Input checks shared by the public entry points: sizes, lengths, finiteness.
 */
import { MriReconError } from './errors';

/** Throw unless `n` is a positive integer. */
export function checkSize(where: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new MriReconError('RPERF_MRI_BAD_SIZE', `${where}: ${name} must be a positive integer, received ${String(n)}`);
  }
}

/** Throw unless `arr.length === expected` (saying what the length means). */
export function checkLength(where: string, name: string, arr: ArrayLike<number>, expected: number, meaning: string): void {
  if (arr.length !== expected) {
    throw new MriReconError(
      'RPERF_MRI_SHAPE_MISMATCH',
      `${where}: ${name} has length ${arr.length}, expected ${expected} (${meaning})`,
    );
  }
}

/**
 * Throw when `arr` holds NaN or ±Infinity, naming the first bad index.
 * NOTE: one branch-free pass (x * 0 is 0 for finite x, NaN otherwise); the index is only
 * searched for when the sum says something is wrong.
 */
export function checkFinite(where: string, name: string, arr: ArrayLike<number>): void {
  let s = 0;
  for (let i = 0; i < arr.length; i++) s += arr[i]! * 0;
  if (s === 0) return;
  let bad = 0;
  while (bad < arr.length && Number.isFinite(arr[bad]!)) bad++;
  throw new MriReconError(
    'RPERF_MRI_NON_FINITE',
    `${where}: ${name} holds a non-finite value (${String(arr[bad])} at index ${bad}); expected finite numbers only`,
  );
}

/** Resolve and check iteration options (shared with FISTA). */
export function resolveIterations(
  where: string,
  iterations: number | undefined,
  tolerance: number | undefined,
  defIt: number,
  defTol: number,
): { iterations: number; tolerance: number } {
  const it = iterations ?? defIt;
  const tol = tolerance ?? defTol;
  if (!Number.isInteger(it) || it < 1) throw new MriReconError('RPERF_MRI_BAD_SIZE', `${where}: iterations must be a positive integer, received ${String(it)}`);
  if (!(tol >= 0) || !Number.isFinite(tol)) throw new MriReconError('RPERF_MRI_BAD_OPTION', `${where}: tolerance must be a finite number >= 0, received ${String(tol)}`);
  return { iterations: it, tolerance: tol };
}

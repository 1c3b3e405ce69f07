/**
 * Statistics over the non-NaN voxels of a volume: min/max, mean/standard deviation and
 * percentiles. These are the hot loops of normalisation, written for V8:
 *
 * - min/max keep four independent (min, max) accumulator pairs over an 8-wide unrolled loop,
 *   run per chunk (see `finiteMinMax` for why),
 *   so no comparison waits on the previous one, and compare with `<`/`>` instead of calling
 *   `Math.min`/`Math.max` (which must also order NaN and -0 and cost a call each).
 * - NaN is skipped for free: `v < acc` and `v > acc` are false for NaN, so a NaN never
 *   enters an accumulator seeded with +/-Infinity.
 */
import type { FiniteStats, NumericArray } from './types';

/** Elements per call of a chunk kernel (64 KiB of float32: stays in L2 between passes). */
export const KERNEL_CHUNK = 16_384;

/**
 * Minimum and maximum over the non-NaN values of `input`; both NaN when there is none.
 *
 * NOTE: the loop runs in chunks through `minMaxChunk`, a separate function called many
 * times. A single long loop gets on-stack-replaced (OSR) in its first call, before the code
 * after the loop has type feedback; on Node 20 that OSR code then deoptimises at the end of
 * every later call (a deopt loop measured at 4x slower, in about half of the processes).
 * A function called per chunk is optimised normally, with complete feedback; for the same
 * reason the chunk loop has no remainder loop after it (chunks are multiples of 8 voxels,
 * the last < 8 voxels go through `minMaxTail`).
 * @example finiteMinMax(new Float32Array([3, NaN, -1, 2])) // { min: -1, max: 3 }
 */
export function finiteMinMax(input: NumericArray): FiniteStats {
  const acc = new Float64Array(8);
  acc.fill(Infinity, 0, 4);
  acc.fill(-Infinity, 4, 8);
  const n = input.length;
  const n8 = n - (n & 7);
  for (let start = 0; start < n8; start += KERNEL_CHUNK) minMaxChunk(input, start, Math.min(n8, start + KERNEL_CHUNK), acc);
  minMaxTail(input, n8, n, acc);
  const min = Math.min(acc[0]!, acc[1]!, acc[2]!, acc[3]!);
  const max = Math.max(acc[4]!, acc[5]!, acc[6]!, acc[7]!);
  // Accumulators start at +/-Infinity and NaN never enters one, so min > max means no value was seen.
  return min <= max ? { min, max } : { min: NaN, max: NaN };
}

/** Fold `input[start..end)` (a multiple of 8 voxels) into the four (min, max) accumulator pairs of `acc`. */
function minMaxChunk(input: NumericArray, start: number, end: number, acc: Float64Array): void {
  let a0 = acc[0]!;
  let a1 = acc[1]!;
  let a2 = acc[2]!;
  let a3 = acc[3]!;
  let b0 = acc[4]!;
  let b1 = acc[5]!;
  let b2 = acc[6]!;
  let b3 = acc[7]!;
  for (let i = start; i < end; i += 8) {
    const v0 = input[i]!;
    const v1 = input[i + 1]!;
    const v2 = input[i + 2]!;
    const v3 = input[i + 3]!;
    const v4 = input[i + 4]!;
    const v5 = input[i + 5]!;
    const v6 = input[i + 6]!;
    const v7 = input[i + 7]!;
    if (v0 < a0) a0 = v0;
    if (v0 > b0) b0 = v0;
    if (v1 < a1) a1 = v1;
    if (v1 > b1) b1 = v1;
    if (v2 < a2) a2 = v2;
    if (v2 > b2) b2 = v2;
    if (v3 < a3) a3 = v3;
    if (v3 > b3) b3 = v3;
    if (v4 < a0) a0 = v4;
    if (v4 > b0) b0 = v4;
    if (v5 < a1) a1 = v5;
    if (v5 > b1) b1 = v5;
    if (v6 < a2) a2 = v6;
    if (v6 > b2) b2 = v6;
    if (v7 < a3) a3 = v7;
    if (v7 > b3) b3 = v7;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
  acc[4] = b0;
  acc[5] = b1;
  acc[6] = b2;
  acc[7] = b3;
}

/** Fold the last `end - start` (< 8) voxels into the first accumulator pair. */
function minMaxTail(input: NumericArray, start: number, end: number, acc: Float64Array): void {
  for (let i = start; i < end; i++) {
    const v = input[i]!;
    if (v < acc[0]!) acc[0] = v;
    if (v > acc[4]!) acc[4] = v;
  }
}

/** Mean and population standard deviation (ddof = 0, as numpy's default) over non-NaN values. */
export interface MeanStd {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
}

/**
 * Mean and population standard deviation over the non-NaN values, in float64, by two
 * passes (mean, then the sum of squared deviations), which does not lose the variance to
 * cancellation the way sum(x^2) - n mean^2 does on CT values around +1000 HU.
 * Optionally restricted to the clip range [lo, hi] after clipping (values outside are
 * counted as lo or hi), which is what z-scoring a percentile-clipped volume needs.
 * @example finiteMeanStd(new Float32Array([1, 2, 3, NaN])) // { count: 3, mean: 2, std: 0.8164965809 }
 */
export function finiteMeanStd(input: NumericArray, lo = -Infinity, hi = Infinity): MeanStd {
  const n = input.length;
  // acc: [sum, count] then [sum of squared deviations, unused]; chunked for the reason given at finiteMinMax.
  const acc = new Float64Array(2);
  for (let start = 0; start < n; start += KERNEL_CHUNK) sumChunk(input, start, Math.min(n, start + KERNEL_CHUNK), lo, hi, acc);
  const count = acc[1]!;
  if (count === 0) return { count: 0, mean: NaN, std: NaN };
  const mean = acc[0]! / count;
  acc[0] = 0;
  for (let start = 0; start < n; start += KERNEL_CHUNK) sqDevChunk(input, start, Math.min(n, start + KERNEL_CHUNK), lo, hi, mean, acc);
  return { count, mean, std: Math.sqrt(acc[0]! / count) };
}

/** acc[0] += sum of clip(v), acc[1] += count, over the non-NaN voxels of `input[start..end)`. */
function sumChunk(input: NumericArray, start: number, end: number, lo: number, hi: number, acc: Float64Array): void {
  let sum = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    const v = input[i]!;
    const c = v < lo ? lo : v > hi ? hi : v;
    // NaN fails both clip comparisons and is skipped here without a branch on the data.
    const ok = c === c;
    sum += ok ? c : 0;
    count += ok ? 1 : 0;
  }
  acc[0] += sum;
  acc[1] += count;
}

/** acc[0] += sum of (clip(v) - mean)^2 over the non-NaN voxels of `input[start..end)`. */
function sqDevChunk(input: NumericArray, start: number, end: number, lo: number, hi: number, mean: number, acc: Float64Array): void {
  let q = 0;
  for (let i = start; i < end; i++) {
    const v = input[i]!;
    const d = (v < lo ? lo : v > hi ? hi : v) - mean;
    q += d === d ? d * d : 0;
  }
  acc[0] += q;
}

/**
 * Percentiles of the non-NaN values with numpy's default ("linear") rule: for percentile p
 * of n sorted values a, position h = (n - 1) p / 100, value a[floor h] + (h - floor h)
 * (a[floor h + 1] - a[floor h]). Found by quickselect in O(n) on a float64 scratch copy
 * (the input is not reordered). Returns NaN for each percentile when every value is NaN.
 * @example finitePercentiles(new Float32Array([4, 1, 3, 2]), [0, 50, 100]) // [1, 2.5, 4]
 */
export function finitePercentiles(input: NumericArray, percentiles: readonly number[], scratch?: Float64Array): number[] {
  const buf = scratch && scratch.length >= input.length ? scratch : new Float64Array(input.length);
  let m = 0;
  for (let i = 0; i < input.length; i++) {
    const v = input[i]!;
    if (v === v) buf[m++] = v;
  }
  if (m === 0) return percentiles.map(() => NaN);
  // Select in increasing order so each selection only partitions what is right of the last.
  const order = percentiles.map((p, idx) => ({ p, idx })).sort((a, b) => a.p - b.p);
  const result = new Array<number>(percentiles.length);
  let left = 0;
  for (const { p, idx } of order) {
    const h = ((m - 1) * p) / 100;
    const k = Math.floor(h);
    const frac = h - k;
    select(buf, k, left, m - 1);
    left = k;
    const a = buf[k]!;
    if (frac === 0 || k + 1 >= m) {
      result[idx] = a;
      continue;
    }
    // After selecting k, everything right of k is >= buf[k]: the next order statistic is their minimum.
    let b = Infinity;
    for (let j = k + 1; j < m; j++) if (buf[j]! < b) b = buf[j]!;
    result[idx] = a + frac * (b - a);
  }
  return result;
}

/**
 * Rearrange `a[lo..hi]` so that `a[k]` holds the value it would have if sorted, everything
 * left of k is <= it and everything right is >= it (Hoare partition, median-of-three pivot).
 */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot keeps sorted and reversed inputs O(n).
    let x = a[lo]!;
    let y = a[mid]!;
    let z = a[hi]!;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

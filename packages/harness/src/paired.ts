/**
 * Two sides timed in alternation, for a figure that is a comparison (ours against a floor or a
 * reference): on a shared machine a time measured alone means little, so the sides run in
 * pairs, one right after the other, and the figures are medians of per-pair differences and
 * ratios.
 */
import { median } from './stats';

/** What {@link alternatedPairs} measured: each side's times, in pair order, and their medians. */
export interface AlternatedPairs {
  /** Side A's times, ms (pair i is `aMs[i]`, `bMs[i]`). */
  readonly aMs: number[];
  /** Side B's times, ms. */
  readonly bMs: number[];
  /** Median of side A's times, ms. */
  readonly aMedianMs: number;
  /** Median of side B's times, ms. */
  readonly bMedianMs: number;
  /** Median of the per-pair differences a - b, ms. */
  readonly differenceMedianMs: number;
  /** Median of the per-pair ratios a / b. */
  readonly ratioMedian: number;
}

/**
 * Time `count` pairs of `a()` and `b()` (each resolves to its own time in ms), which side goes
 * first alternating (A first in pair 0), so neither side always runs in the other's wake.
 * @example const p = await alternatedPairs(3, () => timeOurs(), () => timeFloor()); p.ratioMedian // ours / floor
 */
export async function alternatedPairs(count: number, a: () => Promise<number>, b: () => Promise<number>): Promise<AlternatedPairs> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`alternatedPairs: count must be a positive integer, received ${count}`);
  const aMs: number[] = [];
  const bMs: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      aMs.push(await a());
      bMs.push(await b());
    } else {
      bMs.push(await b());
      aMs.push(await a());
    }
  }
  return {
    aMs,
    bMs,
    aMedianMs: median(aMs),
    bMedianMs: median(bMs),
    differenceMedianMs: median(aMs.map((x, i) => x - bMs[i]!)),
    ratioMedian: median(aMs.map((x, i) => x / bMs[i]!)),
  };
}

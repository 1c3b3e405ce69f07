import { createRng } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { finiteMeanStd, finiteMinMax, finitePercentiles } from './stats';

/** numpy.percentile's default ("linear") rule by a full sort: the independent reference. */
function sortedPercentile(values: number[], p: number): number {
  const a = values.filter((v) => !Number.isNaN(v)).sort((x, y) => x - y);
  const h = ((a.length - 1) * p) / 100;
  const k = Math.floor(h);
  return k + 1 < a.length ? a[k]! + (h - k) * (a[k + 1]! - a[k]!) : a[k]!;
}

describe('finiteMinMax', () => {
  it('finds min and max ignoring NaN, for every remainder of the 8-wide unrolling', () => {
    for (let n = 1; n <= 19; n++) {
      const x = new Float32Array(n).map((_, i) => ((i * 7) % 11) - 5);
      x[n - 1] = NaN;
      const finite = Array.from(x).filter((v) => !Number.isNaN(v));
      const s = finiteMinMax(x);
      if (n === 1) expect(s.min).toBeNaN();
      if (n > 1) {
        expect(s.min).toBe(Math.min(...finite));
        expect(s.max).toBe(Math.max(...finite));
      }
    }
  });
  it('puts the extremes anywhere (last element, first element)', () => {
    const x = new Float64Array(17).fill(1);
    x[16] = -3;
    x[0] = 9;
    expect(finiteMinMax(x)).toEqual({ min: -3, max: 9 });
  });
  it('reports NaN for all-NaN and empty inputs', () => {
    expect(finiteMinMax(new Float32Array([NaN, NaN])).min).toBeNaN();
    expect(finiteMinMax(new Float32Array(0)).max).toBeNaN();
  });
  it('spans chunk boundaries (extremes in the last, partial chunk)', () => {
    const x = new Float32Array(3 * 16_384 + 5).fill(1);
    x[x.length - 1] = -2;
    x[16_384] = 7;
    expect(finiteMinMax(x)).toEqual({ min: -2, max: 7 });
  });
  it('works on integer arrays', () => {
    expect(finiteMinMax(new Int16Array([-1024, 3071, 0]))).toEqual({ min: -1024, max: 3071 });
  });
});

describe('finiteMeanStd', () => {
  it('gives the hand-computed population mean and std', () => {
    // [1, 2, 3, 4]: mean 2.5, deviations ±1.5, ±0.5 -> variance (2.25 + 0.25) * 2 / 4 = 1.25.
    const s = finiteMeanStd(new Float32Array([1, NaN, 2, 3, 4]));
    expect(s.count).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(1.25), 14);
  });
  it('clips to [lo, hi] before the statistics', () => {
    // [0, 10, 100] clipped to [0, 10] -> [0, 10, 10]: mean 20/3.
    expect(finiteMeanStd(new Float64Array([0, 10, 100]), 0, 10).mean).toBeCloseTo(20 / 3, 14);
  });
  it('keeps the variance of values far from zero (no cancellation)', () => {
    const x = new Float64Array(1000).map((_, i) => 1e8 + (i % 2));
    expect(finiteMeanStd(x).std).toBeCloseTo(0.5, 9);
  });
});

describe('finitePercentiles', () => {
  it('matches the hand-computed linear rule', () => {
    // sorted [1, 2, 3, 4]: p50 at h = 1.5 -> 2.5; p25 at h = 0.75 -> 1.75.
    expect(finitePercentiles(new Float32Array([4, 1, NaN, 3, 2]), [0, 25, 50, 100])).toEqual([1, 1.75, 2.5, 4]);
  });
  it('matches a full sort on random data with duplicates, in any percentile order', () => {
    const rng = createRng(7);
    for (const n of [1, 2, 3, 10, 101, 1000, 4097]) {
      const x = new Float32Array(n).map(() => Math.round(rng.normal() * 20) / 4);
      const ps = [99.5, 0.5, 50, 0, 100, 37.3];
      const got = finitePercentiles(x, ps);
      ps.forEach((p, i) => expect(got[i]).toBeCloseTo(sortedPercentile(Array.from(x), p), 10));
    }
  });
  it('handles sorted, reversed and constant inputs', () => {
    const up = new Float64Array(1000).map((_, i) => i);
    expect(finitePercentiles(up, [0.5, 99.5])).toEqual([4.995, 994.005].map((v) => expect.closeTo(v, 9)));
    expect(finitePercentiles(up.slice().reverse(), [50])[0]).toBeCloseTo(499.5, 12);
    expect(finitePercentiles(new Float32Array(50).fill(3), [1, 99])).toEqual([3, 3]);
  });
  it('returns NaN when every value is NaN, and leaves the input untouched', () => {
    expect(finitePercentiles(new Float32Array([NaN]), [50])[0]).toBeNaN();
    const x = new Float32Array([3, 1, 2]);
    finitePercentiles(x, [50]);
    expect(Array.from(x)).toEqual([3, 1, 2]);
  });
});

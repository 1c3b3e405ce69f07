import { createRng } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { PreprocessError } from './errors';
import { minMaxNormalize, percentileClipNormalize, windowNormalize, zScoreNormalize } from './normalize';

const f32 = (a: number[]): Float32Array => new Float32Array(a);
const arr = (x: Float32Array): number[] => Array.from(x);

describe('minMaxNormalize', () => {
  it('maps hand-computed values to [0, 1] and keeps NaN by default', () => {
    expect(arr(minMaxNormalize(f32([2, 4, NaN, 6, 3]), new Float32Array(5)))).toEqual([0, 0.5, NaN, 1, 0.25]);
  });
  it('writes 0 for NaN with nan: zero', () => {
    expect(arr(minMaxNormalize(f32([2, NaN, 6]), new Float32Array(3), { nan: 'zero' }))).toEqual([0, 0, 1]);
  });
  it('maps a constant volume to 0 without dividing by zero', () => {
    expect(arr(minMaxNormalize(f32([5, 5, NaN, 5]), new Float32Array(4)))).toEqual([0, 0, NaN, 0]);
  });
  it('maps an all-NaN volume to NaN or 0', () => {
    expect(arr(minMaxNormalize(f32([NaN, NaN]), new Float32Array(2)))).toEqual([NaN, NaN]);
    expect(arr(minMaxNormalize(f32([NaN, NaN]), new Float32Array(2), { nan: 'zero' }))).toEqual([0, 0]);
  });
  it('works in place and on integer inputs', () => {
    const x = f32([10, 20, 30]);
    expect(minMaxNormalize(x, x)).toBe(x);
    expect(arr(x)).toEqual([0, 0.5, 1]);
    expect(arr(minMaxNormalize(new Int16Array([-1000, 0, 1000]), new Float32Array(3)))).toEqual([0, 0.5, 1]);
  });
  it('agrees with a direct loop on random data of every length mod 8', () => {
    const rng = createRng(3);
    for (let n = 1; n < 40; n++) {
      const x = new Float32Array(n).map(() => rng.normal() * 100);
      let mn = Infinity;
      let mx = -Infinity;
      for (const v of x) {
        mn = Math.min(mn, v);
        mx = Math.max(mx, v);
      }
      const got = minMaxNormalize(x, new Float32Array(n));
      for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(mx > mn ? (x[i]! - mn) / (mx - mn) : 0, 6);
    }
  });
  it('refuses an infinite range with a typed error', () => {
    expect(() => minMaxNormalize(f32([0, Infinity]), new Float32Array(2))).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_NON_FINITE' }));
  });
});

describe('zScoreNormalize', () => {
  it('gives hand-computed values', () => {
    // [1, 2, 3]: mean 2, population std sqrt(2/3).
    const s = Math.sqrt(2 / 3);
    const got = zScoreNormalize(f32([1, 2, NaN, 3]), new Float32Array(4));
    expect(got[0]).toBeCloseTo(-1 / s, 6);
    expect(got[1]).toBe(0);
    expect(got[2]).toBeNaN();
    expect(got[3]).toBeCloseTo(1 / s, 6);
  });
  it('maps a constant volume to 0 and NaN to 0 with nan: zero', () => {
    expect(arr(zScoreNormalize(f32([7, NaN, 7]), new Float32Array(3), { nan: 'zero' }))).toEqual([0, 0, 0]);
  });
  it('has zero mean and unit std on random data', () => {
    const rng = createRng(11);
    const x = new Float32Array(10_000).map(() => 300 + 40 * rng.normal());
    const y = zScoreNormalize(x, new Float32Array(x.length));
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const variance = y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length;
    expect(Math.abs(mean)).toBeLessThan(1e-5);
    expect(variance).toBeCloseTo(1, 4);
  });
});

describe('windowNormalize', () => {
  it('clips and scales a CT window (hand-computed)', () => {
    expect(arr(windowNormalize(new Int16Array([-2000, -1000, -500, 0, 1000, 3000]), new Float32Array(6), -1000, 1000))).toEqual([0, 0, 0.25, 0.5, 1, 1]);
  });
  it('keeps or zeroes NaN', () => {
    expect(arr(windowNormalize(f32([NaN, 5]), new Float32Array(2), 0, 10))).toEqual([NaN, 0.5]);
    expect(arr(windowNormalize(f32([NaN, 5]), new Float32Array(2), 0, 10, { nan: 'zero' }))).toEqual([0, 0.5]);
  });
  it('refuses an empty window', () => {
    expect(() => windowNormalize(f32([1]), new Float32Array(1), 10, 10)).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_BAD_OPTION' }));
  });
});

describe('percentileClipNormalize', () => {
  it('clips at hand-computed percentiles and scales to [0, 1]', () => {
    // sorted [0, 1, 2, 3, 100]: p0 = 0, p75 at h = 3 -> 3.
    const got = percentileClipNormalize(f32([0, 1, 2, 3, 100]), new Float32Array(5), { lowPercentile: 0, highPercentile: 75 });
    expect(got[1]).toBeCloseTo(1 / 3, 6);
    expect(arr(got).map((v) => Math.round(v * 3))).toEqual([0, 1, 2, 3, 3]);
  });
  it('removes an outlier with the default 0.5/99.5 percentiles', () => {
    const x = new Float32Array(1000).map((_, i) => i % 100);
    x[0] = 1e6;
    const y = percentileClipNormalize(x, new Float32Array(1000));
    expect(y[0]).toBe(1);
    expect(y[500]).toBe(0); // 500 % 100 = 0 is below p0.5 (0) -> equal -> 0
    expect(y[550]).toBeCloseTo(50 / 99, 5); // p99.5 = 99 (the outlier is above it)
  });
  it('z-scores the clipped values', () => {
    // [0, 1, 2, 3, 100] clipped at p0/p75 -> [0, 1, 2, 3, 3]: mean 1.8, population std sqrt(1.36).
    const y = percentileClipNormalize(f32([0, 1, 2, 3, 100]), new Float32Array(5), { lowPercentile: 0, highPercentile: 75, scaling: 'zscore' });
    expect(y[4]).toBeCloseTo((3 - 1.8) / Math.sqrt(1.36), 6);
    expect(y[0]).toBeCloseTo(-1.8 / Math.sqrt(1.36), 6);
  });
  it('handles constant, all-NaN and NaN-holding inputs', () => {
    expect(arr(percentileClipNormalize(f32([4, 4, 4]), new Float32Array(3)))).toEqual([0, 0, 0]);
    expect(arr(percentileClipNormalize(f32([4, 4, 4]), new Float32Array(3), { scaling: 'zscore' }))).toEqual([0, 0, 0]);
    expect(arr(percentileClipNormalize(f32([NaN, NaN]), new Float32Array(2), { nan: 'zero' }))).toEqual([0, 0]);
    expect(arr(percentileClipNormalize(f32([0, NaN, 10]), new Float32Array(3), { lowPercentile: 0, highPercentile: 100 }))).toEqual([0, NaN, 1]);
  });
  it('tolerates a few infinite voxels (they are clipped)', () => {
    const x = new Float32Array(1000).map((_, i) => i);
    x[0] = -Infinity;
    x[999] = Infinity;
    const y = percentileClipNormalize(x, new Float32Array(1000));
    expect(y[0]).toBe(0);
    expect(y[999]).toBe(1);
  });
  it('refuses percentiles out of order or range', () => {
    for (const opts of [{ lowPercentile: 60, highPercentile: 40 }, { lowPercentile: -1 }, { highPercentile: 101 }]) {
      expect(() => percentileClipNormalize(f32([1, 2]), new Float32Array(2), opts)).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_BAD_OPTION' }));
    }
  });
});

describe('bad arguments', () => {
  it('refuses an out buffer of the wrong length or type', () => {
    for (const fn of [minMaxNormalize, zScoreNormalize, percentileClipNormalize]) {
      expect(() => fn(f32([1, 2, 3]), new Float32Array(2))).toThrow(PreprocessError);
      expect(() => fn(f32([1, 2, 3]), new Float64Array(3) as unknown as Float32Array)).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_SHAPE_MISMATCH' }));
    }
  });
  it('refuses an unknown NaN policy', () => {
    expect(() => minMaxNormalize(f32([1]), new Float32Array(1), { nan: 'drop' as 'keep' })).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_BAD_OPTION' }));
  });
});

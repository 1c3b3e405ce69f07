import { describe, expect, it } from 'vitest';
import { latencyStats, median, percentile, sortSamples, throughput } from './stats';

describe('percentile (nearest rank, p_k = L[ceil(k n / 100)])', () => {
  const L = sortSamples([15, 20, 35, 40, 50]);
  it('matches the textbook example', () => {
    // n = 5: p5 -> rank ceil(0.25)=1, p30 -> ceil(1.5)=2, p40 -> 2, p50 -> ceil(2.5)=3, p100 -> 5
    expect(percentile(L, 5)).toBe(15);
    expect(percentile(L, 30)).toBe(20);
    expect(percentile(L, 40)).toBe(20);
    expect(percentile(L, 50)).toBe(35);
    expect(percentile(L, 100)).toBe(50);
    expect(percentile(L, 0)).toBe(15);
  });
  it('p95 and p99 of 10 samples are the maximum; of 100 samples, ranks 95 and 99', () => {
    const ten = sortSamples([9, 1, 8, 2, 7, 3, 6, 4, 5, 10]);
    expect(percentile(ten, 95)).toBe(10); // ceil(9.5) = 10
    expect(percentile(ten, 90)).toBe(9); // ceil(9) = 9
    const hundred = sortSamples(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
  });
  it('refuses empty input and k outside [0, 100]', () => {
    expect(() => percentile(sortSamples([]), 50)).toThrow(/no samples/);
    expect(() => percentile(L, 101)).toThrow(/\[0, 100\]/);
  });
});

describe('latencyStats', () => {
  it('hand-computed values', () => {
    // samples 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares of deviations 32, std (n-1) = sqrt(32/7)
    const s = latencyStats([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.p50).toBe(4); // ceil(4) = 4th of 2,4,4,4,5,5,7,9
    expect(s.p95).toBe(9); // ceil(7.6) = 8
    expect(s.p99).toBe(9);
  });
  it('one sample: std 0; no samples: all null', () => {
    expect(latencyStats([3.5])).toEqual({ min: 3.5, max: 3.5, mean: 3.5, std: 0, p50: 3.5, p95: 3.5, p99: 3.5 });
    expect(latencyStats([]).p50).toBeNull();
  });
});

describe('throughput', () => {
  it('items/s = items * n / sum(seconds); voxels/s = voxels * items/s', () => {
    // 4 runs of 250 ms = 1 s in total, 2 items per run -> 8 items/s; 1000 voxels per item -> 8000 voxels/s
    const t = throughput([250, 250, 250, 250], 2, 1000);
    expect(t.items_per_sec).toBeCloseTo(8, 12);
    expect(t.voxels_per_sec).toBeCloseTo(8000, 9);
  });
  it('null without samples', () => {
    expect(throughput([], 1, 1)).toEqual({ items_per_sec: null, voxels_per_sec: null });
  });
});

describe('median', () => {
  it('middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/no samples/);
  });
});

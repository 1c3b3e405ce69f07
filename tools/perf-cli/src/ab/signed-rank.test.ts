import { describe, expect, it } from 'vitest';
import { hodgesLehmann, signedRankDistribution, signedRankTest, walshAverages } from './signed-rank';

describe('Wilcoxon signed-rank test', () => {
  it('exact null distribution of W+ for n = 3 (8 sign patterns)', () => {
    // sums of subsets of {1,2,3}: 0,1,2,3,3,4,5,6
    expect([...signedRankDistribution(3)].map((p) => p * 8)).toEqual([1, 1, 1, 2, 1, 1, 1]);
  });
  it('hand-computed p-values: d = 0.1, -0.2, 0.3, 0.4, 0.5 gives W+ = 13', () => {
    const r = signedRankTest([0.1, -0.2, 0.3, 0.4, 0.5]);
    expect(r.wPlus).toBe(13);
    // P(W+ >= 13) = P(W+ <= 2) = |{}, {1}, {2}| / 32
    expect(r.pGreater).toBeCloseTo(3 / 32, 14);
    // P(W+ <= 13) = 1 - P(W+ >= 14) = 1 - 2/32
    expect(r.pLess).toBeCloseTo(30 / 32, 14);
  });
  it('zeros are dropped; ties use the normal approximation with tie correction', () => {
    expect(signedRankTest([0, 0.1, 0.2]).n).toBe(2);
    const r = signedRankTest([0.1, 0.1, -0.1, 0.2, 0.2, 0.2, 0.3, 0.3]);
    // ranks: |0.1| x3 -> 2, |0.2| x3 -> 5, |0.3| x2 -> 7.5; W+ = 2+2+5+5+5+7.5+7.5 = 34
    expect(r.wPlus).toBe(34);
    expect(r.pGreater).toBeGreaterThan(0);
    expect(r.pGreater).toBeLessThan(0.05);
  });
});

describe('Hodges–Lehmann estimate and interval', () => {
  it('the median of the Walsh averages', () => {
    expect(walshAverages([1, 2, 3])).toEqual([1, 1.5, 2, 2, 2.5, 3]);
    expect(hodgesLehmann([1, 2, 3], 0.95).estimate).toBe(2);
  });
  it('n = 6 at 95%: k = 1, so the interval is [min, max] (its real level is 1 - 2/64 = 96.9%)', () => {
    const d = [0.05, -0.01, 0.02, 0.03, 0.08, 0.01];
    const hl = hodgesLehmann(d, 0.95);
    expect(hl.low).toBe(-0.01);
    expect(hl.high).toBe(0.08);
  });
  it('n = 5 is too few for a 95% interval (P(W+ = 0) = 1/32 > 0.025)', () => {
    expect(Number.isNaN(hodgesLehmann([1, 2, 3, 4, 5], 0.95).low)).toBe(true);
  });
  it('an outlier round moves the estimate little (unlike the mean)', () => {
    const d = [0.1, 0.11, 0.09, 0.1, 0.12, 0.08, 0.1, 1.2];
    const hl = hodgesLehmann(d, 0.95).estimate;
    expect(hl).toBeGreaterThan(0.09);
    expect(hl).toBeLessThan(0.12);
    expect(d.reduce((a, b) => a + b, 0) / d.length).toBeGreaterThan(0.23);
  });
});

import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { logRatios, minimumDetectableEffect, pairedStat, robustSe } from './paired';

describe('paired statistic', () => {
  it('log-ratios per round', () => {
    expect(logRatios([10, 20], [11, 20])).toEqual([Math.log(1.1), 0]);
    expect(() => logRatios([1], [1, 2])).toThrow(/1 base and 2 head/);
  });
  it('a constant +10% over 6 rounds: ratio 1.1, interval [1.1, 1.1], one-sided p = 1/64', () => {
    const s = pairedStat([10, 12, 9, 11, 10, 10], [11, 13.2, 9.9, 12.1, 11, 11]);
    expect(s.ratio).toBeCloseTo(1.1, 12);
    expect(s.ciLow).toBeCloseTo(1.1, 12);
    expect(s.ciHigh).toBeCloseTo(1.1, 12);
    // all six d_r equal and positive: ties -> normal approximation; all positive gives a small p
    expect(s.pGreater).toBeLessThan(0.05);
  });
  it('robust SE: 1.4826 MAD / sqrt(0.955 n)', () => {
    // d = 0, 0.1, 0.2, 0.3 -> median 0.15, |d - m| = .15,.05,.05,.15 -> MAD 0.1
    expect(robustSe([0, 0.1, 0.2, 0.3])).toBeCloseTo((1.4826 * 0.1) / Math.sqrt(0.955 * 4), 12);
  });
  it('MDE: never below the threshold; grows with noise and shrinks with rounds', () => {
    const quiet = minimumDetectableEffect({ rounds: 20, seLog: 0.005 }, 0.001, 0.1)!;
    expect(quiet).toBeGreaterThan(0.1);
    expect(quiet).toBeLessThan(0.11);
    const noisy = minimumDetectableEffect({ rounds: 20, seLog: 0.05 }, 0.001, 0.1)!;
    expect(noisy).toBeGreaterThan(0.2);
    expect(minimumDetectableEffect({ rounds: 40, seLog: 0.05 / Math.SQRT2 }, 0.001, 0.1)!).toBeLessThan(noisy);
    expect(minimumDetectableEffect({ rounds: 1, seLog: NaN }, 0.001, 0.1)).toBeNull();
  });
});

describe('decision rule', () => {
  const stat = (estimateLog: number, lo: number, hi: number, pGreater: number, pLess: number) => ({
    rounds: 10, estimateLog, seLog: 0.01, ratio: Math.exp(estimateLog), ciLow: Math.exp(lo), ciHigh: Math.exp(hi), pGreater, pLess,
  });
  it('regression: significant and past +T; improvement symmetrically', () => {
    expect(decide(stat(Math.log(1.15), Math.log(1.12), Math.log(1.18), 0.001, 0.999), 0.1, 1, 0.01).state).toBe('regression');
    expect(decide(stat(Math.log(0.85), Math.log(0.82), Math.log(0.88), 0.999, 0.001), 0.1, 1, 0.01).state).toBe('improvement');
  });
  it('significant but within the threshold, interval inside the band: unchanged', () => {
    expect(decide(stat(Math.log(1.05), Math.log(1.03), Math.log(1.07), 0.001, 0.999), 0.1, 1, 0.01).state).toBe('unchanged');
  });
  it('past the threshold but not significant: inconclusive; interval crossing the band: inconclusive', () => {
    expect(decide(stat(Math.log(1.15), Math.log(0.95), Math.log(1.4), 0.2, 0.8), 0.1, 1, 0.01).state).toBe('inconclusive');
    expect(decide(stat(Math.log(1.02), Math.log(0.95), Math.log(1.12), 0.3, 0.7), 0.1, 1, 0.01).state).toBe('inconclusive');
  });
  it('throughput: smaller is worse, and a 10% drop is the threshold', () => {
    expect(decide(stat(Math.log(0.85), Math.log(0.82), Math.log(0.88), 0.999, 0.001), 0.1, -1, 0.01).state).toBe('regression');
    expect(decide(stat(Math.log(0.92), Math.log(0.91), Math.log(0.93), 0.999, 0.001), 0.1, -1, 0.01).state).toBe('unchanged');
  });
});

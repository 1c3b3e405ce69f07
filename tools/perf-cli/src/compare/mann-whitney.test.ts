import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from './mann-whitney';
import { normalSf } from './normal';

describe('mannWhitneyU, exact', () => {
  it('x = [1,2,3] below y = [4,5,6]: U = 0, P(U ≤ 0) = 1 / C(6,3) = 1/20', () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r.method).toBe('exact');
    expect(r.u).toBe(0);
    expect(r.p).toBeCloseTo(0.1, 14); // two-sided: 2/20
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], { alternative: 'less' }).p).toBeCloseTo(0.05, 14);
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], { alternative: 'greater' }).p).toBeCloseTo(1, 14);
  });

  it('5 vs 5 fully separated: two-sided p = 2 / C(10,5) = 2/252 (the smallest p at n = 5)', () => {
    const r = mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    expect(r.u).toBe(25);
    expect(r.p).toBeCloseTo(2 / 252, 14);
    expect(mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5], { alternative: 'greater' }).p).toBeCloseTo(1 / 252, 14);
  });

  it('6 vs 7 with U = 4: P(U ≤ 4) = (p(0)+…+p(4)) / C(13,6) = (1+1+2+3+5)/1716', () => {
    // The number of arrangements with U = u is the number of partitions of u into at most
    // n1 parts no larger than n2; for u ≤ 4 < 6 that is the plain partition count p(u).
    const x = [1.1, 2.3, 3.0, 4.8, 5.2, 6.7];
    const y = [3.5, 5.9, 7.1, 8.4, 9.0, 9.9, 10.5];
    const r = mannWhitneyU(x, y, { alternative: 'less' });
    expect(r.u).toBe(4);
    expect(r.p).toBeCloseTo(12 / 1716, 14); // scipy: 0.006993006993006993
    expect(mannWhitneyU(x, y).p).toBeCloseTo(24 / 1716, 14);
  });

  it('ties: x = [1,2,2], y = [2,3,4] enumerated by hand', () => {
    // Mid-ranks of the pool 1,2,2,2,3,4 are 1,3,3,3,5,6; R1 = 1+3+3 = 7, U = 7 - 6 = 1.
    // Of the 20 ways to pick 3 of {1,3,3,3,5,6}, the sums ≤ 7 are {1,3,3} three times: P = 3/20.
    const r = mannWhitneyU([1, 2, 2], [2, 3, 4], { alternative: 'less' });
    expect(r.u).toBe(1);
    expect(r.p).toBeCloseTo(3 / 20, 14);
    expect(mannWhitneyU([1, 2, 2], [2, 3, 4]).p).toBeCloseTo(0.3, 14);
    expect(mannWhitneyU([1, 2, 2], [2, 3, 4], { alternative: 'greater' }).p).toBeCloseTo(1, 14);
  });

  it('all values equal: p = 1', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5]).p).toBe(1);
    expect(mannWhitneyU([5, 5, 5], [5, 5], { method: 'asymptotic' }).p).toBe(1);
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
    expect(() => mannWhitneyU([1, Number.NaN], [1])).toThrow(/finite/);
  });
});

describe('mannWhitneyU, normal approximation', () => {
  it('ties example by hand: σ² = n1n2/12 · (N+1 - Σ(t³-t)/(N(N-1))) = 0.75 · (7 - 24/30) = 4.65', () => {
    const r = mannWhitneyU([1, 2, 2], [2, 3, 4], { method: 'asymptotic' });
    const z = (Math.abs(1 - 4.5) - 0.5) / Math.sqrt(4.65);
    expect(r.z).toBeCloseTo(z, 14);
    expect(r.p).toBeCloseTo(2 * normalSf(z), 14);
    expect(r.p).toBeCloseTo(0.16415972847851523, 12); // scipy asymptotic
    expect(mannWhitneyU([1, 2, 2], [2, 3, 4], { method: 'asymptotic', alternative: 'less' }).p).toBeCloseTo(0.08207986423925762, 12);
  });

  it('no ties, 3 vs 3: z = (4.5 - 0.5)/√5.25', () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6], { method: 'asymptotic' });
    expect(r.p).toBeCloseTo(2 * normalSf(4 / Math.sqrt(5.25)), 14);
    expect(r.p).toBeCloseTo(0.08085559837005224, 12); // scipy asymptotic
  });

  it('30 vs 35 with many ties (one decimal) matches scipy.stats.mannwhitneyu asymptotic', () => {
    const x = [10.3, 10.8, 10.3, 8.7, 10.9, 10.4, 9.5, 10.6, 10.4, 10.3, 10.0, 10.5, 9.3, 9.8, 9.5, 10.6, 10.0, 9.7, 9.2, 9.7, 10.0, 9.7, 11.3, 11.0, 7.3, 8.1, 9.8, 9.6, 10.2, 10.2];
    const y = [12.7, 9.5, 10.2, 12.6, 11.2, 11.3, 10.1, 9.0, 10.8, 10.7, 9.4, 9.9, 10.5, 9.7, 10.5, 10.7, 10.6, 10.1, 11.2, 11.5, 10.9, 9.8, 11.3, 10.1, 11.5, 9.5, 11.5, 10.6, 9.4, 10.3, 10.7, 10.9, 9.6, 9.5, 10.8];
    const r = mannWhitneyU(x, y);
    expect(r.method).toBe('asymptotic'); // 65 > EXACT_MAX_TOTAL
    expect(r.u).toBe(342.5);
    expect(r.p).toBeCloseTo(0.01651153546165181, 12);
    expect(mannWhitneyU(x, y, { alternative: 'less' }).p).toBeCloseTo(0.008255767730825906, 12);
    expect(mannWhitneyU(x, y, { alternative: 'greater' }).p).toBeCloseTo(0.9920364193145378, 12);
  });

  it('exact and asymptotic agree roughly at 20 vs 20', () => {
    const x = Array.from({ length: 20 }, (_, i) => i * 1.37 + 0.5);
    const y = Array.from({ length: 20 }, (_, i) => i * 1.41 + 4.1);
    const e = mannWhitneyU(x, y);
    const a = mannWhitneyU(x, y, { method: 'asymptotic' });
    expect(e.method).toBe('exact');
    expect(Math.abs(e.p - a.p)).toBeLessThan(0.01);
  });
});

import { describe, expect, it } from 'vitest';
import { lnGamma, regularizedBeta, studentTSf, welchTTest } from './student-t';

describe('Student t', () => {
  it('ln Γ at known points', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
  it('I_x(a, b) against closed forms', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14);
    expect(regularizedBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
  });
  it('tail probabilities match the t table', () => {
    // Two-sided critical values: t(0.975, 9) = 2.262157, t(0.995, 9) = 3.249836, t(0.975, 1) = 12.7062
    expect(studentTSf(2.262157, 9)).toBeCloseTo(0.025, 6);
    expect(studentTSf(3.249836, 9)).toBeCloseTo(0.005, 6);
    expect(studentTSf(12.7062, 1)).toBeCloseTo(0.025, 5);
    expect(studentTSf(0, 7)).toBeCloseTo(0.5, 14);
    expect(studentTSf(-2.262157, 9)).toBeCloseTo(0.975, 6);
    // ν = 1 is Cauchy: P(T > t) = 1/2 - atan(t)/π
    expect(studentTSf(3, 1)).toBeCloseTo(0.5 - Math.atan(3) / Math.PI, 12);
  });
  it("Welch's test: hand-computed example", () => {
    // x = 1,2,3 and y = 4,5,6: means differ by -3, variances 1 and 1, se = sqrt(2/3),
    // t = -3.674235, df = 4, two-sided p = 0.021312 (t table / scipy.stats.ttest_ind(equal_var=False)).
    const r = welchTTest([1, 2, 3], [4, 5, 6]);
    expect(r.t).toBeCloseTo(-3.674235, 6);
    expect(r.df).toBeCloseTo(4, 12);
    expect(r.p).toBeCloseTo(0.021312, 5);
    expect(welchTTest([1, 2, 3], [4, 5, 6], 'less').p).toBeCloseTo(0.010656, 5);
    expect(welchTTest([1, 1], [1, 1]).p).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { fitPowerLaw } from './scaling';

describe('fitPowerLaw', () => {
  it('recovers an exact power law', () => {
    const n = [262144, 1048576, 2097152];
    const f = fitPowerLaw(n, n.map((x) => 0.002 * x ** 1.2));
    expect(f.exponent).toBeCloseTo(1.2, 12);
    expect(f.coefficient).toBeCloseTo(0.002, 12);
    expect(f.r2).toBeCloseTo(1, 12);
  });
  it('gives the least-squares slope of noisy points (hand computed)', () => {
    // x = ln[1, e, e^2] = [0, 1, 2], y = [0, 1.5, 2]: slope = (0*-1.1667 + 1*0.3333 + ... ) -> sxy = 2, sxx = 2
    const f = fitPowerLaw([1, Math.E, Math.E ** 2], [1, Math.exp(1.5), Math.exp(2)]);
    expect(f.exponent).toBeCloseTo(1, 12);
  });
  it('refuses too few or non-positive points', () => {
    expect(() => fitPowerLaw([1], [1])).toThrow(RangeError);
    expect(() => fitPowerLaw([1, 2], [0, 1])).toThrow(RangeError);
  });
});

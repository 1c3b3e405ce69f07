import { describe, expect, it } from 'vitest';
import { normalSf } from './normal';

// Reference values: Q(z) = erfc(z / √2) / 2, e.g. from tables or scipy.stats.norm.sf.
describe('normalSf', () => {
  it.each([
    [0, 0.5],
    [0.3, 0.3820885778110474],
    [1, 0.15865525393145707],
    [-1, 0.8413447460685429],
    [1.959963984540054, 0.025],
    [2.5, 0.006209665325776132],
    [3, 0.0013498980316300933],
    [5, 2.866515718791933e-7],
    [8, 6.22096057427174e-16],
  ])('Q(%f) = %g to 1e-12 relative', (z, q) => {
    expect(Math.abs(normalSf(z) - q) / q).toBeLessThan(1e-12);
  });

  it('handles infinities and is continuous across the switch at 3', () => {
    expect(normalSf(Infinity)).toBe(0);
    expect(normalSf(-Infinity)).toBe(1);
    expect(Math.abs(normalSf(2.9999999) - normalSf(3.0000001)) / normalSf(3)).toBeLessThan(1e-6);
  });
});

import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg';

describe('benjaminiHochberg', () => {
  it('hand example, m = 4', () => {
    // sorted: 0.005 (×4/1 = 0.02), 0.01 (×4/2 = 0.02), 0.03 (×4/3 = 0.04), 0.04 (×4/4 = 0.04)
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 15));
  });

  it('enforces monotonicity from the top (step-up), m = 8', () => {
    // raw m·p/i: 0.008, 0.032, 0.104, 0.082, 0.0672, 0.08, 0.0846, 0.205
    // running minimum from the largest: 0.205, 0.0846, 0.08, 0.0672, 0.0672, 0.0672, 0.032, 0.008
    const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205];
    const expected = [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.0845714285714286, 0.205];
    benjaminiHochberg(p).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
  });

  it('caps at 1, handles empty and rejects invalid p', () => {
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([1, 1, 1])).toEqual([1, 1, 1]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([1.5])).toThrow(RangeError);
  });
});

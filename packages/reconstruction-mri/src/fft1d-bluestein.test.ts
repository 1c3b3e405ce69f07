import { describe, expect, it } from 'vitest';
import { directDft1d, dftTolerance, maxAbsDiff, randomComplex } from '../test/support/direct-dft1d';
import { BluesteinFft } from './fft1d-bluestein';

describe('BluesteinFft (chirp-z over power-of-two fft.js transforms)', () => {
  it.each([
    // primes, the 257 of a 2^8 + 1 convolution length, and composites with a prime > 5
    7, 11, 23, 97, 257, 14, 255, 368,
    // any length works, smooth ones too
    2, 3, 12,
  ])('matches the direct DFT at n = %i in both directions to 1e-12·n', (n) => {
    const plan = new BluesteinFft(n);
    const x = randomComplex(n, n);
    for (const sign of [1, -1] as const) {
      const out = plan.run(x, 0, new Float64Array(2 * n), 0, sign);
      expect(maxAbsDiff(out, directDft1d(x, sign))).toBeLessThan(dftTolerance(n));
    }
  });

  it('reads and writes at offsets without touching neighbours or the input', () => {
    const n = 23;
    const plan = new BluesteinFft(n);
    const x = randomComplex(3 * n, 1);
    const copy = x.slice();
    for (const sign of [1, -1] as const) {
      const out = new Float64Array(6 * n).fill(42);
      plan.run(x, 2 * n + 2, out, 2 * n, sign);
      expect(maxAbsDiff(out.subarray(2 * n, 4 * n), directDft1d(x.slice(2 * n + 2, 4 * n + 2), sign))).toBeLessThan(dftTolerance(n));
      expect(out[2 * n - 1]).toBe(42);
      expect(out[4 * n]).toBe(42);
    }
    expect(x).toEqual(copy);
  });
});

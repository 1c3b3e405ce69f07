import { describe, expect, it } from 'vitest';
import { directDft1d, maxAbsDiff, randomComplex } from '../test/support/direct-dft1d';
import { createFft1d } from './fft1d';

describe('createFft1d', () => {
  it('chooses fft.js for powers of two, mixed radix for 2/3/5-smooth, Bluestein otherwise', () => {
    expect(createFft1d(256).kind).toBe('fftjs');
    expect(createFft1d(320).kind).toBe('mixed-radix');
    expect(createFft1d(368).kind).toBe('bluestein'); // 368 = 16 * 23
    expect(createFft1d(7).kind).toBe('bluestein');
    expect(createFft1d(1).kind).toBe('trivial');
  });

  it('n = 1 is the identity; sizes that are not positive integers are refused', () => {
    expect(createFft1d(1).run(new Float64Array([0, 3, -2, 0]), 1, new Float64Array(3), 1, -1)).toEqual(new Float64Array([0, 3, -2]));
    expect(() => createFft1d(0)).toThrow(/n must be a positive integer, received 0/);
    expect(() => createFft1d(2.5)).toThrow(/n must be a positive integer, received 2.5/);
  });

  it.each([2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 20, 23, 30, 45, 60, 64, 100, 125, 368])(
    'matches the direct DFT at n = %i in both directions to 1e-9',
    (n) => {
      const plan = createFft1d(n);
      const x = randomComplex(n, n);
      for (const sign of [1, -1] as const) {
        const out = plan.run(x, 0, new Float64Array(2 * n), 0, sign);
        expect(maxAbsDiff(out, directDft1d(x, sign))).toBeLessThan(1e-9 * Math.max(1, Math.sqrt(n)));
      }
    },
  );

  it('reads and writes at offsets without touching neighbours', () => {
    for (const n of [8, 15, 7]) {
      const plan = createFft1d(n);
      const x = randomComplex(3 * n, 5);
      const out = new Float64Array(6 * n).fill(42);
      plan.run(x, 2 * n, out, 2 * n, -1);
      const ref = plan.run(x.slice(2 * n, 4 * n), 0, new Float64Array(2 * n), 0, -1);
      expect(maxAbsDiff(out.subarray(2 * n, 4 * n), ref)).toBe(0);
      expect(out[2 * n - 1]).toBe(42);
      expect(out[4 * n]).toBe(42);
    }
  });
});

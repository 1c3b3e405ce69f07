import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import { directDft1d, dftTolerance, maxAbsDiff, randomComplex } from '../test/support/direct-dft1d';
import { FftJsPlan } from './fft1d-fftjs';

describe('FftJsPlan (fft.js through its public API)', () => {
  it.each([2, 4, 8, 16, 64, 256, 1024])('matches the direct DFT at n = %i in both directions to 1e-12·n', (n) => {
    const plan = new FftJsPlan(n);
    const x = randomComplex(n, n);
    for (const sign of [1, -1] as const) {
      const out = plan.run(x, 0, new Float64Array(2 * n), 0, sign);
      expect(maxAbsDiff(out, directDft1d(x, sign))).toBeLessThan(dftTolerance(n));
    }
  });

  it("agrees with fft.js's own inverseTransform times n (the forward transform read backwards)", () => {
    for (const n of [2, 4, 8, 256, 1024]) {
      const x = randomComplex(n, 3 * n);
      const ours = new FftJsPlan(n).run(x, 0, new Float64Array(2 * n), 0, 1);
      const theirs = new Float64Array(2 * n);
      new FFT(n).inverseTransform(theirs, x);
      expect(maxAbsDiff(ours, theirs.map((v) => v * n))).toBeLessThan(dftTolerance(n));
    }
  });

  it('reads and writes at offsets without touching neighbours or the input, the same on every call', () => {
    const n = 16;
    const plan = new FftJsPlan(n);
    // Offsets on whole rows (cached views) and off them (plain subarrays).
    for (const off of [2 * n, 6]) {
      const x = randomComplex(3 * n, off);
      const copy = x.slice();
      for (const sign of [1, -1] as const) {
        const ref = directDft1d(x.slice(off, off + 2 * n), sign);
        for (let call = 0; call < 2; call++) {
          const out = new Float64Array(6 * n).fill(42);
          plan.run(x, off, out, off, sign);
          expect(maxAbsDiff(out.subarray(off, off + 2 * n), ref)).toBeLessThan(dftTolerance(n));
          expect(out[off - 1]).toBe(42);
          expect(out[off + 2 * n]).toBe(42);
        }
      }
      expect(x).toEqual(copy);
    }
  });
});

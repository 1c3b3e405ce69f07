import { describe, expect, it } from 'vitest';
import { directDft1d, dftTolerance, maxAbsDiff, randomComplex } from '../test/support/direct-dft1d';
import { MixedRadixFft, smoothFactors } from './fft1d-mixed-radix';

describe('smoothFactors', () => {
  it('lists the factors 2, 3, 5 of n, or null when another prime divides n', () => {
    expect(smoothFactors(640)).toEqual([2, 2, 2, 2, 2, 2, 2, 5]);
    expect(smoothFactors(360)).toEqual([2, 2, 2, 3, 3, 5]);
    expect(smoothFactors(1)).toEqual([]);
    expect(smoothFactors(14)).toBeNull();
    expect(smoothFactors(257)).toBeNull();
  });
});

describe('MixedRadixFft (Stockham, radices 4, 2, 3, 5)', () => {
  it('pairs the 2s into radix-4 stages after the 5s and 3s', () => {
    expect(new MixedRadixFft(320).stages.map((s) => s.p)).toEqual([5, 4, 4, 4]);
    expect(new MixedRadixFft(360).stages.map((s) => s.p)).toEqual([5, 3, 3, 4, 2]);
    expect(new MixedRadixFft(256).stages.map((s) => s.p)).toEqual([4, 4, 4, 4]);
  });

  it.each([
    // powers of two (radix 4, and one radix 2 when the power is odd)
    2, 4, 8, 16, 32, 256,
    // 2·3·5 mixed
    3, 5, 6, 9, 10, 12, 15, 18, 20, 25, 27, 30, 45, 60, 100, 125, 240, 320, 360, 640,
  ])('matches the direct DFT at n = %i in both directions to 1e-12·n', (n) => {
    const plan = new MixedRadixFft(n);
    const x = randomComplex(n, n);
    for (const sign of [1, -1] as const) {
      const out = plan.run(x, 0, new Float64Array(2 * n), 0, sign);
      expect(maxAbsDiff(out, directDft1d(x, sign))).toBeLessThan(dftTolerance(n));
    }
  });

  it('reads and writes at offsets without touching neighbours or the input', () => {
    for (const n of [15, 16, 60]) {
      const plan = new MixedRadixFft(n);
      const x = randomComplex(3 * n, n);
      const copy = x.slice();
      for (const sign of [1, -1] as const) {
        const out = new Float64Array(6 * n).fill(42);
        plan.run(x, 2 * n + 4, out, 2 * n, sign);
        expect(maxAbsDiff(out.subarray(2 * n, 4 * n), directDft1d(x.slice(2 * n + 4, 4 * n + 4), sign))).toBeLessThan(dftTolerance(n));
        expect(out[2 * n - 1]).toBe(42);
        expect(out[4 * n]).toBe(42);
      }
      expect(x).toEqual(copy);
    }
  });

  it.each([
    [12, 1],
    [20, 3],
    [16, 7],
    [45, 4],
  ])('runColumns transforms every column of an [%i, %i] array like the direct DFT', (n, cols) => {
    const plan = new MixedRadixFft(n);
    const x = randomComplex(n * cols, n + cols);
    for (const sign of [1, -1] as const) {
      const res = plan.runColumns(x.slice(), new Float64Array(x.length), cols, sign);
      for (let c = 0; c < cols; c++) {
        const col = new Float64Array(2 * n);
        const got = new Float64Array(2 * n);
        for (let r = 0; r < n; r++) {
          col.set(x.subarray(2 * (r * cols + c), 2 * (r * cols + c) + 2), 2 * r);
          got.set(res.subarray(2 * (r * cols + c), 2 * (r * cols + c) + 2), 2 * r);
        }
        expect(maxAbsDiff(got, directDft1d(col, sign))).toBeLessThan(dftTolerance(n));
      }
    }
  });
});

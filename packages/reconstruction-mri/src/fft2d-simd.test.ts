import { describe, expect, it } from 'vitest';
import { randomComplex } from '../test/support/direct-dft1d';
import { MixedRadixFft } from './fft1d-mixed-radix';
import { SimdImageFft } from './fft2d-simd';

describe('SimdImageFft', () => {
  it.each([
    [16, 64],
    [20, 40],
    [30, 12],
    [320, 320],
  ])('gives exactly the scalar Stockham stages\' plain forward 2D DFT at %ix%i (same operations, same order)', (ny, nx) => {
    const x = randomComplex(ny * nx, ny + nx);
    const simd = SimdImageFft.create(ny, nx)!;
    expect(simd).not.toBeNull();
    simd.a.set(x);
    const got = simd.run();
    // Scalar: each row by MixedRadixFft.run, then the columns by runColumns.
    const rows = new MixedRadixFft(nx);
    const a = new Float64Array(x.length);
    for (let r = 0; r < ny; r++) rows.run(x, 2 * r * nx, a, 2 * r * nx, -1);
    const want = new MixedRadixFft(ny).runColumns(a, new Float64Array(x.length), nx, -1);
    let diff = 0;
    for (let i = 0; i < want.length; i++) diff = Math.max(diff, Math.abs(got[i]! - want[i]!));
    expect(diff).toBe(0);
  });

  it('applies the centring signs (-1)^(r + l) times (re, im) in place', () => {
    const simd = SimdImageFft.create(2, 4)!;
    simd.a.fill(1);
    simd.signs(simd.a, 2, -3);
    expect(Array.from(simd.a)).toEqual([2, -3, -2, 3, 2, -3, -2, 3, -2, 3, 2, -3, -2, 3, 2, -3]);
  });
});

/**
 * Single bins of the centred orthonormal 2D DFT, computed directly from the definition
 * (O(ny·nx) per bin, no FFT): the independent check of what the FFT plans produce.
 *
 * With h_y = floor(ny/2), h_x = floor(nx/2) and σ = -1 (forward) or +1 (inverse):
 *
 *   X[r, c] = (1 / sqrt(ny·nx)) Σ_{i, j} x[i, j] · exp(σ 2πi ((r - h_y)(i - h_y) / ny + (c - h_x)(j - h_x) / nx))
 *
 * which is fft2d.ts's fftshift(fft2(ifftshift(x))) / sqrt(ny·nx) (forward) and its inverse.
 * The sum separates: a row phase e_y[i] and a column phase e_x[j] (tables of n angles each),
 * X = Σ_i e_y[i] Σ_j e_x[j] x[i, j]. Angles are reduced exactly in integers,
 * ((r - h)(i - h)) mod n, before the multiplication by 2π/n, so large n loses no accuracy.
 * Sums in float64: the error is ~1e-16 · Σ|x| / sqrt(ny·nx), against the FFT's ~1e-16 ·
 * log(n) · ||x||.
 */
import type { ComplexArray, FftDirection } from './types';
import { checkSize } from './validate';
import { MriReconError } from './errors';

/** exp(σ 2πi ((k - h)(i - h) mod n) / n) for i = 0..n-1, interleaved. */
function phases(n: number, k: number, sign: number): Float64Array {
  const h = n >> 1;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const m = ((((k - h) * (i - h)) % n) + n) % n;
    const a = (2 * Math.PI * m) / n;
    out[2 * i] = Math.cos(a);
    out[2 * i + 1] = sign * Math.sin(a);
  }
  return out;
}

/**
 * One bin [re, im] of the centred orthonormal DFT of the complex image `x` ([ny, nx],
 * interleaved, starting at `offset`), forward or inverse.
 * @example
 * // a DC spike of value sqrt(ny nx) at the k-space centre is a flat image of ones:
 * const k = new Float64Array(2 * 4 * 4); k[2 * (2 * 4 + 2)] = 4;
 * centredDftBin(k, 4, 4, 0, 3, 'inverse') // [1, 0]
 */
export function centredDftBin(x: ComplexArray, ny: number, nx: number, r: number, c: number, direction: FftDirection, offset = 0): [number, number] {
  checkSize('centredDftBin', 'ny', ny);
  checkSize('centredDftBin', 'nx', nx);
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || r >= ny || c < 0 || c >= nx) {
    throw new MriReconError('RPERF_MRI_BAD_SIZE', `centredDftBin: bin (${r}, ${c}) is outside the [${ny}, ${nx}] grid`);
  }
  if (offset < 0 || offset + 2 * ny * nx > x.length) {
    throw new MriReconError('RPERF_MRI_SHAPE_MISMATCH', `centredDftBin: ${x.length} numbers from offset ${offset} cannot hold a [${ny}, ${nx}] complex image`);
  }
  const sign = direction === 'forward' ? -1 : 1;
  const ey = phases(ny, r, sign);
  const ex = phases(nx, c, sign);
  let re = 0;
  let im = 0;
  for (let i = 0; i < ny; i++) {
    let rr = 0;
    let ri = 0;
    const row = offset + 2 * i * nx;
    for (let j = 0; j < nx; j++) {
      const a = x[row + 2 * j]!;
      const b = x[row + 2 * j + 1]!;
      const pc = ex[2 * j]!;
      const ps = ex[2 * j + 1]!;
      rr += a * pc - b * ps;
      ri += a * ps + b * pc;
    }
    const pc = ey[2 * i]!;
    const ps = ey[2 * i + 1]!;
    re += rr * pc - ri * ps;
    im += rr * ps + ri * pc;
  }
  const s = 1 / Math.sqrt(ny * nx);
  return [re * s, im * s];
}

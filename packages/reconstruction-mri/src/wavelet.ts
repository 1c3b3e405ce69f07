/**
 * Orthonormal 2D Haar wavelet transform (multi-level, Mallat layout) of interleaved complex
 * images, applied to the real and imaginary parts alike.
 *
 * One level on a block of h x w (both even): every row pair (a, b) -> ((a + b)/√2, (a - b)/√2)
 * with averages in the left half and details in the right, then the same down the columns
 * (averages top). Level l works on the top-left (ny >> l) x (nx >> l) block. The transform
 * is orthonormal, so its inverse is its transpose and it keeps the l2 norm.
 */
import { MriReconError } from './errors';
import type { ComplexArray } from './types';
import { checkSize } from './validate';

const R = Math.SQRT1_2;

/**
 * A planned Haar transform for ny x nx complex images and `levels` levels (ny and nx must be
 * divisible by 2^levels).
 * @example new HaarWavelet2d(256, 256, 4).forward(img, coeffs) // ||coeffs|| = ||img||
 */
export class HaarWavelet2d {
  private readonly line: Float64Array;

  constructor(
    readonly ny: number,
    readonly nx: number,
    readonly levels: number,
  ) {
    checkSize('HaarWavelet2d', 'ny', ny);
    checkSize('HaarWavelet2d', 'nx', nx);
    checkSize('HaarWavelet2d', 'levels', levels);
    const d = 2 ** levels;
    if (ny % d !== 0 || nx % d !== 0) {
      throw new MriReconError(
        'RPERF_MRI_BAD_OPTION',
        `HaarWavelet2d: ${levels} levels need ny and nx divisible by ${d}, received ${ny} x ${nx}; use fewer levels (at most ${Math.min(twos(ny), twos(nx))})`,
      );
    }
    this.line = new Float64Array(2 * Math.max(ny, nx));
  }

  /** Coefficients of `x` into `out` (may be `x`). Returns `out`. */
  forward(x: ComplexArray, out: ComplexArray): ComplexArray {
    if (out !== x) out.set(x);
    for (let l = 0; l < this.levels; l++) {
      const h = this.ny >> l;
      const w = this.nx >> l;
      for (let y = 0; y < h; y++) this.analyse(out, 2 * y * this.nx, 2, w);
      for (let c = 0; c < w; c++) this.analyse(out, 2 * c, 2 * this.nx, h);
    }
    return out;
  }

  /** Image from coefficients `c` into `out` (may be `c`). Returns `out`. */
  inverse(c: ComplexArray, out: ComplexArray): ComplexArray {
    if (out !== c) out.set(c);
    for (let l = this.levels - 1; l >= 0; l--) {
      const h = this.ny >> l;
      const w = this.nx >> l;
      for (let col = 0; col < w; col++) this.synthesise(out, 2 * col, 2 * this.nx, h);
      for (let y = 0; y < h; y++) this.synthesise(out, 2 * y * this.nx, 2, w);
    }
    return out;
  }

  /** Number of coefficients (complex) in the coarsest approximation block, which is never thresholded. */
  coarseBlock(): { h: number; w: number } {
    return { h: this.ny >> this.levels, w: this.nx >> this.levels };
  }

  private analyse(a: Float64Array, off: number, stride: number, n: number): void {
    const t = this.line;
    const half = n >> 1;
    for (let i = 0; i < half; i++) {
      const p = off + 2 * i * stride;
      const q = p + stride;
      t[2 * i] = (a[p]! + a[q]!) * R;
      t[2 * i + 1] = (a[p + 1]! + a[q + 1]!) * R;
      t[2 * (half + i)] = (a[p]! - a[q]!) * R;
      t[2 * (half + i) + 1] = (a[p + 1]! - a[q + 1]!) * R;
    }
    for (let i = 0; i < n; i++) {
      a[off + i * stride] = t[2 * i]!;
      a[off + i * stride + 1] = t[2 * i + 1]!;
    }
  }

  private synthesise(a: Float64Array, off: number, stride: number, n: number): void {
    const t = this.line;
    const half = n >> 1;
    for (let i = 0; i < half; i++) {
      const s = off + i * stride;
      const d = off + (half + i) * stride;
      t[4 * i] = (a[s]! + a[d]!) * R;
      t[4 * i + 1] = (a[s + 1]! + a[d + 1]!) * R;
      t[4 * i + 2] = (a[s]! - a[d]!) * R;
      t[4 * i + 3] = (a[s + 1]! - a[d + 1]!) * R;
    }
    for (let i = 0; i < n; i++) {
      a[off + i * stride] = t[2 * i]!;
      a[off + i * stride + 1] = t[2 * i + 1]!;
    }
  }
}

function twos(n: number): number {
  let k = 0;
  while (n % 2 === 0) {
    n /= 2;
    k++;
  }
  return k;
}

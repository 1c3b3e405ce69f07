/**
 * fft.js (radix-4, Indutny) as an Fft1d plan for powers of two, through its public API
 * only: `new FFT(n)` once per plan and `transform(out, data)`, the unnormalised forward DFT.
 *
 * fft.js's public inverse (`inverseTransform`) divides by n in an extra pass, and the 2D plan
 * folds its orthonormal scale into the shift phases instead, so the unnormalised inverse is
 * the forward transform of the conjugate, conjugated:
 *
 *   Σ_j x_j e^{+2πi jk/n} = conj(Σ_j conj(x_j) e^{-2πi jk/n}).
 *
 * Bit for bit what fft.js's own inverse computes: its inverse is its forward with the signs
 * of the twiddles' imaginary parts and of ±i flipped, and IEEE negation is exact
 * (fft1d-fftjs.test.ts compares with fft.js's inverseTransform). The two conjugations cost
 * two passes over the row, so the hot paths avoid them: Bluestein folds them into its own
 * loops, fft2d.ts reads the forward transform backwards (X_inv[m] = X_fwd[(n - m) mod n]).
 */
import FFT from 'fft.js';
import type { Fft1d } from './types';

/**
 * fft.js works on whole arrays from index 0, so offsets become `subarray` views; the views
 * are cached per buffer (WeakMap) so steady-state calls allocate nothing.
 */
export class FftJsPlan implements Fft1d {
  readonly kind = 'fftjs' as const;
  private readonly f: FFT;
  private readonly views = new WeakMap<Float64Array, (Float64Array | undefined)[]>();
  /** conj(input) of the inverse. */
  private readonly conj: Float64Array;

  constructor(readonly n: number) {
    this.f = new FFT(n);
    this.conj = new Float64Array(2 * n);
  }

  private view(buf: Float64Array, off: number): Float64Array {
    const len = 2 * this.n;
    if (off === 0 && buf.length === len) return buf;
    if (off % len !== 0) return buf.subarray(off, off + len);
    let list = this.views.get(buf);
    if (!list) {
      list = [];
      this.views.set(buf, list);
    }
    const i = off / len;
    return (list[i] ??= buf.subarray(off, off + len));
  }

  run(input: Float64Array, inOff: number, out: Float64Array, outOff: number, sign: 1 | -1): Float64Array {
    const dst = this.view(out, outOff);
    if (sign === -1) {
      this.f.transform(dst, this.view(input, inOff));
      return out;
    }
    const c = this.conj;
    const n2 = 2 * this.n;
    for (let i = 0; i < n2; i += 2) {
      c[i] = input[inOff + i]!;
      c[i + 1] = -input[inOff + i + 1]!;
    }
    this.f.transform(dst, c);
    for (let i = 1; i < n2; i += 2) dst[i] = -dst[i]!;
    return out;
  }
}

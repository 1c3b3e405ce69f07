/**
 * fft.js (radix-4, Indutny) as an Fft1d plan for powers of two, through its public API
 * only: `new FFT(n)` once per plan and `transform(out, data)`, the unnormalised forward DFT.
 *
 * fft.js's public inverse (`inverseTransform`) divides by n in an extra pass, and the 2D plan
 * folds its orthonormal scale into the shift phases instead, so the unnormalised inverse is
 * the forward transform read backwards:
 *
 *   Σ_j x_j e^{+2πi jk/n} = X_fwd[(n - k) mod n].
 *
 * `run` reverses the row in place (one pass over it); the hot paths fold the reversed read
 * into a loop they run anyway (fft2d.ts's phase loop, Bluestein's last loop).
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

  constructor(readonly n: number) {
    this.f = new FFT(n);
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
    this.f.transform(dst, this.view(input, inOff));
    if (sign === 1) {
      // Swap values k and n - k (k = 1 .. n/2 - 1) of the forward transform.
      for (let k = 2, l = 2 * this.n - 2; k < l; k += 2, l -= 2) {
        const re = dst[k]!;
        const im = dst[k + 1]!;
        dst[k] = dst[l]!;
        dst[k + 1] = dst[l + 1]!;
        dst[l] = re;
        dst[l + 1] = im;
      }
    }
    return out;
  }
}

/**
 * Bluestein's chirp-z algorithm for any length n (used for lengths with a prime factor other
 * than 2, 3, 5), on interleaved complex float64, unnormalised; exact in exact arithmetic:
 * with c_j = exp(sign·iπ j² / n), jk = (j² + k² - (k - j)²) / 2 gives
 * X[k] = c_k Σ_j (x_j c_j) conj(c_{k-j}), a circular convolution done with power-of-two
 * fft.js transforms of length M >= 2n - 1 (the signal itself is never zero-padded: this is
 * the length-n DFT).
 */
import { FftJsPlan } from './fft1d-fftjs';
import type { Fft1d } from './types';

/** Bluestein (chirp-z) plan for lengths with a prime factor other than 2, 3, 5. */
export class BluesteinFft implements Fft1d {
  readonly kind = 'bluestein' as const;
  private readonly size: number;
  private readonly conv: FftJsPlan;
  /** c_j = exp(-iπ j²/n) (forward chirp); the inverse chirp is its conjugate. */
  private readonly chirp: Float64Array;
  /** FFT of the length-M kernel conj(c_l), l = -(n-1)..n-1 wrapped, per sign. */
  private readonly kernF: Float64Array;
  private readonly kernI: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(readonly n: number) {
    let size = 1;
    while (size < 2 * n - 1) size <<= 1;
    this.size = size;
    this.conv = new FftJsPlan(size);
    this.chirp = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) {
      // j² mod 2n keeps the angle small and exact for large j.
      const a = (Math.PI * ((j * j) % (2 * n))) / n;
      this.chirp[2 * j] = Math.cos(a);
      this.chirp[2 * j + 1] = -Math.sin(a);
    }
    this.a = new Float64Array(2 * size);
    this.b = new Float64Array(2 * size);
    this.kernF = this.kernel(-1);
    this.kernI = this.kernel(1);
  }

  private kernel(sign: 1 | -1): Float64Array {
    // b_l = conj(c_l) with c_l = exp(sign iπ l²/n): cos, -sign·sin... from the stored forward chirp.
    const k = new Float64Array(2 * this.size);
    const n = this.n;
    for (let l = 0; l < n; l++) {
      const re = this.chirp[2 * l]!;
      const im = -sign * -this.chirp[2 * l + 1]!; // forward chirp im = -sin; conj(c_l) im = -sign·sin
      k[2 * l] = re;
      k[2 * l + 1] = im;
      if (l > 0) {
        k[2 * (this.size - l)] = re;
        k[2 * (this.size - l) + 1] = im;
      }
    }
    const out = new Float64Array(2 * this.size);
    this.conv.run(k, 0, out, 0, -1);
    return out;
  }

  run(input: Float64Array, inOff: number, out: Float64Array, outOff: number, sign: 1 | -1): Float64Array {
    const n = this.n;
    const size = this.size;
    const a = this.a;
    const b = this.b;
    const ch = this.chirp;
    const cs = -sign; // c_j = (ch_re, cs·ch_im)
    for (let j = 0; j < n; j++) {
      const xr = input[inOff + 2 * j]!;
      const xi = input[inOff + 2 * j + 1]!;
      const cr = ch[2 * j]!;
      const ci = cs * ch[2 * j + 1]!;
      a[2 * j] = xr * cr - xi * ci;
      a[2 * j + 1] = xr * ci + xi * cr;
    }
    a.fill(0, 2 * n);
    this.conv.run(a, 0, b, 0, -1);
    const kern = sign === -1 ? this.kernF : this.kernI;
    for (let i = 0; i < size; i++) {
      const br = b[2 * i]!;
      const bi = b[2 * i + 1]!;
      const kr = kern[2 * i]!;
      const ki = kern[2 * i + 1]!;
      b[2 * i] = br * kr - bi * ki;
      b[2 * i + 1] = br * ki + bi * kr;
    }
    // The inverse transform of the convolution: the forward one read backwards, at
    // (size - k) mod size (as in fft1d-fftjs.ts, without its reversal pass).
    this.conv.run(b, 0, a, 0, -1);
    const inv = 1 / size;
    const mask = 2 * size - 1;
    for (let k = 0; k < n; k++) {
      const q = (2 * size - 2 * k) & mask;
      const vr = a[q]! * inv;
      const vi = a[q + 1]! * inv;
      const cr = ch[2 * k]!;
      const ci = cs * ch[2 * k + 1]!;
      out[outOff + 2 * k] = vr * cr - vi * ci;
      out[outOff + 2 * k + 1] = vr * ci + vi * cr;
    }
    return out;
  }
}

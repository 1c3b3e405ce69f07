/**
 * Stockham autosort mixed-radix FFT for n = 2^a 3^b 5^c (radices 4, 2, 3, 5), decimation
 * in frequency, on interleaved complex float64, unnormalised. With n_s the length still to
 * transform at stage s, stride q_s = n / n_s and radix p (m = n_s / p), each stage computes
 * for j < m, t < q_s
 *
 *   y[t + q_s (p j + k)] = w_{n_s}^{jk} · Σ_r x[t + q_s (j + r m)] · ω_p^{rk},
 *
 * (ω_p = exp(sign 2πi / p), w_{n_s} = exp(sign 2πi / n_s)), ping-ponging between two
 * buffers; the output comes out in natural order (no bit reversal).
 */
import type { Fft1d } from './types';

/** The factors of n in 2, 3 and 5, or null when another prime divides n. */
export function smoothFactors(n: number): number[] | null {
  const f: number[] = [];
  let m = n;
  for (const p of [2, 3, 5]) {
    while (m % p === 0) {
      f.push(p);
      m /= p;
    }
  }
  return m === 1 ? f : null;
}

/** One Stockham stage of a plan (exported for the SIMD 2D pipeline, fft2d-simd.ts). */
export interface Stage {
  /** Radix p. */
  readonly p: number;
  /** m = n_s / p. */
  readonly m: number;
  /** Stride q_s = n / n_s. */
  readonly s: number;
  /** Twiddles w^{jk} for j < m, 1 <= k < p: cos at 2((j(p-1) + k-1)), sin next; forward and inverse. */
  readonly twF: Float64Array;
  readonly twI: Float64Array;
}

/** Stockham mixed-radix plan for n = 2^a 3^b 5^c (also usable for powers of two). */
export class MixedRadixFft implements Fft1d {
  readonly kind = 'mixed-radix' as const;
  readonly stages: Stage[] = [];
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;

  constructor(readonly n: number) {
    const f = smoothFactors(n)!;
    // Pair the 2s into radix-4 stages (fewer passes), keep one radix 2 when a is odd.
    const twos = f.filter((p) => p === 2).length;
    const radices: number[] = [
      ...f.filter((p) => p === 5),
      ...f.filter((p) => p === 3),
      ...Array<number>(twos >> 1).fill(4),
      ...(twos & 1 ? [2] : []),
    ];
    let ns = n;
    let s = 1;
    for (const p of radices) {
      const m = ns / p;
      const twF = new Float64Array(2 * m * (p - 1));
      const twI = new Float64Array(2 * m * (p - 1));
      for (let j = 0; j < m; j++) {
        for (let k = 1; k < p; k++) {
          const a = (2 * Math.PI * ((j * k) % ns)) / ns;
          const o = 2 * (j * (p - 1) + k - 1);
          twF[o] = Math.cos(a);
          twF[o + 1] = -Math.sin(a);
          twI[o] = Math.cos(a);
          twI[o + 1] = Math.sin(a);
        }
      }
      this.stages.push({ p, m, s, twF, twI });
      ns = m;
      s *= p;
    }
    this.bufA = new Float64Array(2 * n);
    this.bufB = new Float64Array(2 * n);
  }

  /**
   * Transform along the slow axis of an `[n, cols]` complex array: the same stages with
   * every stride multiplied by `cols` (element t + s(j + rm) of the 1D formula becomes row
   * t_r + s(j + rm), column c, i.e. complex index t + s·cols·(j + rm) with t = t_r·cols + c).
   * All `cols` transforms advance together with long contiguous inner loops and no
   * transposes. Ping-pongs between `a` (holding the input, overwritten) and `b`; returns the
   * buffer holding the result.
   */
  runColumns(a: Float64Array, b: Float64Array, cols: number, sign: 1 | -1): Float64Array {
    let x = a;
    let y = b;
    for (const stage of this.stages) {
      runStage(stage, x, 0, y, 0, stage.s * cols, sign);
      const t = x;
      x = y;
      y = t;
    }
    return x;
  }

  run(input: Float64Array, inOff: number, out: Float64Array, outOff: number, sign: 1 | -1): Float64Array {
    const st = this.stages;
    const last = st.length - 1;
    let x = input;
    let xo = inOff;
    // Choose the first scratch so that the last stage lands in `out`.
    let scratch = last % 2 === 0 ? this.bufA : this.bufB;
    for (let i = 0; i <= last; i++) {
      const stage = st[i]!;
      const y = i === last ? out : scratch;
      const yo = i === last ? outOff : 0;
      runStage(stage, x, xo, y, yo, stage.s, sign);
      x = y;
      xo = yo;
      scratch = scratch === this.bufA ? this.bufB : this.bufA;
    }
    return out;
  }
}

/** Run one stage on x at complex stride s (s·cols along the slow axis of an image), into y. */
export function runStage(stage: Stage, x: Float64Array, xo: number, y: Float64Array, yo: number, s: number, sign: 1 | -1): void {
  const tw = sign === -1 ? stage.twF : stage.twI;
  switch (stage.p) {
    case 4:
      radix4(x, xo, y, yo, stage.m, s, tw, sign);
      break;
    case 2:
      radix2(x, xo, y, yo, stage.m, s, tw);
      break;
    case 3:
      radix3(x, xo, y, yo, stage.m, s, tw, sign);
      break;
    default:
      radix5(x, xo, y, yo, stage.m, s, tw, sign);
  }
}

// Stage kernels. Index of complex element e is 2e; x[t + s(j + r m)] in complex units.
// NOTE: j = 0 (all twiddles 1) gets its own loop: the last stage is all j = 0.

function radix2(x: Float64Array, xo: number, y: Float64Array, yo: number, m: number, s: number, tw: Float64Array): void {
  for (let j = 0; j < m; j++) {
    const wr = j === 0 ? 1 : tw[2 * j]!;
    const wi = j === 0 ? 0 : tw[2 * j + 1]!;
    let a0 = xo + 2 * s * j;
    let a1 = a0 + 2 * s * m;
    let b0 = yo + 2 * s * 2 * j;
    let b1 = b0 + 2 * s;
    for (let t = 0; t < s; t++, a0 += 2, a1 += 2, b0 += 2, b1 += 2) {
      const ur = x[a0]!;
      const ui = x[a0 + 1]!;
      const vr = x[a1]!;
      const vi = x[a1 + 1]!;
      y[b0] = ur + vr;
      y[b0 + 1] = ui + vi;
      const dr = ur - vr;
      const di = ui - vi;
      y[b1] = dr * wr - di * wi;
      y[b1 + 1] = dr * wi + di * wr;
    }
  }
}

function radix4(x: Float64Array, xo: number, y: Float64Array, yo: number, m: number, s: number, tw: Float64Array, sign: number): void {
  const sm2 = 2 * s * m;
  const s2 = 2 * s;
  for (let j = 0; j < m; j++) {
    let w1r = 1;
    let w1i = 0;
    let w2r = 1;
    let w2i = 0;
    let w3r = 1;
    let w3i = 0;
    if (j > 0) {
      const o = 6 * j;
      w1r = tw[o]!;
      w1i = tw[o + 1]!;
      w2r = tw[o + 2]!;
      w2i = tw[o + 3]!;
      w3r = tw[o + 4]!;
      w3i = tw[o + 5]!;
    }
    let a0 = xo + s2 * j;
    let b0 = yo + s2 * 4 * j;
    for (let t = 0; t < s; t++, a0 += 2, b0 += 2) {
      const a1 = a0 + sm2;
      const a2 = a1 + sm2;
      const a3 = a2 + sm2;
      const x0r = x[a0]!;
      const x0i = x[a0 + 1]!;
      const x1r = x[a1]!;
      const x1i = x[a1 + 1]!;
      const x2r = x[a2]!;
      const x2i = x[a2 + 1]!;
      const x3r = x[a3]!;
      const x3i = x[a3 + 1]!;
      const sr = x0r + x2r;
      const si = x0i + x2i;
      const dr = x0r - x2r;
      const di = x0i - x2i;
      const tr = x1r + x3r;
      const ti = x1i + x3i;
      // ω(x1 - x3) with ω = sign·i: (ur + i ui)·(sign i) = sign(-ui + i ur)
      const ur = x1r - x3r;
      const ui = x1i - x3i;
      const er = -sign * ui;
      const ei = sign * ur;
      const c0r = sr + tr;
      const c0i = si + ti;
      const c1r = dr + er;
      const c1i = di + ei;
      const c2r = sr - tr;
      const c2i = si - ti;
      const c3r = dr - er;
      const c3i = di - ei;
      const b1 = b0 + s2;
      const b2 = b1 + s2;
      const b3 = b2 + s2;
      y[b0] = c0r;
      y[b0 + 1] = c0i;
      y[b1] = c1r * w1r - c1i * w1i;
      y[b1 + 1] = c1r * w1i + c1i * w1r;
      y[b2] = c2r * w2r - c2i * w2i;
      y[b2 + 1] = c2r * w2i + c2i * w2r;
      y[b3] = c3r * w3r - c3i * w3i;
      y[b3 + 1] = c3r * w3i + c3i * w3r;
    }
  }
}

const SQRT3_2 = Math.sqrt(3) / 2;

function radix3(x: Float64Array, xo: number, y: Float64Array, yo: number, m: number, s: number, tw: Float64Array, sign: number): void {
  const sm2 = 2 * s * m;
  const s2 = 2 * s;
  const k3 = sign * SQRT3_2;
  for (let j = 0; j < m; j++) {
    let w1r = 1;
    let w1i = 0;
    let w2r = 1;
    let w2i = 0;
    if (j > 0) {
      const o = 4 * j;
      w1r = tw[o]!;
      w1i = tw[o + 1]!;
      w2r = tw[o + 2]!;
      w2i = tw[o + 3]!;
    }
    let a0 = xo + s2 * j;
    let b0 = yo + s2 * 3 * j;
    for (let t = 0; t < s; t++, a0 += 2, b0 += 2) {
      const a1 = a0 + sm2;
      const a2 = a1 + sm2;
      const x0r = x[a0]!;
      const x0i = x[a0 + 1]!;
      const x1r = x[a1]!;
      const x1i = x[a1 + 1]!;
      const x2r = x[a2]!;
      const x2i = x[a2 + 1]!;
      const t1r = x1r + x2r;
      const t1i = x1i + x2i;
      const t2r = x0r - 0.5 * t1r;
      const t2i = x0i - 0.5 * t1i;
      const t3r = k3 * (x1r - x2r);
      const t3i = k3 * (x1i - x2i);
      // b1 = t2 + i t3, b2 = t2 - i t3
      const c1r = t2r - t3i;
      const c1i = t2i + t3r;
      const c2r = t2r + t3i;
      const c2i = t2i - t3r;
      const b1 = b0 + s2;
      const b2 = b1 + s2;
      y[b0] = x0r + t1r;
      y[b0 + 1] = x0i + t1i;
      y[b1] = c1r * w1r - c1i * w1i;
      y[b1 + 1] = c1r * w1i + c1i * w1r;
      y[b2] = c2r * w2r - c2i * w2i;
      y[b2 + 1] = c2r * w2i + c2i * w2r;
    }
  }
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

function radix5(x: Float64Array, xo: number, y: Float64Array, yo: number, m: number, s: number, tw: Float64Array, sign: number): void {
  const sm2 = 2 * s * m;
  const s2 = 2 * s;
  const s1 = sign * S1;
  const s2s = sign * S2;
  for (let j = 0; j < m; j++) {
    let w1r = 1;
    let w1i = 0;
    let w2r = 1;
    let w2i = 0;
    let w3r = 1;
    let w3i = 0;
    let w4r = 1;
    let w4i = 0;
    if (j > 0) {
      const o = 8 * j;
      w1r = tw[o]!;
      w1i = tw[o + 1]!;
      w2r = tw[o + 2]!;
      w2i = tw[o + 3]!;
      w3r = tw[o + 4]!;
      w3i = tw[o + 5]!;
      w4r = tw[o + 6]!;
      w4i = tw[o + 7]!;
    }
    let a0 = xo + s2 * j;
    let b0 = yo + s2 * 5 * j;
    for (let t = 0; t < s; t++, a0 += 2, b0 += 2) {
      const a1 = a0 + sm2;
      const a2 = a1 + sm2;
      const a3 = a2 + sm2;
      const a4 = a3 + sm2;
      const x0r = x[a0]!;
      const x0i = x[a0 + 1]!;
      const x1r = x[a1]!;
      const x1i = x[a1 + 1]!;
      const x2r = x[a2]!;
      const x2i = x[a2 + 1]!;
      const x3r = x[a3]!;
      const x3i = x[a3 + 1]!;
      const x4r = x[a4]!;
      const x4i = x[a4 + 1]!;
      const t1r = x1r + x4r;
      const t1i = x1i + x4i;
      const t2r = x2r + x3r;
      const t2i = x2i + x3i;
      const t3r = x1r - x4r;
      const t3i = x1i - x4i;
      const t4r = x2r - x3r;
      const t4i = x2i - x3i;
      const u1r = x0r + C1 * t1r + C2 * t2r;
      const u1i = x0i + C1 * t1i + C2 * t2i;
      const u2r = x0r + C2 * t1r + C1 * t2r;
      const u2i = x0i + C2 * t1i + C1 * t2i;
      const v1r = s1 * t3r + s2s * t4r;
      const v1i = s1 * t3i + s2s * t4i;
      const v2r = s2s * t3r - s1 * t4r;
      const v2i = s2s * t3i - s1 * t4i;
      // b1 = u1 + i v1, b4 = u1 - i v1, b2 = u2 + i v2, b3 = u2 - i v2
      const c1r = u1r - v1i;
      const c1i = u1i + v1r;
      const c4r = u1r + v1i;
      const c4i = u1i - v1r;
      const c2r = u2r - v2i;
      const c2i = u2i + v2r;
      const c3r = u2r + v2i;
      const c3i = u2i - v2r;
      const b1 = b0 + s2;
      const b2 = b1 + s2;
      const b3 = b2 + s2;
      const b4 = b3 + s2;
      y[b0] = x0r + t1r + t2r;
      y[b0 + 1] = x0i + t1i + t2i;
      y[b1] = c1r * w1r - c1i * w1i;
      y[b1 + 1] = c1r * w1i + c1i * w1r;
      y[b2] = c2r * w2r - c2i * w2i;
      y[b2 + 1] = c2r * w2i + c2i * w2r;
      y[b3] = c3r * w3r - c3i * w3i;
      y[b3 + 1] = c3r * w3i + c3i * w3r;
      y[b4] = c4r * w4r - c4i * w4i;
      y[b4 + 1] = c4r * w4i + c4i * w4r;
    }
  }
}

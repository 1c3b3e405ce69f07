/**
 * Centred orthonormal 2D FFT of interleaved complex float64 images / k-space `[ny, nx]`
 * (row-major, x fastest), any sizes:
 *
 *   inverse:  img = fftshift(ifft2(ifftshift(k))) · sqrt(ny·nx)   (numpy: norm='ortho')
 *   forward:  k   = fftshift(fft2(ifftshift(img))) / sqrt(ny·nx)
 *
 * so that k-space index floor(n/2) is frequency 0 and image index floor(n/2) is the
 * centre, for odd sizes too. Both directions are unitary (Parseval: Σ|img|² = Σ|k|²).
 *
 * How the shifts cost nothing: along one axis of length n with h = floor(n/2),
 * ifftshift(x)[j] = x[(j + h) mod n], and by the shift theorem the DFT of the shifted input
 * is exp(-sign·2πi·h·m/n) · X[m]: a phase ramp on the output. fftshift then moves output
 * m to index (m + h) mod n. So each axis needs its plain DFT, then one complex multiply (the
 * phase, with the 1/sqrt(n) scale folded in) and a permutation on the way out.
 *
 * Even sizes need no phase at all. With h = n/2 the centred kernel factors as
 *
 *   exp(±2πi (j - h)(u - h) / n) = exp(±2πi ju / n) · (-1)^j · (-1)^u · (-1)^(n/2)
 *
 * (exp(∓πi j) = (-1)^j and exp(±2πi h² / n) = exp(±πi n / 2) = (-1)^(n/2), all real), so the
 * centred transform is the plain DFT of the input times (-1)^(j+l), times (-1)^(u+v) on the
 * way out, times the constant (-1)^(ny/2 + nx/2) / sqrt(ny·nx): a sign in the copy that
 * brings each row into L1 and a sign in the last pass, no complex multiply, no permutation.
 * The inverse is the forward DFT of the conjugate, conjugated (the signs are real, so they
 * commute with the conjugation): every 1D kernel then runs its forward transform, which is
 * fft.js's native one.
 *
 * Four pipelines, chosen per plan:
 * - `even-simd` (ny, nx even, both 2^a 3^b 5^c, WebAssembly SIMD available): the `even` signs
 *   around fft2d-simd.ts's plain forward DFT of the whole image in WebAssembly memory (rows
 *   and columns by whole-image Stockham stages; radix-4 stages in SIMD).
 * - `even` (ny, nx even and ny = 2^a 3^b 5^c, the common case): each row is copied with its
 *   signs (and conjugated for the inverse) into a small L1-resident buffer and transformed
 *   straight into its row of A; the y axis is then transformed by the Stockham stages applied
 *   to whole rows at once (as in `columns`), and one last pass writes `out` with the output
 *   signs (and the conjugation).
 * - `columns` (ny = 2^a 3^b 5^c, an odd size): rows (along x, contiguous) are
 *   transformed one at a time (fft.js for powers of two, Stockham otherwise) into a small
 *   L1-resident row and written to A with the x phase (times 1/sqrt(ny) as well) and
 *   permutation. The y-axis ifftshift is free here: input row r is written to row
 *   (r - h_y) mod ny. Then the y axis is transformed by the Stockham stages applied to whole
 *   rows at once (every stride times nx: long contiguous inner loops, no transposes), and
 *   the y fftshift is a rotation of whole rows into `out` (two block copies).
 * - `transpose` (ny needs Bluestein): rows are transformed FFT_BLOCK_ROWS at a time and
 *   written transposed (T = [nx, ny]) with the x phase and permutation, then the rows of T
 *   likewise into `out`; blocking keeps each transposed write to consecutive addresses.
 *
 * Along a power-of-two axis the inverse runs fft.js's forward transform and reads it
 * backwards (`AxisPlan.readBackwards`), in the same loop that applies the phase.
 *
 * The input is fully read by the first pass before `out` is written, so `out` may be the
 * input.
 */
import { FFT_BLOCK_ROWS } from './defaults';
import { MriReconError } from './errors';
import { createFft1d, MixedRadixFft, smoothFactors, type Fft1d } from './fft1d';
import { SimdImageFft } from './fft2d-simd';
import type { ComplexArray, FftDirection } from './types';
import { checkSize } from './validate';

interface AxisPlan {
  readonly n: number;
  readonly fft: Fft1d;
  /** Destination index of output m: (m + floor(n/2)) mod n. */
  readonly perm: Int32Array;
  /** exp(-sign 2πi h m / n) / sqrt(n) per direction, interleaved. */
  readonly phaseInv: Float64Array;
  readonly phaseFwd: Float64Array;
  /**
   * The inverse runs the forward transform and reads its output m at (n - m) mod n:
   * Σ_j x_j e^{+2πi jm/n} = X_fwd[(n - m) mod n]. For fft.js, whose public API has no
   * unnormalised inverse (fft1d-fftjs.ts pays a pass over the row for it; this costs none).
   * n is then a power of two, so the interleaved index 2((n - m) mod n) is
   * (2n - 2m) & (2n - 1), without a branch.
   */
  readonly readBackwards: boolean;
}

function axisPlan(n: number): AxisPlan {
  const h = n >> 1;
  const perm = new Int32Array(n);
  const phaseInv = new Float64Array(2 * n);
  const phaseFwd = new Float64Array(2 * n);
  const scale = 1 / Math.sqrt(n);
  for (let m = 0; m < n; m++) {
    perm[m] = (m + h) % n;
    // (h·m) mod n keeps the angle exact for large n.
    const a = (2 * Math.PI * ((h * m) % n)) / n;
    const c = Math.cos(a) * scale;
    const s = Math.sin(a) * scale;
    phaseInv[2 * m] = c; // inverse: sign = +1 -> exp(-i a)
    phaseInv[2 * m + 1] = -s;
    phaseFwd[2 * m] = c; // forward: sign = -1 -> exp(+i a)
    phaseFwd[2 * m + 1] = s;
  }
  const fft = createFft1d(n);
  return { n, fft, perm, phaseInv, phaseFwd, readBackwards: fft.kind === 'fftjs' };
}

/**
 * A planned centred orthonormal 2D FFT for one image size (twiddles, shift phases and
 * scratch allocated once). Not re-entrant: one plan per concurrent user.
 *
 * @example
 * const plan = new Fft2dPlan(320, 320);
 * const img = plan.inverse(kspace, new Float64Array(2 * 320 * 320)); // complex128 image
 */
export class Fft2dPlan {
  readonly ny: number;
  readonly nx: number;
  private readonly ax: AxisPlan;
  private readonly ay: AxisPlan;
  /** Which pipeline the plan runs (see the module comment). */
  readonly pipeline: 'even-simd' | 'even' | 'columns' | 'transpose';
  /** The WebAssembly image FFT (`even-simd` pipeline only). */
  private readonly simd: SimdImageFft | null;
  /** The y-axis Stockham plan applied to whole rows (`columns` pipeline). */
  private readonly cols: MixedRadixFft | null;
  /** Intermediate [ny, nx] (columns) or [nx, ny] (transpose) complex. */
  private readonly a: Float64Array;
  /** Second buffer of the column ping-pong (columns pipeline only). */
  private readonly b: Float64Array;
  private readonly block: Float64Array;
  /** x phases times 1/sqrt(ny) (columns pipeline: the only multiply of the whole transform). */
  private readonly xPhaseInv: Float64Array;
  private readonly xPhaseFwd: Float64Array;

  /**
   * @param options.simd false keeps the plan off WebAssembly (the `even` pipeline instead of
   *   `even-simd`; for tests and comparisons). Default true where WebAssembly SIMD is available.
   */
  constructor(ny: number, nx: number, options: { simd?: boolean } = {}) {
    checkSize('Fft2dPlan', 'ny', ny);
    checkSize('Fft2dPlan', 'nx', nx);
    this.ny = ny;
    this.nx = nx;
    this.ax = axisPlan(nx);
    this.ay = ny === nx ? this.ax : axisPlan(ny);
    // NOTE: powers of two along y also take the Stockham column pipeline: fft.js works on one
    // contiguous sequence at a time, so it would need the two transposes that cost more than
    // it saves (rows still use fft.js).
    this.cols = ny > 1 && smoothFactors(ny) ? new MixedRadixFft(ny) : null;
    const even = this.cols !== null && ny % 2 === 0 && nx % 2 === 0;
    this.simd = even && options.simd !== false && smoothFactors(nx) ? SimdImageFft.create(ny, nx) : null;
    this.pipeline = this.simd ? 'even-simd' : !this.cols ? 'transpose' : even ? 'even' : 'columns';
    this.a = this.simd ? new Float64Array(0) : new Float64Array(2 * ny * nx);
    this.b = this.cols && !this.simd ? new Float64Array(2 * ny * nx) : new Float64Array(0);
    this.block = new Float64Array(2 * FFT_BLOCK_ROWS * Math.max(ny, nx));
    const sy = 1 / Math.sqrt(ny);
    this.xPhaseInv = this.ax.phaseInv.map((v) => v * sy);
    this.xPhaseFwd = this.ax.phaseFwd.map((v) => v * sy);
  }

  /** Which 1D algorithms the plan uses along y and x. */
  get kinds(): { y: Fft1d['kind'] | 'mixed-radix-columns' | 'mixed-radix-simd'; x: Fft1d['kind'] | 'mixed-radix-simd' } {
    if (this.simd) return { y: 'mixed-radix-simd', x: 'mixed-radix-simd' };
    return { y: this.cols ? 'mixed-radix-columns' : this.ay.fft.kind, x: this.ax.fft.kind };
  }

  /** Centred orthonormal inverse 2D FFT (k-space -> image). `out` may be `input`. Returns `out`. */
  inverse(input: ComplexArray, out: ComplexArray): ComplexArray {
    return this.transform(input, out, 'inverse');
  }

  /** Centred orthonormal forward 2D FFT (image -> k-space). `out` may be `input`. Returns `out`. */
  forward(input: ComplexArray, out: ComplexArray): ComplexArray {
    return this.transform(input, out, 'forward');
  }

  /** Either direction; see the module comment for the maths. */
  transform(input: ComplexArray, out: ComplexArray, direction: FftDirection): ComplexArray {
    const len = 2 * this.ny * this.nx;
    if (input.length !== len || out.length !== len) {
      throw new MriReconError(
        'RPERF_MRI_SHAPE_MISMATCH',
        `Fft2dPlan(${this.ny}x${this.nx}).${direction}: input length ${input.length} and out length ${out.length}, expected ${len} each (2 * ny * nx interleaved complex values)`,
      );
    }
    const sign = direction === 'inverse' ? 1 : -1;
    // (-1)^(ny/2 + nx/2) / sqrt(ny nx): the constant of the even pipelines (module comment).
    const c = ((((this.ny + this.nx) >> 1) & 1) === 0 ? 1 : -1) / Math.sqrt(this.ny * this.nx);
    if (this.simd) {
      // Copies in and out are memcpy; the signs run in SIMD, multiplying exactly as signRow / evenOut.
      this.simd.a.set(input);
      this.simd.signs(this.simd.a, c, sign === 1 ? -c : c);
      const res = this.simd.run();
      this.simd.signs(res, 1, sign === 1 ? -1 : 1);
      out.set(res);
    } else if (this.pipeline === 'even') {
      evenRows(input, this.ny, this.ax.fft, c, sign === 1, this.a, this.block);
      const res = this.cols!.runColumns(this.a, this.b, this.nx, -1);
      evenOut(res, this.ny, this.nx, sign === 1, out);
    } else if (this.cols) {
      rows(input, this.ny, this.ax, sign === 1 ? this.xPhaseInv : this.xPhaseFwd, this.a, this.block, sign);
      const res = this.cols.runColumns(this.a, this.b, this.nx, sign);
      rotateRows(res, this.ny, this.nx, out);
    } else {
      pass(input, this.ny, this.ax, this.a, this.block, sign);
      pass(this.a, this.nx, this.ay, out, this.block, sign);
    }
    return out;
  }
}

/**
 * Transform each row of `src` ([rows, n]) into `dst` ([rows, n]), applying the x phase and
 * permutation, dst[(r - h_rows) mod rows][perm[m]] = phase[m] · X_r[m] (the row rotation is
 * the y-axis ifftshift). The row goes through `row` (L1) first.
 */
function rows(src: Float64Array, nrows: number, a: AxisPlan, ph: Float64Array, dst: Float64Array, row: Float64Array, sign: 1 | -1): void {
  const n = a.n;
  const n2 = 2 * n;
  const fft = a.fft;
  const h = n >> 1;
  const hy = nrows >> 1;
  // Output m goes to (m + h) mod n: m < n - h -> m + h, else m + h - n.
  const split = n - h;
  const back = sign === 1 && a.readBackwards;
  const mask = n2 - 1;
  for (let r = 0; r < nrows; r++) {
    fft.run(src, r * n2, row, 0, back ? -1 : sign);
    const base = ((r - hy + nrows) % nrows) * n2;
    let d = base + 2 * h;
    // NOTE: two copies of the loops, so that the usual order keeps its plain index 2m
    // (an index computed for both orders cost 2% on every transform).
    if (back) {
      for (let m = 0; m < split; m++, d += 2) {
        const i = (n2 - 2 * m) & mask;
        const vr = row[i]!;
        const vi = row[i + 1]!;
        const pr = ph[2 * m]!;
        const pi = ph[2 * m + 1]!;
        dst[d] = vr * pr - vi * pi;
        dst[d + 1] = vr * pi + vi * pr;
      }
      d = base;
      for (let m = split; m < n; m++, d += 2) {
        const i = n2 - 2 * m; // m >= split >= 1: no wrap
        const vr = row[i]!;
        const vi = row[i + 1]!;
        const pr = ph[2 * m]!;
        const pi = ph[2 * m + 1]!;
        dst[d] = vr * pr - vi * pi;
        dst[d + 1] = vr * pi + vi * pr;
      }
      continue;
    }
    for (let m = 0; m < split; m++, d += 2) {
      const vr = row[2 * m]!;
      const vi = row[2 * m + 1]!;
      const pr = ph[2 * m]!;
      const pi = ph[2 * m + 1]!;
      dst[d] = vr * pr - vi * pi;
      dst[d + 1] = vr * pi + vi * pr;
    }
    d = base;
    for (let m = split; m < n; m++, d += 2) {
      const vr = row[2 * m]!;
      const vi = row[2 * m + 1]!;
      const pr = ph[2 * m]!;
      const pi = ph[2 * m + 1]!;
      dst[d] = vr * pr - vi * pi;
      dst[d + 1] = vr * pi + vi * pr;
    }
  }
}

/**
 * `even` pipeline, first pass: row r of `src` times (-1)^(r+l) · c (conjugated when `conj`)
 * into `row`, then its forward DFT into row r of `dst`.
 */
function evenRows(src: Float64Array, nrows: number, fft: Fft1d, c: number, conj: boolean, dst: Float64Array, row: Float64Array): void {
  const n2 = 2 * fft.n;
  for (let r = 0; r < nrows; r++) {
    signRow(src, r * n2, n2, (r & 1) === 0 ? c : -c, conj, row, 0);
    fft.run(row, 0, dst, r * n2, -1);
  }
}

/** dst[d + l] = src[o + l] · m · (-1)^l (conjugated when `conj`) for the n2 / 2 complex values of one row. */
function signRow(src: Float64Array, o: number, n2: number, m: number, conj: boolean, dst: Float64Array, d: number): void {
  const im = conj ? -m : m;
  // NOTE: pairs of complex values (n is even): the sign alternates with l without a branch.
  for (let j = 0; j < n2; j += 4) {
    dst[d + j] = src[o + j]! * m;
    dst[d + j + 1] = src[o + j + 1]! * im;
    dst[d + j + 2] = -src[o + j + 2]! * m;
    dst[d + j + 3] = -src[o + j + 3]! * im;
  }
}

/** `even` pipeline, last pass: out[u][v] = (-1)^(u+v) · src[u][v], conjugated when `conj`. */
function evenOut(src: Float64Array, nrows: number, cols: number, conj: boolean, out: Float64Array): void {
  const n2 = 2 * cols;
  for (let r = 0; r < nrows; r++) {
    const re = (r & 1) === 0 ? 1 : -1;
    const im = conj ? -re : re;
    const end = (r + 1) * n2;
    for (let j = r * n2; j < end; j += 4) {
      out[j] = src[j]! * re;
      out[j + 1] = src[j + 1]! * im;
      out[j + 2] = -src[j + 2]! * re;
      out[j + 3] = -src[j + 3]! * im;
    }
  }
}

/** The y fftshift: out row (m + floor(n/2)) mod n = src row m, as two block copies. */
function rotateRows(src: Float64Array, n: number, cols: number, out: Float64Array): void {
  const h = n >> 1;
  const c2 = 2 * cols;
  out.set(src.subarray(0, (n - h) * c2), h * c2);
  if (h > 0) out.set(src.subarray((n - h) * c2, n * c2), 0);
}

/**
 * Transform the `rows` contiguous rows of `src` (length a.n each) and write the result
 * transposed into `dst` ([a.n, rows]) with the shift phase and permutation of axis a.
 */
function pass(src: Float64Array, rows: number, a: AxisPlan, dst: Float64Array, block: Float64Array, sign: 1 | -1): void {
  const n = a.n;
  const fft = a.fft;
  const perm = a.perm;
  const ph = sign === 1 ? a.phaseInv : a.phaseFwd;
  const n2 = 2 * n;
  const rows2 = 2 * rows;
  const back = sign === 1 && a.readBackwards;
  for (let r0 = 0; r0 < rows; r0 += FFT_BLOCK_ROWS) {
    const nb = Math.min(FFT_BLOCK_ROWS, rows - r0);
    for (let b = 0; b < nb; b++) fft.run(src, (r0 + b) * n2, block, b * n2, back ? -1 : sign);
    for (let m = 0; m < n; m++) {
      const pr = ph[2 * m]!;
      const pi = ph[2 * m + 1]!;
      let d = perm[m]! * rows2 + 2 * r0;
      let s = back ? (n2 - 2 * m) & (n2 - 1) : 2 * m;
      for (let b = 0; b < nb; b++, d += 2, s += n2) {
        const vr = block[s]!;
        const vi = block[s + 1]!;
        dst[d] = vr * pr - vi * pi;
        dst[d + 1] = vr * pi + vi * pr;
      }
    }
  }
}

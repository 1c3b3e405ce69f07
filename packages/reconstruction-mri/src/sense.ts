/**
 * The SENSE encoding operator for Cartesian multi-coil MRI, undersampled along the
 * phase-encode axis (rows):
 *
 *   A x      = { M · F(S_c ⊙ x) }_c            (image -> multi-coil k-space)
 *   A^H y    = Σ_c conj(S_c) ⊙ F^H(M · y_c)    (multi-coil k-space -> image)
 *   A^H A x  = Σ_c conj(S_c) ⊙ F^H(M · F(S_c ⊙ x))
 *
 * F is the centred orthonormal 2D FFT, M keeps the acquired rows (M² = M), S_c the coil
 * maps. With Σ_c |S_c|² = 1 and F unitary, ||A|| <= 1: the Lipschitz constant of the data
 * term's gradient is at most 1 (FISTA's step size).
 */
import { MriReconError } from './errors';
import { Fft2dPlan } from './fft2d';
import type { CoilMapsLike, ComplexArray } from './types';
import { checkFinite, checkLength } from './validate';

/**
 * A planned SENSE operator for one set of coil maps and one line mask.
 *
 * @example
 * const op = new SenseOperator(coilSensitivityMaps(8, 256, 256), cartesianMask(256, { acceleration: 4, centerLines: 24 }));
 * op.adjoint(kspace, image); // kspace: complex [8, 256, 256] -> image: complex [256, 256]
 */
export class SenseOperator {
  readonly ny: number;
  readonly nx: number;
  readonly coils: number;
  readonly plan: Fft2dPlan;
  private readonly maps: Float64Array;
  private readonly mask: Uint8Array;
  private readonly tmp: Float64Array;

  constructor(maps: CoilMapsLike, mask: Uint8Array) {
    const { coils, ny, nx } = maps;
    if (!Number.isInteger(coils) || coils < 1 || !Number.isInteger(ny) || ny < 1 || !Number.isInteger(nx) || nx < 1) {
      throw new MriReconError('RPERF_MRI_BAD_SIZE', `SenseOperator: coil maps shape [${coils}, ${ny}, ${nx}] must be positive integers`);
    }
    checkLength('SenseOperator', 'coil maps data', maps.data, 2 * coils * ny * nx, `2 * coils * ny * nx for [${coils}, ${ny}, ${nx}] complex maps`);
    checkLength('SenseOperator', 'mask', mask, ny, `one flag per phase-encode line, ny = ${ny} of the coil maps`);
    checkFinite('SenseOperator', 'coil maps', maps.data);
    this.ny = ny;
    this.nx = nx;
    this.coils = coils;
    this.maps = maps.data;
    this.mask = mask;
    this.plan = new Fft2dPlan(ny, nx);
    this.tmp = new Float64Array(2 * ny * nx);
  }

  /** Check that multi-coil k-space matches this operator's shape; `shape` describes what the caller has. */
  checkKspace(where: string, kspace: ComplexArray, shape?: readonly number[]): void {
    const expected = 2 * this.coils * this.ny * this.nx;
    if (kspace.length !== expected || (shape && (shape[0] !== this.coils || shape[1] !== this.ny || shape[2] !== this.nx))) {
      const got = shape ? `[${shape.join(', ')}] (${kspace.length} numbers)` : `${kspace.length} numbers`;
      throw new MriReconError(
        'RPERF_MRI_SHAPE_MISMATCH',
        `${where}: k-space is ${got}, but the coil maps are [${this.coils}, ${this.ny}, ${this.nx}]; expected complex k-space [${this.coils}, ${this.ny}, ${this.nx}] = ${expected} numbers (coil maps and k-space must have the same coil count and matrix size)`,
      );
    }
  }

  private checkImage(where: string, name: string, x: ComplexArray): void {
    checkLength(where, name, x, 2 * this.ny * this.nx, `2 * ny * nx for a complex [${this.ny}, ${this.nx}] image`);
  }

  /** y = A x: image (complex [ny, nx]) -> masked multi-coil k-space (complex [coils, ny, nx]). */
  forward(x: ComplexArray, y: ComplexArray): ComplexArray {
    this.checkImage('SenseOperator.forward', 'x', x);
    this.checkKspace('SenseOperator.forward (output y)', y);
    const npix = this.ny * this.nx;
    for (let c = 0; c < this.coils; c++) {
      this.coilImage(x, c, this.tmp);
      const view = y.subarray(2 * c * npix, 2 * (c + 1) * npix);
      this.plan.forward(this.tmp, view);
      this.applyMask(view);
    }
    return y;
  }

  /** x = A^H y: multi-coil k-space -> image. `y` is left unchanged. */
  adjoint(y: ComplexArray, x: ComplexArray): ComplexArray {
    this.checkKspace('SenseOperator.adjoint', y);
    this.checkImage('SenseOperator.adjoint', 'x', x);
    const npix = this.ny * this.nx;
    x.fill(0);
    for (let c = 0; c < this.coils; c++) {
      this.tmp.set(y.subarray(2 * c * npix, 2 * (c + 1) * npix));
      this.applyMask(this.tmp);
      this.plan.inverse(this.tmp, this.tmp);
      this.accumulateConj(this.tmp, c, x);
    }
    return x;
  }

  /** out = A^H A x (the normal operator). `out` must not be `x`. */
  normal(x: ComplexArray, out: ComplexArray): ComplexArray {
    if (out === x) throw new MriReconError('RPERF_MRI_ALIASED_BUFFERS', 'SenseOperator.normal: out is the same array as x; pass a separate output');
    this.checkImage('SenseOperator.normal', 'x', x);
    this.checkImage('SenseOperator.normal', 'out', out);
    out.fill(0);
    for (let c = 0; c < this.coils; c++) {
      this.coilImage(x, c, this.tmp);
      this.plan.forward(this.tmp, this.tmp);
      this.applyMask(this.tmp);
      this.plan.inverse(this.tmp, this.tmp);
      this.accumulateConj(this.tmp, c, out);
    }
    return out;
  }

  /**
   * grad = A^H (A z - y) for k-space y (already masked), returning ||A z - y||². One forward
   * and one inverse FFT per coil (the gradient step of FISTA with its residual for free).
   */
  residualGradient(z: ComplexArray, y: ComplexArray, grad: ComplexArray): number {
    if (grad === z) throw new MriReconError('RPERF_MRI_ALIASED_BUFFERS', 'SenseOperator.residualGradient: grad is the same array as z');
    this.checkImage('SenseOperator.residualGradient', 'z', z);
    this.checkImage('SenseOperator.residualGradient', 'grad', grad);
    this.checkKspace('SenseOperator.residualGradient', y);
    const npix = this.ny * this.nx;
    const tmp = this.tmp;
    grad.fill(0);
    let r2 = 0;
    for (let c = 0; c < this.coils; c++) {
      this.coilImage(z, c, tmp);
      this.plan.forward(tmp, tmp);
      this.applyMask(tmp);
      const yo = 2 * c * npix;
      for (let i = 0; i < 2 * npix; i++) {
        const d = tmp[i]! - y[yo + i]!;
        tmp[i] = d;
        r2 += d * d;
      }
      this.plan.inverse(tmp, tmp);
      this.accumulateConj(tmp, c, grad);
    }
    return r2;
  }

  private coilImage(x: ComplexArray, c: number, out: Float64Array): void {
    const s = this.maps;
    const o = 2 * c * this.ny * this.nx;
    for (let i = 0; i < out.length; i += 2) {
      const sr = s[o + i]!;
      const si = s[o + i + 1]!;
      const xr = x[i]!;
      const xi = x[i + 1]!;
      out[i] = sr * xr - si * xi;
      out[i + 1] = sr * xi + si * xr;
    }
  }

  private accumulateConj(img: Float64Array, c: number, acc: ComplexArray): void {
    const s = this.maps;
    const o = 2 * c * this.ny * this.nx;
    for (let i = 0; i < img.length; i += 2) {
      const sr = s[o + i]!;
      const si = s[o + i + 1]!;
      const vr = img[i]!;
      const vi = img[i + 1]!;
      acc[i] += sr * vr + si * vi;
      acc[i + 1] += sr * vi - si * vr;
    }
  }

  private applyMask(k: Float64Array): void {
    const row = 2 * this.nx;
    for (let y = 0; y < this.ny; y++) if (!this.mask[y]) k.fill(0, y * row, (y + 1) * row);
  }
}

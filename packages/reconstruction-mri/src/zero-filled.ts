/**
 * Zero-filled reconstruction: the centred orthonormal inverse FFT of each coil's k-space
 * (missing lines left at zero), combined by root-sum-of-squares:
 *
 *   img(r) = sqrt( Σ_c |F^H k_c (r)|² )
 *
 * which for one coil is the magnitude image. With coil maps normalised to Σ_c |S_c|² = 1
 * and fully sampled k-space it returns |x| exactly.
 */
import { Fft2dPlan } from './fft2d';
import type { ComplexArray } from './types';
import { checkFinite, checkLength, checkSize } from './validate';

/**
 * A planned zero-filled reconstructor for `coils` coils of ny x nx k-space.
 *
 * @example
 * const zf = new ZeroFilledRecon(256, 256, 8);
 * const img = zf.run(kspace, new Float64Array(256 * 256)); // kspace: complex [8, 256, 256]
 */
export class ZeroFilledRecon {
  readonly plan: Fft2dPlan;
  private readonly coilImage: Float64Array;

  constructor(
    readonly ny: number,
    readonly nx: number,
    readonly coils: number,
  ) {
    checkSize('ZeroFilledRecon', 'ny', ny);
    checkSize('ZeroFilledRecon', 'nx', nx);
    checkSize('ZeroFilledRecon', 'coils', coils);
    this.plan = new Fft2dPlan(ny, nx);
    this.coilImage = new Float64Array(2 * ny * nx);
  }

  /**
   * Reconstruct one slice: `kspace` is interleaved complex `[coils, ny, nx]`, `out` a real
   * `[ny, nx]` image (magnitude for one coil, root-sum-of-squares for several). Returns `out`.
   */
  run(kspace: ComplexArray, out: Float64Array): Float64Array {
    const npix = this.ny * this.nx;
    checkLength('ZeroFilledRecon.run', 'kspace', kspace, 2 * this.coils * npix, `2 * coils * ny * nx for [${this.coils}, ${this.ny}, ${this.nx}] complex`);
    checkLength('ZeroFilledRecon.run', 'out', out, npix, `ny * nx for a [${this.ny}, ${this.nx}] image`);
    checkFinite('ZeroFilledRecon.run', 'kspace', kspace);
    this.slice(kspace, 0, out, 0);
    return out;
  }

  /**
   * Reconstruct a stack of slices (2D multi-slice, or 3D k-space already inverse
   * transformed along the slice axis): `kspace` is complex `[nz, coils, ny, nx]`, `out` real
   * `[nz, ny, nx]`. Returns `out`.
   */
  runVolume(kspace: ComplexArray, nz: number, out: Float64Array): Float64Array {
    checkSize('ZeroFilledRecon.runVolume', 'nz', nz);
    const npix = this.ny * this.nx;
    checkLength(
      'ZeroFilledRecon.runVolume',
      'kspace',
      kspace,
      2 * nz * this.coils * npix,
      `2 * nz * coils * ny * nx for [${nz}, ${this.coils}, ${this.ny}, ${this.nx}] complex`,
    );
    checkLength('ZeroFilledRecon.runVolume', 'out', out, nz * npix, `nz * ny * nx for a [${nz}, ${this.ny}, ${this.nx}] volume`);
    checkFinite('ZeroFilledRecon.runVolume', 'kspace', kspace);
    for (let z = 0; z < nz; z++) this.slice(kspace, 2 * z * this.coils * npix, out, z * npix);
    return out;
  }

  private slice(kspace: ComplexArray, kOff: number, out: Float64Array, oOff: number): void {
    const npix = this.ny * this.nx;
    const img = this.coilImage;
    for (let c = 0; c < this.coils; c++) {
      const start = kOff + 2 * c * npix;
      this.plan.inverse(kspace.subarray(start, start + 2 * npix), img);
      if (c === 0) {
        for (let p = 0; p < npix; p++) out[oOff + p] = img[2 * p]! * img[2 * p]! + img[2 * p + 1]! * img[2 * p + 1]!;
      } else {
        for (let p = 0; p < npix; p++) out[oOff + p] += img[2 * p]! * img[2 * p]! + img[2 * p + 1]! * img[2 * p + 1]!;
      }
    }
    for (let p = 0; p < npix; p++) out[oOff + p] = Math.sqrt(out[oOff + p]!);
  }
}

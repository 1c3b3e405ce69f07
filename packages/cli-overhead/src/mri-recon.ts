/**
 * MR reconstruction of k-space read from a complex NIfTI file, slice by slice, with
 * @rhenium-perf/reconstruction-mri.
 *
 * File layout (NIfTI x fastest): complex voxel (x, y, z, c) at ((c nz + z) ny + y) nx + x,
 * i.e. each coil's whole stack of slices is one 4th-dimension frame. The reconstruction
 * packages want `[coils, ny, nx]` per slice, so each slice's coil planes are gathered into
 * one interleaved float64 buffer (complex64 widened once; the kernels are float64).
 *
 * Acquired lines: a phase-encode row (y) counts as acquired when any coil holds a non-zero
 * sample in it, per slice; zero-filled needs no mask (zeros are its missing lines), SENSE
 * methods take it as the sampling mask.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import type { NiftiImage } from '@rhenium-perf/io-parsing';
import { CgSense, FistaWavelet, SenseOperator, ZeroFilledRecon } from '@rhenium-perf/reconstruction-mri';
import { CliError } from './errors';

/** Methods of `rhenium recon-mri`. */
export const MRI_METHODS = Object.freeze(['zf', 'cgsense', 'fista'] as const);
/** One of {@link MRI_METHODS}. */
export type MriMethod = (typeof MRI_METHODS)[number];

/** Options of {@link reconstructMriImage}. */
export interface MriReconOptions {
  method: MriMethod;
  /** Iterations of cgsense / fista (their package defaults when absent). */
  iterations?: number;
  /** fista's l1 weight (package default when absent). */
  lambda?: number;
  /** Coil maps, complex `x y 1 coils` (or one map slice per k-space slice). Needed by SENSE methods with several coils. */
  maps?: NiftiImage | null;
  /** Name the files in messages. */
  file?: string;
  mapsFile?: string;
}

/** A reconstructed image and what the iterations did. */
export interface MriReconResult {
  /** Magnitude image, float32 `[nz, ny, nx]`, with the k-space file's affine. */
  readonly volume: Volume<Float32Array>;
  readonly coils: number;
  /** Per slice: iterations run and the last relative residual (iterative methods). */
  readonly slices: readonly { iterations: number; residual: number | null }[];
}

/** Gather slice z of a complex NIfTI image into interleaved float64 `[coils, ny, nx]`. */
function gatherSlice(img: NiftiImage, z: number, out: Float64Array): Float64Array {
  const [nz, ny, nx] = img.shape;
  const plane = 2 * ny * nx;
  for (let c = 0; c < img.frames; c++) {
    const src = (c * nz + z) * plane;
    out.set(img.data.subarray(src, src + plane), c * plane);
  }
  return out;
}

/** Rows holding a non-zero sample in any coil: the sampling mask. */
function acquiredRows(k: Float64Array, coils: number, ny: number, nx: number): Uint8Array {
  const mask = new Uint8Array(ny);
  for (let c = 0; c < coils; c++) {
    for (let y = 0; y < ny; y++) {
      if (mask[y]) continue;
      const o = 2 * (c * ny + y) * nx;
      for (let i = 0; i < 2 * nx; i++) {
        if (k[o + i] !== 0) {
          mask[y] = 1;
          break;
        }
      }
    }
  }
  return mask;
}

function checkComplex(img: NiftiImage, what: string, file: string): void {
  if (img.components !== 2) {
    throw new CliError(
      'RPERF_CLI_BAD_INPUT',
      `${what} '${file}' holds real voxels (datatype ${img.header.datatype}), complex is expected`,
      'store it as complex64 (datatype 32) or complex128 (1792), e.g. nibabel with dtype=np.complex64',
    );
  }
  const d = img.header.dim;
  for (let i = 5; i <= Math.min(7, d[0]!); i++) {
    if (d[i]! > 1) {
      throw new CliError('RPERF_CLI_BAD_INPUT', `${what} '${file}' has dims ${d.slice(1, d[0]! + 1).join('x')}`, 'expected x y z coils (at most 4 dimensions)');
    }
  }
}

/**
 * Reconstruct every slice of a complex k-space image.
 * @example reconstructMriImage(readNiftiSync('k.nii.gz'), { method: 'zf' }).volume.shape // [nz, ny, nx]
 */
export function reconstructMriImage(img: NiftiImage, options: MriReconOptions): MriReconResult {
  const file = options.file ?? '<k-space>';
  checkComplex(img, 'k-space', file);
  const [nz, ny, nx] = img.shape;
  const coils = img.frames;
  const npix = ny * nx;
  const out = new Float32Array(nz * npix);
  const k = new Float64Array(2 * coils * npix);
  const slices: { iterations: number; residual: number | null }[] = [];
  const volume: Volume<Float32Array> = { data: out, shape: img.shape, spacingMm: img.spacingMm, affine: img.affine, modality: 'MRI' };

  if (options.method === 'zf') {
    const zf = new ZeroFilledRecon(ny, nx, coils);
    const slice = new Float64Array(npix);
    for (let z = 0; z < nz; z++) {
      zf.run(gatherSlice(img, z, k), slice);
      out.set(slice, z * npix);
      slices.push({ iterations: 0, residual: null });
    }
    return { volume, coils, slices };
  }

  const maps = mapsFor(img, options);
  const image = new Float64Array(2 * npix);
  for (let z = 0; z < nz; z++) {
    gatherSlice(img, z, k);
    const op = new SenseOperator(maps(z), acquiredRows(k, coils, ny, nx));
    const result =
      options.method === 'cgsense'
        ? new CgSense(op).solve(k, image, { iterations: options.iterations })
        : new FistaWavelet(op).solve(k, image, { iterations: options.iterations, lambda: options.lambda });
    for (let p = 0; p < npix; p++) out[z * npix + p] = Math.hypot(image[2 * p]!, image[2 * p + 1]!);
    slices.push({ iterations: result.iterations, residual: result.residuals.at(-1) ?? null });
  }
  return { volume, coils, slices };
}

/** Coil maps per slice: from the maps file, or ones for a single coil. */
function mapsFor(img: NiftiImage, options: MriReconOptions): (z: number) => { data: Float64Array; coils: number; ny: number; nx: number } {
  const [nz, ny, nx] = img.shape;
  const coils = img.frames;
  const npix = ny * nx;
  const m = options.maps ?? null;
  if (!m) {
    if (coils > 1) {
      throw new CliError(
        'RPERF_CLI_MISSING_ARGUMENT',
        `--method ${options.method} with ${coils} coils needs coil sensitivity maps`,
        "pass '--maps maps.nii.gz' (complex, x y 1 coils, sum over coils of |S|^2 = 1) or use '--method zf'",
      );
    }
    const ones = new Float64Array(2 * npix);
    for (let p = 0; p < npix; p++) ones[2 * p] = 1;
    const single = { data: ones, coils: 1, ny, nx };
    return () => single;
  }
  const mf = options.mapsFile ?? '<maps>';
  checkComplex(m, 'coil maps', mf);
  const [mz, my, mx] = m.shape;
  if (my !== ny || mx !== nx || m.frames !== coils || (mz !== 1 && mz !== nz)) {
    throw new CliError(
      'RPERF_CLI_BAD_INPUT',
      `coil maps '${mf}' are ${mx}x${my}x${mz}x${m.frames} (x y z coils), the k-space is ${nx}x${ny}x${nz}x${coils}`,
      `give maps of ${nx}x${ny}x1x${coils} (or ${nz} slices)`,
    );
  }
  const buf = new Float64Array(2 * coils * npix);
  let cached = -1;
  return (z) => {
    const zz = mz === 1 ? 0 : z;
    if (zz !== cached) {
      gatherSlice(m, zz, buf);
      cached = zz;
    }
    return { data: buf, coils, ny, nx };
  };
}

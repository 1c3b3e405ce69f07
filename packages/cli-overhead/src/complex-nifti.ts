/**
 * Complex NIfTI-1 writing (complex64, datatype 32; complex128, datatype 1792), for k-space
 * files, with a coil (or time) axis as the 4th dimension.
 *
 * NOTE: io-parsing decodes complex NIfTI but its encoder writes real volumes only, and this
 * package may not edit it; this module reuses `encodeNifti1Header` for everything it gets
 * right (sform, qform, pixdim, units, magic) on a real view of the first frame, then patches
 * the four fields that differ: dim[0], dim[4], datatype and bitpix. The voxels are the
 * interleaved (re, im) pairs, x fastest, then y, z and the 4th axis, little endian.
 */
import { gzip } from 'node:zlib';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { encodeNifti1Header, niftiVoxelBytes } from '@rhenium-perf/io-parsing';
import { atomicWrite } from '@rhenium-perf/serialization';
import { CliError } from './errors';

const gzipAsync = promisify(gzip);

/** NIfTI datatype codes of complex voxels. */
export const NIFTI_COMPLEX64 = 32;
export const NIFTI_COMPLEX128 = 1792;

/** A complex image: interleaved (re, im), `[frames, nz, ny, nx]` (x fastest). */
export interface ComplexImage {
  /** Float32Array: complex64; Float64Array: complex128. Length 2 nx ny nz frames. */
  readonly data: Float32Array | Float64Array;
  /** `[nz, ny, nx]` of one frame. */
  readonly shape: readonly [number, number, number];
  /** Frames on the 4th dimension (coils); default 1. */
  readonly frames?: number;
  /** 4x4 row-major voxel -> RAS+ mm. */
  readonly affine: readonly number[];
}

/**
 * Encode a complex image as a `.nii` file in memory.
 * @example decodeNifti(encodeComplexNifti1({ data, shape: [1, 64, 64], frames: 8, affine })).components // 2
 */
export function encodeComplexNifti1(image: ComplexImage, descrip = 'rhenium complex'): Uint8Array {
  const [nz, ny, nx] = image.shape;
  const frames = image.frames ?? 1;
  const nvox = nz * ny * nx;
  if (!Number.isInteger(frames) || frames < 1 || frames > 32767) {
    throw new CliError('RPERF_CLI_BAD_VALUE', `complex image frames must be an integer in 1..32767, received ${frames}`, 'pass the coil count as frames');
  }
  if (image.data.length !== 2 * nvox * frames) {
    throw new CliError(
      'RPERF_CLI_BAD_VALUE',
      `complex image data has ${image.data.length} numbers, shape ${image.shape.join('x')} x ${frames} frames needs ${2 * nvox * frames} (interleaved re, im)`,
      'pass interleaved complex data of the stated shape',
    );
  }
  const c128 = image.data instanceof Float64Array;
  // A real view of the first nvox numbers gives the encoder a consistent volume to check.
  const view = image.data.subarray(0, nvox);
  const header = encodeNifti1Header({ data: view, shape: image.shape, spacingMm: [1, 1, 1], affine: image.affine, modality: null }, { descrip });
  const dv = new DataView(header.buffer, header.byteOffset, header.byteLength);
  dv.setInt16(40, frames > 1 ? 4 : 3, true); // dim[0]
  dv.setInt16(48, frames, true); // dim[4]
  dv.setInt16(70, c128 ? NIFTI_COMPLEX128 : NIFTI_COMPLEX64, true);
  dv.setInt16(72, c128 ? 128 : 64, true);
  const voxels = niftiVoxelBytes(image.data);
  const out = new Uint8Array(header.length + voxels.length);
  out.set(header, 0);
  out.set(voxels, header.length);
  return out;
}

/**
 * Write a complex image as `.nii` or `.nii.gz` (gzip when the name ends in `.gz`), atomically.
 * @example await writeComplexNifti('/tmp/kspace.nii.gz', { data: k, shape: [1, 256, 256], frames: 8, affine })
 */
export async function writeComplexNifti(path: string, image: ComplexImage, descrip?: string): Promise<void> {
  const raw = encodeComplexNifti1(image, descrip);
  const bytes = path.endsWith('.gz') ? await gzipAsync(raw) : raw;
  await atomicWrite(path, (tmp) => writeFile(tmp, bytes));
}

/**
 * NIfTI-1 / NIfTI-2 reading (`.nii`, `.nii.gz`), either byte order.
 *
 * gzip is recognised by its magic (1f 8b), not by the file name. The voxels start at
 * vox_offset and are copied into an aligned typed array (byte-swapped for a big-endian file);
 * scl_slope / scl_inter are applied when the slope is finite, non-zero and the pair is not
 * (1, 0), into float32 (float64 for 32/64-bit sources, which float32 would round).
 *
 * Budgets come before allocation: the header is read first (a `.nii.gz` inflates only its
 * first bytes for it) and checked against `maxVoxels`; then only the bytes it declares are
 * read (`.nii`) or inflated (`.nii.gz`, stopped at the declared size plus a small slack). A
 * file is stat-ed before it is read: a compressed file over MAX_FILE_BYTES is refused.
 */
import { open } from 'node:fs/promises';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Volume, VolumeArray, VolumeModality } from '@rhenium-perf/fixtures';
import { copyElements } from './bytes';
import { GZIP_TRAILING_SLACK_BYTES, MAX_FILE_BYTES, NIFTI2_HEADER_BYTES } from './defaults';
import { IoError } from './errors';
import { gunzipBounded, gunzipPrefix, isGzip } from './gzip';
import { affineSpacing, headerAffine } from './nifti-affine';
import { planNifti, type NiftiPlan } from './nifti-plan';
import { parseNiftiHeader } from './nifti-header';
import type { NiftiHeader, NiftiImage, NiftiReadOptions } from './types';

/** Voxels of an uncompressed file (header already checked) as a NiftiImage. */
function imageOf(header: NiftiHeader, plan: NiftiPlan, bytes: Uint8Array, file: string, gzip: boolean): NiftiImage {
  const { nx, ny, nz, frames, dt, count, nbytes, offset } = plan;
  if (plan.needed > bytes.length) {
    throw new IoError(
      'RPERF_IO_TRUNCATED',
      file,
      `header claims ${nbytes} bytes of ${dt.name} voxels (${header.dim.slice(1, header.dim[0]! + 1).join('x')}) at offset ${offset}, the ${gzip ? 'decompressed ' : ''}file has ${bytes.length} bytes`,
    );
  }
  let data: VolumeArray = copyElements(dt.ctor, bytes, offset, count, header.endianness === 'little');
  const slope = header.sclSlope;
  const inter = Number.isFinite(header.sclInter) ? header.sclInter : 0;
  if (Number.isFinite(slope) && slope !== 0 && !(slope === 1 && inter === 0)) {
    const wide = dt.ctor === Float64Array || dt.ctor === Int32Array || dt.ctor === Uint32Array;
    const out = wide ? new Float64Array(count) : new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = data[i]! * slope + inter;
    data = out;
  }
  const { affine, source } = headerAffine(header);
  return {
    header,
    data,
    shape: [nz, ny, nx],
    frames,
    components: dt.components,
    spacingMm: affineSpacing(affine),
    affine,
    affineSource: source,
  };
}

/**
 * Decode a NIfTI file held in memory (`.nii` or gzip-compressed `.nii.gz` bytes). The header
 * is read and checked first (a `.nii.gz` inflates only its first bytes for that); the voxel
 * budget (`maxVoxels`, default DEFAULT_MAX_NIFTI_VOXELS) is enforced before the voxels are
 * inflated, and the inflation stops at what the header declares.
 * @example decodeNifti(readFileSync('t1.nii.gz'), 't1.nii.gz').shape // [nz, ny, nx]
 */
export function decodeNifti(input: Uint8Array, file = '<buffer>', options?: NiftiReadOptions): NiftiImage {
  const gzip = isGzip(input);
  const head = gzip ? gunzipPrefix(input, file, NIFTI2_HEADER_BYTES + 4) : input;
  const header = parseNiftiHeader(head, file);
  const plan = planNifti(header, file, options);
  const bytes = gzip ? gunzipBounded(input, file, plan.needed + GZIP_TRAILING_SLACK_BYTES, `its header declares ${plan.needed} bytes`) : input;
  return imageOf(header, plan, bytes, file, gzip);
}

/** A decoded single-frame real image as a {@link Volume}; throws for 4D or complex images. */
export function niftiToVolume(img: NiftiImage, file = '<buffer>', modality: VolumeModality | null = null): Volume {
  if (img.frames !== 1 || img.components !== 1) {
    throw new IoError(
      'RPERF_IO_UNSUPPORTED_DATATYPE',
      file,
      `image has ${img.frames} frames of ${img.components === 2 ? 'complex' : 'real'} voxels; a Volume holds one real 3D frame — use readNifti/decodeNifti for the whole image`,
    );
  }
  return { data: img.data, shape: img.shape, spacingMm: img.spacingMm, affine: img.affine, modality };
}

function notFound(path: string, e: unknown): IoError {
  return new IoError('RPERF_IO_NOT_FOUND', path, `cannot read the file: ${(e as Error).message}`);
}

function tooLargeFile(path: string, size: number): IoError {
  return new IoError(
    'RPERF_IO_TOO_LARGE',
    path,
    `the file is ${size} bytes, more than the ${MAX_FILE_BYTES} bytes the reader loads (2 GiB); nothing was read — split or crop the image`,
  );
}

/** What to read of a file after its first bytes: the whole (gzip) file, or the declared bytes. */
interface ReadPlan {
  /** Bytes to read from offset 0. */
  readonly length: number;
  /** Decode what was read. */
  decode(bytes: Uint8Array): NiftiImage;
}

/**
 * Plan the read of a NIfTI file from its size and first bytes, without trusting either: a
 * gzip file is read whole only up to MAX_FILE_BYTES; an uncompressed file's header is checked
 * (voxel budget included) and only the bytes it declares are read.
 */
function planRead(path: string, size: number, first: Uint8Array, options?: NiftiReadOptions): ReadPlan {
  if (isGzip(first)) {
    if (size > MAX_FILE_BYTES) throw tooLargeFile(path, size);
    return { length: size, decode: (bytes) => decodeNifti(bytes, path, options) };
  }
  const header = parseNiftiHeader(first, path);
  const plan = planNifti(header, path, options);
  return { length: Math.min(plan.needed, size), decode: (bytes) => imageOf(header, plan, bytes, path, false) };
}

/** Number of bytes probed first: enough for either header version and the extension flag. */
const FIRST_BYTES = NIFTI2_HEADER_BYTES + 4;

/**
 * Read and decode a `.nii` / `.nii.gz` file; sizes are checked before reading (see
 * {@link decodeNifti} for `maxVoxels`).
 * @example (await readNifti('ct.nii.gz', { maxVoxels: 256 ** 3 })).shape // [nz, ny, nx]
 */
export async function readNifti(path: string, options?: NiftiReadOptions): Promise<NiftiImage> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw notFound(path, e);
  }
  try {
    const size = (await fh.stat()).size;
    const readAt = async (length: number): Promise<Uint8Array> => {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(out, done, length - done, done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return out.subarray(0, done);
    };
    const plan = planRead(path, size, await readAt(Math.min(size, FIRST_BYTES)), options);
    return plan.decode(await readAt(plan.length));
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw notFound(path, e);
  } finally {
    await fh.close();
  }
}

/** Read and decode a `.nii` / `.nii.gz` file synchronously (sizes checked before reading). */
export function readNiftiSync(path: string, options?: NiftiReadOptions): NiftiImage {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw notFound(path, e);
  }
  try {
    const size = fstatSync(fd).size;
    const readAt = (length: number): Uint8Array => {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, done);
        if (n === 0) break;
        done += n;
      }
      return out.subarray(0, done);
    };
    const plan = planRead(path, size, readAt(Math.min(size, FIRST_BYTES)), options);
    return plan.decode(readAt(plan.length));
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw notFound(path, e);
  } finally {
    closeSync(fd);
  }
}

/**
 * Read a 3D NIfTI file as a {@link Volume}.
 * @example const v = await readNiftiVolume('/tmp/ct.nii.gz', 'CT'); v.shape // [32, 64, 64]
 */
export async function readNiftiVolume(path: string, modality: VolumeModality | null = null, options?: NiftiReadOptions): Promise<Volume> {
  return niftiToVolume(await readNifti(path, options), path, modality);
}

/**
 * NIfTI-1 / NIfTI-2 reading (`.nii`, `.nii.gz`), either byte order.
 *
 * gzip is recognised by its magic (1f 8b), not by the file name. The voxels start at
 * vox_offset and are copied into an aligned typed array (byte-swapped for a big-endian file);
 * scl_slope / scl_inter are applied when the slope is finite, non-zero and the pair is not
 * (1, 0), into float32 (float64 for 32/64-bit sources, which float32 would round).
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Volume, VolumeArray, VolumeModality } from '@rhenium-perf/fixtures';
import { copyElements } from './bytes';
import { MAX_DECOMPRESSED_BYTES } from './defaults';
import { IoError } from './errors';
import { affineSpacing, headerAffine } from './nifti-affine';
import { NIFTI_DATATYPES, NIFTI_UNSUPPORTED_DATATYPES } from './nifti-datatypes';
import { parseNiftiHeader } from './nifti-header';
import type { NiftiHeader, NiftiImage } from './types';

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzip with typed errors (truncated stream, corrupt stream, bomb). */
export function gunzipBytes(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/unexpected end/i.test(msg)) throw new IoError('RPERF_IO_TRUNCATED', file, `gzip stream ends early (${msg}); the file was cut off, copy it again`);
    throw new IoError('RPERF_IO_DECOMPRESS', file, `gzip stream is corrupt: ${msg}`);
  }
}

function checkDims(h: NiftiHeader, file: string): { nx: number; ny: number; nz: number; frames: number } {
  const nd = h.dim[0]!;
  if (!Number.isInteger(nd) || nd < 1 || nd > 7) {
    throw new IoError('RPERF_IO_MALFORMED', file, `dim[0] (number of dimensions) must be 1..7, found ${nd}`);
  }
  const d = [1, 1, 1, 1, 1, 1, 1];
  for (let i = 1; i <= nd; i++) {
    const v = h.dim[i]!;
    if (!Number.isSafeInteger(v) || v < 1) throw new IoError('RPERF_IO_MALFORMED', file, `dim[${i}] must be a positive integer, found ${v}`);
    d[i - 1] = v;
  }
  return { nx: d[0]!, ny: d[1]!, nz: d[2]!, frames: d[3]! * d[4]! * d[5]! * d[6]! };
}

/**
 * Decode a NIfTI file held in memory (`.nii` or gzip-compressed `.nii.gz` bytes).
 * @example decodeNifti(readFileSync('t1.nii.gz'), 't1.nii.gz').shape // [nz, ny, nx]
 */
export function decodeNifti(input: Uint8Array, file = '<buffer>'): NiftiImage {
  const bytes = isGzip(input) ? gunzipBytes(input, file) : input;
  const header = parseNiftiHeader(bytes, file);
  if (header.magic.startsWith('ni')) {
    throw new IoError('RPERF_IO_MALFORMED', file, `magic "${header.magic}" marks a .hdr/.img pair; only single-file NIfTI (n+1, n+2) is read — convert with nibabel or fslchfiletype`);
  }
  const { nx, ny, nz, frames } = checkDims(header, file);
  const dt = NIFTI_DATATYPES[header.datatype];
  if (!dt) {
    const known = NIFTI_UNSUPPORTED_DATATYPES[header.datatype];
    throw new IoError(
      'RPERF_IO_UNSUPPORTED_DATATYPE',
      file,
      `datatype ${header.datatype}${known ? ` (${known})` : ' (not a NIfTI datatype)'} is not supported; supported: ${Object.values(NIFTI_DATATYPES).map((t) => t.name).join(', ')}`,
    );
  }
  if (header.bitpix !== dt.bitpix) {
    throw new IoError('RPERF_IO_MALFORMED', file, `bitpix ${header.bitpix} does not match datatype ${dt.name} (${dt.bitpix} bits)`);
  }
  const minOffset = header.version === 1 ? 348 : 540;
  const off = header.voxOffset;
  if (!Number.isFinite(off) || off < minOffset || off !== Math.floor(off)) {
    throw new IoError('RPERF_IO_MALFORMED', file, `vox_offset must be an integer >= ${minOffset}, found ${off}`);
  }
  const count = nx * ny * nz * frames * dt.components;
  const nbytes = count * dt.ctor.BYTES_PER_ELEMENT;
  if (!Number.isSafeInteger(nbytes) || off + nbytes > bytes.length) {
    throw new IoError(
      'RPERF_IO_TRUNCATED',
      file,
      `header claims ${nbytes} bytes of ${dt.name} voxels (${header.dim.slice(1, header.dim[0]! + 1).join('x')}) at offset ${off}, the ${isGzip(input) ? 'decompressed ' : ''}file has ${bytes.length} bytes`,
    );
  }
  let data: VolumeArray = copyElements(dt.ctor, bytes, off, count, header.endianness === 'little');
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

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new IoError('RPERF_IO_NOT_FOUND', path, `cannot read the file: ${(e as Error).message}`);
  }
}

/** Read and decode a `.nii` / `.nii.gz` file. */
export async function readNifti(path: string): Promise<NiftiImage> {
  return decodeNifti(await readBytes(path), path);
}

/** Read and decode a `.nii` / `.nii.gz` file synchronously. */
export function readNiftiSync(path: string): NiftiImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new IoError('RPERF_IO_NOT_FOUND', path, `cannot read the file: ${(e as Error).message}`);
  }
  return decodeNifti(bytes, path);
}

/**
 * Read a 3D NIfTI file as a {@link Volume}.
 * @example const v = await readNiftiVolume('/tmp/ct.nii.gz', 'CT'); v.shape // [32, 64, 64]
 */
export async function readNiftiVolume(path: string, modality: VolumeModality | null = null): Promise<Volume> {
  return niftiToVolume(await readNifti(path), path, modality);
}

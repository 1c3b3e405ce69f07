/**
 * What a NIfTI header commits the reader to, checked before any voxel is inflated, read or
 * allocated: dimensions, datatype, bitpix, vox_offset, and the voxel budget (`maxVoxels`).
 */
import { DEFAULT_MAX_NIFTI_VOXELS, MAX_DECOMPRESSED_BYTES, NIFTI1_HEADER_BYTES, NIFTI2_HEADER_BYTES } from './defaults';
import { IoError } from './errors';
import { NIFTI_DATATYPES, NIFTI_UNSUPPORTED_DATATYPES, type NiftiDatatype } from './nifti-datatypes';
import type { NiftiHeader, NiftiReadOptions } from './types';

/** The voxels a header declares and where they are. */
export interface NiftiPlan {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Product of dim[4..7]. */
  readonly frames: number;
  readonly dt: NiftiDatatype;
  /** Elements to decode (voxels x components). */
  readonly count: number;
  /** Bytes of voxel data. */
  readonly nbytes: number;
  /** vox_offset. */
  readonly offset: number;
  /** offset + nbytes: the bytes of the (uncompressed) file the reader needs. */
  readonly needed: number;
}

/** The voxel cap of a read: `options.maxVoxels`, checked, or the default. */
export function maxVoxelsOf(options: NiftiReadOptions | undefined, file: string): number {
  const cap = options?.maxVoxels ?? DEFAULT_MAX_NIFTI_VOXELS;
  if (!Number.isSafeInteger(cap) || cap < 1) {
    throw new IoError('RPERF_IO_TOO_LARGE', file, `maxVoxels must be a positive integer, received ${String(cap)}`);
  }
  return cap;
}

/**
 * Check a header and return the plan of its voxels; throws RPERF_IO_TOO_LARGE when it
 * declares more than `maxVoxels` voxels (the message gives both numbers and how to raise it).
 * @example planNifti(parseNiftiHeader(bytes), 'a.nii').needed // 352 + 4 * 64 * 64 * 32
 */
export function planNifti(h: NiftiHeader, file: string, options?: NiftiReadOptions): NiftiPlan {
  if (h.magic.startsWith('ni')) {
    throw new IoError('RPERF_IO_MALFORMED', file, `magic "${h.magic}" marks a .hdr/.img pair; only single-file NIfTI (n+1, n+2) is read — convert with nibabel or fslchfiletype`);
  }
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
  const [nx, ny, nz] = [d[0]!, d[1]!, d[2]!];
  const frames = d[3]! * d[4]! * d[5]! * d[6]!;
  const dt = NIFTI_DATATYPES[h.datatype];
  if (!dt) {
    const known = NIFTI_UNSUPPORTED_DATATYPES[h.datatype];
    throw new IoError(
      'RPERF_IO_UNSUPPORTED_DATATYPE',
      file,
      `datatype ${h.datatype}${known ? ` (${known})` : ' (not a NIfTI datatype)'} is not supported; supported: ${Object.values(NIFTI_DATATYPES).map((t) => t.name).join(', ')}`,
    );
  }
  if (h.bitpix !== dt.bitpix) {
    throw new IoError('RPERF_IO_MALFORMED', file, `bitpix ${h.bitpix} does not match datatype ${dt.name} (${dt.bitpix} bits)`);
  }
  const minOffset = h.version === 1 ? NIFTI1_HEADER_BYTES : NIFTI2_HEADER_BYTES;
  const offset = h.voxOffset;
  if (!Number.isFinite(offset) || offset < minOffset || offset !== Math.floor(offset) || offset > MAX_DECOMPRESSED_BYTES) {
    throw new IoError('RPERF_IO_MALFORMED', file, `vox_offset must be an integer >= ${minOffset}, found ${offset}`);
  }
  const dims = h.dim.slice(1, nd + 1).join('x');
  const voxels = nx * ny * nz * frames;
  const maxVoxels = maxVoxelsOf(options, file);
  if (!Number.isSafeInteger(voxels) || voxels > maxVoxels) {
    throw new IoError(
      'RPERF_IO_TOO_LARGE',
      file,
      `the header declares ${dims} = ${voxels} voxels, more than the ${maxVoxels} this reader takes (maxVoxels); nothing was inflated or allocated — crop or downsample the image, or raise the limit`,
    );
  }
  const count = voxels * dt.components;
  const nbytes = count * dt.ctor.BYTES_PER_ELEMENT;
  if (offset + nbytes > MAX_DECOMPRESSED_BYTES) {
    throw new IoError(
      'RPERF_IO_TOO_LARGE',
      file,
      `the header declares ${dims} ${dt.name} voxels = ${nbytes} bytes at offset ${offset}, more than the ${MAX_DECOMPRESSED_BYTES} bytes one read can hold; split the image`,
    );
  }
  return { nx, ny, nz, frames, dt, count, nbytes, offset, needed: offset + nbytes };
}

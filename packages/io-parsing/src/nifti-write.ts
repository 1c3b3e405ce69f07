/**
 * A minimal NIfTI-1 encoder (single file, little endian), the inverse of `decodeNifti`.
 *
 * NOTE: it lives here, not in @rhenium-perf/serialization, because io-parsing's benchmarks
 * must write their input files and io-parsing may not depend on serialization (the data-path
 * rule is io-parsing <- serialization). Serialization builds on it: atomic writes, streamed
 * gzip, JSON export.
 *
 * The header keeps the affine twice: exactly in the sform (srow_x/y/z, float32) and as the
 * nearest rotation in the qform (quaternion + pixdim + qfac), both with code 1 (scanner).
 */
import type { Volume, VolumeArray } from '@rhenium-perf/fixtures';
import { HOST_LITTLE_ENDIAN, swapBytes } from './bytes';
import { NIFTI1_DEFAULT_VOX_OFFSET, NIFTI1_HEADER_BYTES } from './defaults';
import { IoError } from './errors';
import { affineToQuatern } from './nifti-affine';
import { niftiDatatypeOf } from './nifti-datatypes';

/** Options of the NIfTI-1 encoder. */
export interface NiftiWriteOptions {
  /** Up to 79 ASCII characters stored in `descrip`. */
  descrip?: string;
  /** qform_code and sform_code (default 1, NIFTI_XFORM_SCANNER_ANAT). */
  xformCode?: number;
  /** Intent code (e.g. 1002 NIFTI_INTENT_LABEL for label maps); default 0. */
  intentCode?: number;
  /** Name the file in error messages. */
  file?: string;
}

/** Check a volume's shape, data length and affine before encoding it. */
export function checkVolume(volume: Volume, file = '<buffer>'): void {
  const { shape, data, affine } = volume;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d >= 1 && d <= 32767)) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', file, `shape must be [nz, ny, nx] integers in 1..32767 (NIfTI-1 int16 dims), received ${JSON.stringify(shape)}`);
  }
  if (data.length !== shape[0] * shape[1] * shape[2]) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', file, `data has ${data.length} elements, shape ${shape.join('x')} needs ${shape[0] * shape[1] * shape[2]}`);
  }
  if (!Array.isArray(affine) || affine.length !== 16 || !affine.every(Number.isFinite)) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', file, `affine must be 16 finite numbers (4x4 row-major), received ${JSON.stringify(affine)}`);
  }
}

/**
 * The 352 bytes before the voxels: the 348-byte NIfTI-1 header and an empty extension flag.
 * @example encodeNifti1Header(syntheticVolume('CT', 'tiny').image).length // 352
 */
export function encodeNifti1Header(volume: Volume, options: NiftiWriteOptions = {}): Uint8Array {
  const file = options.file ?? '<buffer>';
  checkVolume(volume, file);
  const dt = niftiDatatypeOf(volume.data);
  if (!dt) throw new IoError('RPERF_IO_UNSUPPORTED_DATATYPE', file, `cannot write ${Object.prototype.toString.call(volume.data)} as NIfTI`);
  const out = new Uint8Array(NIFTI1_DEFAULT_VOX_OFFSET);
  const dv = new DataView(out.buffer);
  const le = true;
  const [nz, ny, nx] = volume.shape;
  const q = affineToQuatern(volume.affine);
  const code = options.xformCode ?? 1;
  dv.setInt32(0, NIFTI1_HEADER_BYTES, le);
  out[38] = 'r'.charCodeAt(0); // regular
  const dim = [3, nx, ny, nz, 1, 1, 1, 1];
  dim.forEach((v, i) => dv.setInt16(40 + 2 * i, v, le));
  dv.setInt16(68, options.intentCode ?? 0, le);
  dv.setInt16(70, dt.code, le);
  dv.setInt16(72, dt.bitpix, le);
  const pixdim = [q.qfac, q.voxelMm[0], q.voxelMm[1], q.voxelMm[2], 1, 1, 1, 1];
  pixdim.forEach((v, i) => dv.setFloat32(76 + 4 * i, v, le));
  dv.setFloat32(108, NIFTI1_DEFAULT_VOX_OFFSET, le);
  dv.setFloat32(112, 1, le); // scl_slope 1, scl_inter 0: the identity, voxels stored as they are
  dv.setFloat32(116, 0, le);
  out[123] = 2 | 8; // xyzt_units: mm, s
  const descrip = (options.descrip ?? 'rhenium-perf').replace(/[^\x20-\x7e]/g, '?').slice(0, 79);
  for (let i = 0; i < descrip.length; i++) out[148 + i] = descrip.charCodeAt(i);
  dv.setInt16(252, code, le);
  dv.setInt16(254, code, le);
  q.quatern.forEach((v, i) => dv.setFloat32(256 + 4 * i, v, le));
  q.qoffset.forEach((v, i) => dv.setFloat32(268 + 4 * i, v, le));
  for (let i = 0; i < 12; i++) dv.setFloat32(280 + 4 * i, volume.affine[i]!, le);
  out.set([0x6e, 0x2b, 0x31, 0x00], 344); // "n+1\0"
  return out;
}

/**
 * The voxel bytes of a volume in NIfTI (little-endian) order. On a little-endian host this
 * is a view of `volume.data` (no copy); do not modify it while writing.
 */
export function niftiVoxelBytes(data: VolumeArray): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return HOST_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1 ? view : swapBytes(view.slice(), data.BYTES_PER_ELEMENT);
}

/**
 * Encode a volume as a complete `.nii` file in memory.
 * @example decodeNifti(encodeNifti1(v)).data // the same bytes as v.data
 */
export function encodeNifti1(volume: Volume, options: NiftiWriteOptions = {}): Uint8Array {
  const header = encodeNifti1Header(volume, options);
  const voxels = niftiVoxelBytes(volume.data);
  const out = new Uint8Array(header.length + voxels.length);
  out.set(header, 0);
  out.set(voxels, header.length);
  return out;
}

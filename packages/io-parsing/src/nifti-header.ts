/**
 * NIfTI-1 and NIfTI-2 header parsing, either byte order.
 *
 * The version and byte order come from `sizeof_hdr` (348 for NIfTI-1, 540 for NIfTI-2)
 * read as little then big endian; the magic (`n+1`/`ni1`, `n+2`/`ni2`) is then checked.
 * Offsets are those of nifti1.h and nifti2.h.
 */
import { NIFTI1_HEADER_BYTES, NIFTI2_HEADER_BYTES } from './defaults';
import { IoError } from './errors';
import type { Endianness, NiftiHeader } from './types';

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Detect version and byte order from the first 4 bytes; null when neither NIfTI size matches. */
export function detectNifti(bytes: Uint8Array): { version: 1 | 2; endianness: Endianness } | null {
  if (bytes.length < 4) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 4);
  for (const little of [true, false]) {
    const size = dv.getInt32(0, little);
    if (size === NIFTI1_HEADER_BYTES) return { version: 1, endianness: little ? 'little' : 'big' };
    if (size === NIFTI2_HEADER_BYTES) return { version: 2, endianness: little ? 'little' : 'big' };
  }
  return null;
}

/**
 * Parse the header of an uncompressed NIfTI file.
 * @example parseNiftiHeader(bytes, 'brain.nii').dim // [3, 256, 256, 20, 1, 1, 1, 1]
 */
export function parseNiftiHeader(bytes: Uint8Array, file = '<buffer>'): NiftiHeader {
  const kind = detectNifti(bytes);
  if (!kind) {
    const got = bytes.length < 4 ? `${bytes.length} bytes` : `sizeof_hdr ${new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true)}`;
    throw new IoError('RPERF_IO_BAD_MAGIC', file, `not a NIfTI file: expected sizeof_hdr 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order, found ${got}`);
  }
  const need = kind.version === 1 ? NIFTI1_HEADER_BYTES : NIFTI2_HEADER_BYTES;
  if (bytes.length < need) {
    throw new IoError('RPERF_IO_TRUNCATED', file, `NIfTI-${kind.version} header needs ${need} bytes, the file has ${bytes.length}`);
  }
  const le = kind.endianness === 'little';
  const dv = new DataView(bytes.buffer, bytes.byteOffset, need);
  if (kind.version === 1) {
    const magic = ascii(bytes, 344, 4);
    if (magic !== 'n+1' && magic !== 'ni1') {
      throw new IoError('RPERF_IO_BAD_MAGIC', file, `NIfTI-1 magic must be "n+1" or "ni1", found ${JSON.stringify(magic)} (an ANALYZE 7.5 file is not supported)`);
    }
    const i16 = (o: number): number => dv.getInt16(o, le);
    const f32 = (o: number): number => dv.getFloat32(o, le);
    return {
      version: 1,
      endianness: kind.endianness,
      dim: Array.from({ length: 8 }, (_, i) => i16(40 + 2 * i)),
      pixdim: Array.from({ length: 8 }, (_, i) => f32(76 + 4 * i)),
      datatype: i16(70),
      bitpix: i16(72),
      voxOffset: f32(108),
      sclSlope: f32(112),
      sclInter: f32(116),
      xyztUnits: bytes[123]!,
      intentCode: i16(68),
      descrip: ascii(bytes, 148, 80),
      qformCode: i16(252),
      sformCode: i16(254),
      quatern: [f32(256), f32(260), f32(264)],
      qoffset: [f32(268), f32(272), f32(276)],
      srow: Array.from({ length: 12 }, (_, i) => f32(280 + 4 * i)),
      magic,
    };
  }
  const magic = ascii(bytes, 4, 8);
  if (magic !== 'n+2' && magic !== 'ni2') {
    throw new IoError('RPERF_IO_BAD_MAGIC', file, `NIfTI-2 magic must be "n+2" or "ni2", found ${JSON.stringify(magic)}`);
  }
  const i32 = (o: number): number => dv.getInt32(o, le);
  const i64 = (o: number): number => Number(dv.getBigInt64(o, le));
  const f64 = (o: number): number => dv.getFloat64(o, le);
  return {
    version: 2,
    endianness: kind.endianness,
    dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    pixdim: Array.from({ length: 8 }, (_, i) => f64(104 + 8 * i)),
    datatype: dv.getInt16(12, le),
    bitpix: dv.getInt16(14, le),
    voxOffset: i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    xyztUnits: i32(500),
    intentCode: i32(504),
    descrip: ascii(bytes, 240, 80),
    qformCode: i32(344),
    sformCode: i32(348),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: Array.from({ length: 12 }, (_, i) => f64(400 + 8 * i)),
    magic,
  };
}

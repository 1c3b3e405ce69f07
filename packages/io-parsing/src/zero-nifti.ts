/**
 * A `.nii.gz` of zero voxels of any declared size, written by streaming through zlib (never
 * whole in memory): 1024^3 uint8 voxels make a ~1 MB file that inflates to 1 GiB, the
 * decompression bomb the readers, the CLI and the API must refuse from its header. Tests and
 * fault-injection runs make it in their setup.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { NIFTI1_DEFAULT_VOX_OFFSET, NIFTI1_HEADER_BYTES } from './defaults';
import { NIFTI_DATATYPES } from './nifti-datatypes';

/** Zero bytes written per chunk, bytes. */
const CHUNK_BYTES = 1024 * 1024;

/** The 352 bytes of a NIfTI-1 header (little endian, pixdim 1 mm, no xform) declaring `dims`. */
export function zeroNiftiHeader(dims: readonly number[], datatype = 2): Uint8Array {
  const dt = NIFTI_DATATYPES[datatype];
  if (!dt) throw new RangeError(`zeroNiftiHeader: datatype ${datatype} is not one the reader decodes`);
  const out = new Uint8Array(NIFTI1_DEFAULT_VOX_OFFSET);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, NIFTI1_HEADER_BYTES, true);
  dv.setInt16(40, dims.length, true);
  dims.forEach((d, i) => dv.setInt16(42 + 2 * i, d, true));
  dv.setInt16(70, datatype, true);
  dv.setInt16(72, dt.bitpix, true);
  for (let i = 0; i < 8; i++) dv.setFloat32(76 + 4 * i, 1, true);
  dv.setFloat32(108, NIFTI1_DEFAULT_VOX_OFFSET, true);
  out.set([0x6e, 0x2b, 0x31, 0], 344);
  return out;
}

/**
 * Stream a gzip-compressed NIfTI-1 of `dims` (x, y, z[, t]) zero voxels to `path`.
 * @example await writeZeroNiftiGz('/tmp/bomb.nii.gz', [1024, 1024, 1024]) // ~1 MB on disk, 1 GiB inflated
 */
export async function writeZeroNiftiGz(path: string, dims: readonly number[], datatype = 2): Promise<void> {
  const header = zeroNiftiHeader(dims, datatype);
  let remaining = dims.reduce((a, b) => a * b, 1) * (NIFTI_DATATYPES[datatype]!.bitpix / 8);
  const zeros = new Uint8Array(CHUNK_BYTES);
  async function* bytes(): AsyncGenerator<Uint8Array> {
    yield header;
    while (remaining > 0) {
      const n = Math.min(remaining, CHUNK_BYTES);
      remaining -= n;
      yield n === CHUNK_BYTES ? zeros : zeros.subarray(0, n);
    }
  }
  await pipeline(Readable.from(bytes()), createGzip({ level: 9 }), createWriteStream(path));
}

/**
 * sha256 of what a dossier refers to: volumes (voxels and geometry), model bytes, maps.
 *
 * A volume's hash covers a one-line JSON header — `{"dtype","shape","spacing_mm","affine"}` —
 * a newline, then the voxels as little-endian bytes, so two volumes with the same voxels but
 * a different geometry (hence different volumes in mm³) hash differently.
 */
import { createHash } from 'node:crypto';
import type { Volume, VolumeArray } from '@rhenium-perf/fixtures';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The element type name of a typed array (`float32`, `uint8`...). */
export function dtypeName(a: VolumeArray | Float32Array | Int32Array): string {
  return a.constructor.name.replace(/Array$/, '').toLowerCase();
}

function leBytes(a: ArrayBufferView & { BYTES_PER_ELEMENT: number; length: number }): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN || a.BYTES_PER_ELEMENT === 1) return bytes;
  // NOTE: big-endian hosts swap a copy so hashes agree across machines.
  const out = new Uint8Array(bytes);
  const w = a.BYTES_PER_ELEMENT;
  for (let o = 0; o < out.length; o += w) out.subarray(o, o + w).reverse();
  return out;
}

/**
 * sha256 (lower-case hex) of bytes.
 * @example sha256Bytes(new Uint8Array()) // 'e3b0c442...b855'
 */
export function sha256Bytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of a typed array's little-endian bytes (saliency and uncertainty maps). */
export function sha256Array(a: Float32Array | Float64Array | Int32Array | Uint8Array): string {
  return createHash('sha256').update(leBytes(a)).digest('hex');
}

/**
 * sha256 of a volume: geometry header line, then its voxels.
 * @example sha256Volume(syntheticVolume('MRI', 'tiny').image) // the same hex on every run
 */
export function sha256Volume(volume: Volume): string {
  const header = JSON.stringify({ dtype: dtypeName(volume.data), shape: volume.shape, spacing_mm: volume.spacingMm, affine: volume.affine });
  return createHash('sha256').update(header + '\n').update(leBytes(volume.data)).digest('hex');
}

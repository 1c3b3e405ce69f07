/**
 * NIfTI datatype codes (nifti1.h `NIFTI_TYPE_*`) and what they decode to.
 */
import type { VolumeArray } from '@rhenium-perf/fixtures';

type ArrayCtor = { new (n: number): VolumeArray; readonly BYTES_PER_ELEMENT: number };

/** One supported datatype: its code, name, element constructor and component count. */
export interface NiftiDatatype {
  readonly code: number;
  readonly name: string;
  /** Bits per voxel (bitpix). */
  readonly bitpix: number;
  readonly ctor: ArrayCtor;
  /** 1, or 2 for complex (interleaved re, im). */
  readonly components: 1 | 2;
}

/** The datatypes the reader decodes. */
export const NIFTI_DATATYPES: Readonly<Record<number, NiftiDatatype>> = Object.freeze({
  2: { code: 2, name: 'uint8', bitpix: 8, ctor: Uint8Array, components: 1 },
  4: { code: 4, name: 'int16', bitpix: 16, ctor: Int16Array, components: 1 },
  8: { code: 8, name: 'int32', bitpix: 32, ctor: Int32Array, components: 1 },
  16: { code: 16, name: 'float32', bitpix: 32, ctor: Float32Array, components: 1 },
  32: { code: 32, name: 'complex64', bitpix: 64, ctor: Float32Array, components: 2 },
  64: { code: 64, name: 'float64', bitpix: 64, ctor: Float64Array, components: 1 },
  256: { code: 256, name: 'int8', bitpix: 8, ctor: Int8Array, components: 1 },
  512: { code: 512, name: 'uint16', bitpix: 16, ctor: Uint16Array, components: 1 },
  768: { code: 768, name: 'uint32', bitpix: 32, ctor: Uint32Array, components: 1 },
  1792: { code: 1792, name: 'complex128', bitpix: 128, ctor: Float64Array, components: 2 },
} satisfies Record<number, NiftiDatatype>);

/** Names of datatypes that exist in NIfTI but are not decoded here (for error messages). */
export const NIFTI_UNSUPPORTED_DATATYPES: Readonly<Record<number, string>> = Object.freeze({
  1: 'binary',
  128: 'RGB24',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  2048: 'complex256',
  2304: 'RGBA32',
});

/** The datatype code a typed array is written as. */
export function niftiDatatypeOf(data: VolumeArray): NiftiDatatype | null {
  for (const d of Object.values(NIFTI_DATATYPES)) {
    if (d.components === 1 && data instanceof d.ctor) return d;
  }
  return null;
}

export { SERIALIZATION_ERROR_CODES, SerializationError } from './errors';
export type { SerializationErrorCode } from './errors';
export * from './defaults';
export { atomicWrite, temporaryPathFor } from './atomic';
export { writeNifti } from './nifti-writer';
export type { NiftiFileOptions, WrittenFile } from './nifti-writer';
export {
  DTYPES,
  arrayPayload,
  decodeTypedArray,
  dtypeOf,
  encodeTypedArray,
  isEncodedArray,
  littleEndianBytes,
  rleDecode,
  rleEncode,
} from './typed-array-codec';
export type { ArrayPayload, Dtype, EncodableArray, EncodedArray } from './typed-array-codec';
export { decodeResultJson, jsonChunks, readResultJson, serializeResultJson, writeResultJson } from './json-export';
export type { JsonWriteOptions } from './json-export';
// The in-memory NIfTI-1 encoder lives in io-parsing (its benchmarks write their inputs);
// re-exported so users of serialization find every writer here.
export { encodeNifti1, encodeNifti1Header } from '@rhenium-perf/io-parsing';
export type { NiftiWriteOptions } from '@rhenium-perf/io-parsing';

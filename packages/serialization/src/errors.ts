/**
 * Error catalogue of serialization. Encoding errors of a volume itself (shape, data length,
 * affine) are io-parsing's `IoError` RPERF_IO_INVALID_VOLUME, raised by the NIfTI encoder.
 */
export const SERIALIZATION_ERROR_CODES = Object.freeze({
  RPERF_SER_WRITE_FAILED: 'the output file (or its temporary file) could not be written or renamed into place',
  RPERF_SER_INVALID_INPUT: 'a value cannot be exported to JSON (a cycle, a BigInt, an unsupported typed array)',
  RPERF_SER_DECODE: 'an encoded typed array in a JSON document is malformed (dtype, encoding, length)',
} as const);

/** A code of {@link SERIALIZATION_ERROR_CODES}. */
export type SerializationErrorCode = keyof typeof SERIALIZATION_ERROR_CODES;

/**
 * A typed serialization error naming the file (or the JSON path) concerned.
 * @example new SerializationError('RPERF_SER_INVALID_INPUT', 'out.json', '$.result.self: a cycle')
 */
export class SerializationError extends Error {
  override readonly name = 'SerializationError';
  constructor(
    readonly code: SerializationErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

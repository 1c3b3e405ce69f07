/**
 * Error catalogue of the schema package. Every code is documented in docs/perf/errors.md.
 */
export const SCHEMA_ERROR_CODES = Object.freeze({
  RPERF_SCHEMA_INVALID: 'a document does not match its JSON Schema',
  RPERF_SCHEMA_VERSION: 'a document was written with an incompatible schema major version',
  RPERF_SCHEMA_NOT_JSON: 'a file is not valid JSON',
} as const);

export type SchemaErrorCode = keyof typeof SCHEMA_ERROR_CODES;

/** A document failed validation; `issues` lists `path: problem` lines. */
export class SchemaValidationError extends Error {
  override readonly name = 'SchemaValidationError';
  constructor(
    readonly code: SchemaErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

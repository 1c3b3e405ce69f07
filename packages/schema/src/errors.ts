/**
 * Error catalogue of the schema package: code -> when it is raised. docs/perf/errors.md is
 * generated from it (`npm run docs:errors`).
 */
export const SCHEMA_ERROR_CODES = Object.freeze({
  RPERF_SCHEMA_INVALID: "a document does not match its JSON Schema, or names a benchmark id (or a comparison's id and metric) twice",
  RPERF_SCHEMA_VERSION: 'a document was written with an incompatible schema major version',
} as const);

/** A code of {@link SCHEMA_ERROR_CODES}. */
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

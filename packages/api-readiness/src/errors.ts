/**
 * Error catalogue of @rhenium-perf/api-readiness. HTTP errors leave the server as
 * `application/problem+json` documents carrying one of these codes; the others are thrown
 * by the library (options, the process spawner, the load generator). Every code is
 * documented in README.md and a test checks that it is.
 */
export const API_ERROR_CODES = Object.freeze({
  RPERF_API_BAD_REQUEST: '400: a query parameter or header does not match the route schema',
  RPERF_API_EMPTY_BODY: '400: POST /v1/segment was sent without a body',
  RPERF_API_MALFORMED_NIFTI: '400: the body is not a NIfTI-1/2 file (bad magic, truncated, corrupt gzip, invalid header)',
  RPERF_API_NOT_FOUND: '404: no route for this method and path',
  RPERF_API_NOT_ACCEPTABLE: '406: the Accept header names no type the route can answer with',
  RPERF_API_REQUEST_TIMEOUT: '408: the segment body did not arrive within --body-timeout-ms (default 60000 ms), its upload ran below --min-upload-rate bytes/s over a --upload-rate-window-ms window (default 16384 B/s per 5000 ms; 0 turns it off), or the whole request exceeded --request-timeout-ms (default 90000 ms); the connection is closed and the slot freed',
  RPERF_API_BODY_TOO_LARGE: '413: the body is larger than --body-limit-bytes (default 64 MiB)',
  RPERF_API_VOLUME_TOO_LARGE: "413: the NIfTI header declares more voxels than --max-voxels (default 16777216 = 256^3, the pipeline's limit); refused from the header before inflating or allocating; raise with --max-voxels N",
  RPERF_API_UNSUPPORTED_MEDIA_TYPE: '415: the Content-Type is not application/octet-stream or application/gzip',
  RPERF_API_UNSUPPORTED_VOLUME: '422: the NIfTI decodes but cannot be segmented (4D, complex, unsupported datatype, no finite voxel, spacing not finite and positive)',
  RPERF_API_HEADERS_TOO_LARGE: "431: the request headers are over 16 KiB (Node's HTTP parser limit; raise with node --max-http-header-size)",
  RPERF_API_CLIENT_CLOSED: '499: the client disconnected before the answer (logged only, nobody receives it); its pipeline is aborted between stages and its --max-in-flight slot held until the work stops',
  RPERF_API_INTERNAL: '500: an unexpected failure inside the server (a bug: report it with the request)',
  RPERF_API_PIPELINE_FAILED: '500: the segmentation pipeline failed on a decoded volume',
  RPERF_API_BUSY: '503: the server already works on --max-in-flight requests; retry after Retry-After seconds',
  RPERF_API_NOT_READY: '503: the model is still loading; poll GET /ready and retry',
  RPERF_API_MODEL_LOAD_FAILED: '503: the model could not be loaded; the server cannot segment until restarted',
  RPERF_API_DRAINING: '503: the server received SIGTERM and finishes in-flight requests only',
  RPERF_API_INVALID_OPTIONS: 'a server option or command-line argument is out of range or unknown',
  RPERF_API_SPAWN_FAILED: 'a server process exited, or did not listen or get ready in time, when started by the library',
  RPERF_API_LOAD_FAILED: 'the load generator (autocannon) failed or saw errors, timeouts or unexpected statuses',
} as const);

/** A code of {@link API_ERROR_CODES}. */
export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** HTTP status of each code the server answers with (library-only codes are absent). */
export const API_ERROR_STATUS: Readonly<Partial<Record<ApiErrorCode, number>>> = Object.freeze({
  RPERF_API_BAD_REQUEST: 400,
  RPERF_API_EMPTY_BODY: 400,
  RPERF_API_MALFORMED_NIFTI: 400,
  RPERF_API_NOT_FOUND: 404,
  RPERF_API_NOT_ACCEPTABLE: 406,
  RPERF_API_REQUEST_TIMEOUT: 408,
  RPERF_API_BODY_TOO_LARGE: 413,
  RPERF_API_VOLUME_TOO_LARGE: 413,
  RPERF_API_UNSUPPORTED_MEDIA_TYPE: 415,
  RPERF_API_UNSUPPORTED_VOLUME: 422,
  RPERF_API_HEADERS_TOO_LARGE: 431,
  RPERF_API_CLIENT_CLOSED: 499,
  RPERF_API_INTERNAL: 500,
  RPERF_API_PIPELINE_FAILED: 500,
  RPERF_API_BUSY: 503,
  RPERF_API_NOT_READY: 503,
  RPERF_API_MODEL_LOAD_FAILED: 503,
  RPERF_API_DRAINING: 503,
});

/**
 * A coded error of this package; the message says what was received and how to fix it.
 * @example new ApiError('RPERF_API_INVALID_OPTIONS', '--max-in-flight must be an integer >= 1, received "0"')
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Extra response headers of the problem answer (Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** HTTP status of this error when answered by the server (500 for library-only codes). */
  get status(): number {
    return API_ERROR_STATUS[this.code] ?? 500;
  }
}

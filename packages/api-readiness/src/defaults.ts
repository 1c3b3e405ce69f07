/**
 * Named defaults of the API server and its benchmarks, with their units.
 */

/** Interface the server binds to: loopback only unless asked otherwise. */
export const DEFAULT_HOST = '127.0.0.1';

/** TCP port of the server process when `--port` is not given (0 = any free port). */
export const DEFAULT_PORT = 8000;

/** Largest request body accepted, in bytes (64 MiB: a 256x256x256 float32 volume is 64 MiB). */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Segmentation requests worked on at once; past that a request gets 503 with Retry-After.
 * NOTE: counted from the first byte of the request (before its body is read), so a burst of
 * large uploads cannot make the server buffer more than this many bodies, until its pipeline
 * has really stopped (a client that disconnects aborts the pipeline at its next stage, and
 * keeps the slot until then).
 */
export const DEFAULT_MAX_IN_FLIGHT = 4;

/** Seconds a client is told to wait (Retry-After) after a 503 (busy, loading, draining). */
export const DEFAULT_RETRY_AFTER_S = 1;

/** Time the server gives in-flight requests to finish after SIGTERM before it gives up, ms. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

/**
 * Node's own limit on the time a request may take to arrive in full (headers and body), ms:
 * Fastify's `requestTimeout`, answered 408 problem+json by the client-error handler. A
 * backstop only: Node checks it every 30 s, so the body-read budget below (checked by the
 * route's preParsing hook every few hundred ms) is what a slow upload meets first.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 90_000;

/**
 * Time the body of `POST /v1/segment` may take to arrive in full, from the end of its
 * headers, ms. Past it: 408 RPERF_API_REQUEST_TIMEOUT, the connection is closed and the
 * in-flight slot freed.
 */
export const DEFAULT_BODY_TIMEOUT_MS = 60_000;

/**
 * Slowest upload accepted, bytes per second, measured over each window of
 * DEFAULT_UPLOAD_RATE_WINDOW_MS while a body is read (0 turns the check off). A client that
 * sends less in a window (a slow-loris upload: one byte every few seconds) gets 408 and its
 * slot back: 16 KiB/s carries a 64 MiB body in about 70 min, so only a stalled upload meets it.
 */
export const DEFAULT_MIN_UPLOAD_BYTES_PER_S = 16 * 1024;

/** Window over which the upload rate is measured, ms (the first window starts with the body). */
export const DEFAULT_UPLOAD_RATE_WINDOW_MS = 5_000;

/** Bounds of the interval at which Node checks requestTimeout (a quarter of it, within these), ms. */
export const REQUEST_CHECK_MIN_MS = 100;
export const REQUEST_CHECK_MAX_MS = 30_000;

/** Longest interval between two checks of the body-read budget, ms. */
export const UPLOAD_CHECK_INTERVAL_MS = 250;

/**
 * Largest volume `POST /v1/segment` takes, in voxels: the pipeline's DEFAULT_MAX_VOXELS
 * (256^3; copied here so the server starts without importing the pipeline, a test checks they
 * agree). Checked against the NIfTI header before the body's voxels are inflated or
 * allocated: a 1 MB `.nii.gz` declaring 1024^3 voxels is refused with 413 in milliseconds.
 */
export const DEFAULT_MAX_VOXELS = 256 * 256 * 256;

/** onnxruntime intra-op threads of the server's model session. */
export const DEFAULT_MODEL_THREADS = 1;

/** Media type of every error answer (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Base of the `type` URI of problem documents; the code is appended in lower kebab case. */
export const PROBLEM_TYPE_BASE = 'https://rhenium.dev/problems/';

/** Media types `POST /v1/segment` accepts as its body (a NIfTI-1/2 file, gzipped or not). */
export const SEGMENT_BODY_TYPES = Object.freeze(['application/octet-stream', 'application/gzip', 'application/x-gzip'] as const);

/** Time a spawned server may take to print its listening line, ms. */
export const SPAWN_LISTEN_TIMEOUT_MS = 30_000;

/** Time a spawned server may take until `/ready` answers 200, ms. */
export const SPAWN_READY_TIMEOUT_MS = 60_000;

/** Interval between two `/ready` polls while waiting for a spawned server, ms. */
export const READY_POLL_INTERVAL_MS = 5;

/**
 * (server, floor) pairs of cold starts `api_time_to_ready` alternates in each process's verify
 * (bench/floor.ts): 3 per process in the full suite (9 over its 3 processes, ~0.7 s a pair on
 * the quiet machine), 1 in a smoke run (tests).
 */
export const FLOOR_PAIRS_FULL = 3;
export const FLOOR_PAIRS_SMOKE = 1;

/** Per-request timeout of the load generator, s. */
export const LOAD_REQUEST_TIMEOUT_S = 10;

/** autocannon's sampling interval, ms (it ends a bounded burst only at a sample tick). */
export const LOAD_SAMPLE_INTERVAL_MS = 5;

/** Kibibytes per mebibyte (the /proc status figures are in kB = KiB). */
export const KIB_PER_MIB = 1024;

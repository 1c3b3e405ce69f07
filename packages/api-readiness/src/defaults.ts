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
 * large uploads cannot make the server buffer more than this many bodies.
 */
export const DEFAULT_MAX_IN_FLIGHT = 4;

/** Seconds a client is told to wait (Retry-After) after a 503 (busy, loading, draining). */
export const DEFAULT_RETRY_AFTER_S = 1;

/** Time the server gives in-flight requests to finish after SIGTERM before it gives up, ms. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

/** Time a request may take to arrive in full (headers and body), ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

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

/** Per-request timeout of the load generator, s. */
export const LOAD_REQUEST_TIMEOUT_S = 10;

/** autocannon's sampling interval, ms (it ends a bounded burst only at a sample tick). */
export const LOAD_SAMPLE_INTERVAL_MS = 5;

/** Kibibytes per mebibyte (the /proc status figures are in kB = KiB). */
export const KIB_PER_MIB = 1024;

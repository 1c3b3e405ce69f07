/**
 * Defaults of the harness, with units, in one place.
 */

/** Warm-up runs before measuring (full suite). */
export const DEFAULT_WARMUP_RUNS = 3;
/** Measured runs (full suite). */
export const DEFAULT_MEASUREMENT_RUNS = 10;
/** Warm-up runs in the smoke suite. */
export const SMOKE_WARMUP_RUNS = 2;
/** Measured runs in the smoke suite. */
export const SMOKE_MEASUREMENT_RUNS = 5;
/** A case's child process is killed after this long (setup, runs and verify together). */
export const DEFAULT_CASE_TIMEOUT_MS = 120_000;
/**
 * Calls shorter than this are batched: one timed sample is `batch` calls, and latency is
 * reported per call. 1 ms keeps the clock's resolution and overhead (~50 ns) below 0.01%.
 */
export const MIN_SAMPLE_TIME_MS = 1;
/** Largest batch of calls in one timed sample. */
export const MAX_BATCH_SIZE = 10_000;
/** Where results go, relative to the workspace root (or the current folder outside one). */
export const DEFAULT_RESULTS_DIR = 'artifacts/perf/packages';
/** Bytes in the "MB" of every memory figure (MiB). */
export const BYTES_PER_MB = 1024 * 1024;
/**
 * Independent processes per case in the full suite. Measurements inside one process share
 * its JIT decisions, heap layout and the machine's load at that moment, so their spread
 * understates run-to-run variation; the regression test compares per-process medians, which
 * needs several processes. The measured runs are split between them.
 */
export const DEFAULT_PROCESSES = 5;
/** Processes per case in the smoke suite (and for `stress` cases). */
export const SMOKE_PROCESSES = 1;

/**
 * Defaults of the harness, with units, in one place.
 */

/** Untimed warm-up calls in each process (full suite). */
export const DEFAULT_WARMUP_RUNS_PER_PROCESS = 3;
/**
 * Timed samples in each process (full suite). The regression statistics work on the
 * median of each process's samples; three make that median robust to one disturbed sample.
 */
export const DEFAULT_MEASURED_RUNS_PER_PROCESS = 3;
/** Untimed warm-up calls in each process in the smoke suite. */
export const SMOKE_WARMUP_RUNS_PER_PROCESS = 2;
/** Timed samples in each process in the smoke suite (and in each process of an A/B round). */
export const SMOKE_MEASURED_RUNS_PER_PROCESS = 5;
/** A case's child process is killed after this long (setup, runs and verify together). */
export const DEFAULT_CASE_TIMEOUT_MS = 120_000;
/**
 * The shortest timed sample. Calls shorter than this are batched: one timed sample is
 * `batch` back-to-back calls, and latency is reported per call. 1 ms keeps the clock's
 * resolution and overhead (~50 ns) below 0.01%.
 */
export const MIN_SAMPLE_TIME_MS = 1;
/**
 * The batch is calibrated after warm-up until one batch takes at least this long, twice
 * the minimum, so that a later sample that runs faster than the calibrating one (a warmer
 * cache, a quieter machine) still stays above MIN_SAMPLE_TIME_MS.
 */
export const CALIBRATION_TARGET_MS = 2 * MIN_SAMPLE_TIME_MS;
/** Largest batch of calls in one timed sample. */
export const MAX_BATCH_SIZE = 10_000_000;
/** Where results go, relative to the workspace root (or the current folder outside one). */
export const DEFAULT_RESULTS_DIR = 'artifacts/perf/packages';
/** Bytes in the "MB" of every memory figure (MiB). */
export const BYTES_PER_MB = 1024 * 1024;
/**
 * Independent processes per case in the full suite. Measurements inside one process share
 * its JIT decisions, heap layout and the machine's load at that moment, so their spread
 * understates run-to-run variation; the baseline rule compares per-process medians, which
 * needs at least 3 processes a side. 3 is that floor (issue #17: the full suite in ≤ 6 min;
 * the A/B gate has its own rounds and does not use this count). A nightly job that compares
 * with a committed baseline can buy power with `--processes 5` (docs/perf/metrics.md,
 * "Processes per case": the measured MDE at 3 and 5).
 */
export const DEFAULT_PROCESSES = 3;
/** Processes per case in the smoke suite. */
export const SMOKE_PROCESSES = 1;

/**
 * Defaults of the governance artifacts, with units, in one place.
 */

/** `prev_hash` of the first audit-log entry: 64 hex zeros (no predecessor). */
export const GENESIS_HASH = '0'.repeat(64);

/** Hash algorithm of the audit log and of every artifact digest. */
export const HASH_ALGORITHM = 'sha256';

/**
 * ISO 14971-style severity scale, index 0 = level 1. The names follow the common
 * five-level scale of ISO/TR 24971 annex examples.
 */
export const SEVERITY_LEVELS = Object.freeze(['negligible', 'minor', 'serious', 'critical', 'catastrophic'] as const);

/** ISO 14971-style probability-of-harm scale, index 0 = level 1. */
export const PROBABILITY_LEVELS = Object.freeze(['improbable', 'remote', 'occasional', 'probable', 'frequent'] as const);

/** Risk index (severity x probability, 1..25) at or below which a risk is acceptable. */
export const RISK_ACCEPTABLE_MAX_INDEX = 4;

/**
 * Risk index at or below which a risk is acceptable only as low as reasonably practicable
 * (ALARP: further reduction must be shown impracticable); above it the risk is unacceptable.
 */
export const RISK_ALARP_MAX_INDEX = 9;

/** Decimals of latencies (ms) and memory (MB) in rendered tables. */
export const DISPLAY_DECIMALS = 2;

/** Hex characters of a hash shown in narrow table columns (the full hash is in the JSON). */
export const SHORT_HASH_CHARS = 12;

/** Bytes in the "KB" of rendered sizes (KiB). */
export const BYTES_PER_KB = 1024;

/** Bytes in the "MB" of rendered sizes (MiB, like the harness). */
export const BYTES_PER_MB = 1024 * 1024;

/** What a rendered value shows when the figure is absent (null). */
export const MISSING_VALUE = '—';

/** `$id` prefix of this package's JSON Schemas (each id must be unique in the shared ajv instance). */
export const SCHEMA_ID_BASE = 'https://rhenium-perf.local/schema/1/governance/';

/**
 * Error catalogue of the comparison: baselines and the comparison config.
 */
export const COMPARE_ERROR_CODES = Object.freeze({
  RPERF_BASELINE_MISSING: 'the baseline file does not exist or cannot be read',
  RPERF_BASELINE_NOT_JSON: 'the baseline file is not valid JSON',
  RPERF_BASELINE_NOT_REPORT: 'the baseline file is JSON but not a valid report document',
  RPERF_BASELINE_VERSION: 'the baseline was written with an incompatible (older or newer) schema major version',
  RPERF_BASELINE_ENV_MISMATCH: 'the baseline was measured on a machine with another fingerprint',
  RPERF_COMPARE_CONFIG_UNREADABLE: 'the comparison config file does not exist, cannot be read, or is not JSON',
  RPERF_COMPARE_CONFIG_INVALID: 'the comparison config does not match its schema',
} as const);

/** A code of the comparison catalogue. */
export type CompareErrorCode = keyof typeof COMPARE_ERROR_CODES;
/** Codes of baseline problems (all map to exit code 2 in the CLI). */
export type BaselineErrorCode = Exclude<CompareErrorCode, CompareConfigErrorCode>;
/** Codes of config problems. */
export type CompareConfigErrorCode = 'RPERF_COMPARE_CONFIG_UNREADABLE' | 'RPERF_COMPARE_CONFIG_INVALID';

/** The baseline is missing, unreadable, invalid, too old, or from another machine. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
  constructor(
    readonly code: BaselineErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The comparison config file is unreadable or invalid. */
export class CompareConfigError extends Error {
  override readonly name = 'CompareConfigError';
  constructor(
    readonly code: CompareConfigErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

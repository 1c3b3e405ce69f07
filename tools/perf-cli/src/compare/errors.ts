/**
 * Errors of the comparison: baselines and the comparison config. Their codes are part of
 * the CLI's one catalogue, `CLI_ERROR_CODES` (../errors.ts).
 */
import { errorCodesWithPrefix, type CliErrorCode } from '../errors';

/** Codes of baseline problems (all map to exit code 2 in the CLI). */
export type BaselineErrorCode = Extract<CliErrorCode, `RPERF_BASELINE_${string}`>;
/** Codes of config problems. */
export type CompareConfigErrorCode = Extract<CliErrorCode, `RPERF_COMPARE_CONFIG_${string}`>;
/** A code of the comparison. */
export type CompareErrorCode = BaselineErrorCode | CompareConfigErrorCode;

/** The comparison's codes: the `RPERF_BASELINE_` and `RPERF_COMPARE_CONFIG_` entries of `CLI_ERROR_CODES`. */
export const COMPARE_ERROR_CODES = errorCodesWithPrefix('RPERF_BASELINE_', 'RPERF_COMPARE_CONFIG_');

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

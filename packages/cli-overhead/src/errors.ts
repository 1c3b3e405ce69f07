/**
 * Error catalogue of the `rhenium` tool. A `CliError` is always the user's to fix (a usage
 * mistake or an input that cannot be used) and ends the process with exit code 2; its
 * message names the problem and, after "; ", the fix.
 */

/** The catalogue: code -> what it means. */
export const CLI_ERROR_CODES = Object.freeze({
  RPERF_CLI_UNKNOWN_COMMAND: 'the first argument is not a rhenium command',
  RPERF_CLI_UNKNOWN_OPTION: 'an option is not one the command accepts',
  RPERF_CLI_MISSING_ARGUMENT: 'a required argument or option is missing, or an option lacks its value',
  RPERF_CLI_EXTRA_ARGUMENT: 'more positional arguments than the command takes',
  RPERF_CLI_BAD_VALUE: 'an option value is malformed or out of range; checked before any input is read or allocated: --angles COUNT at most 32767, --size 2..4096, --iterations 1..1000, RHENIUM_MAX_VOXELS a positive integer, and the recon-ct image (slices x size^2) within the voxel budget (raise it with RHENIUM_MAX_VOXELS=N)',
  RPERF_CLI_INPUT_NOT_FOUND: 'an input file or folder does not exist or cannot be read',
  RPERF_CLI_BAD_INPUT: 'an input file is readable but cannot be used by the command (wrong datatype or shape)',
  RPERF_CLI_OUTPUT_NOT_WRITABLE: 'the output path cannot be written (missing folder, same as the input)',
  RPERF_CLI_PIPELINE_UNAVAILABLE: 'the segmentation pipeline package cannot be loaded',
} as const);

/** One of the codes of {@link CLI_ERROR_CODES}. */
export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

/** Exit code of a successful command. */
export const EXIT_OK = 0;
/** Exit code of an unexpected failure (a bug, an out-of-memory). */
export const EXIT_FAILURE = 1;
/** Exit code of a usage error or an unusable input. */
export const EXIT_USAGE = 2;

/**
 * A usage or input error of the tool: what was received, and how to fix it.
 * @example new CliError('RPERF_CLI_UNKNOWN_OPTION', "unknown option '--iter' for recon-ct", "did you mean '--iterations'? see 'rhenium recon-ct --help'")
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    /** What is wrong, naming the value received. */
    readonly problem: string,
    /** What to do about it. */
    readonly fix: string,
  ) {
    super(`${problem}; ${fix}`);
  }
}

/** True for a {@link CliError}. */
export function isCliError(e: unknown): e is CliError {
  return e instanceof CliError;
}

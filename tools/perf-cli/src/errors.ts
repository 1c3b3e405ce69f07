/**
 * Error catalogue of rhenium-perf. Every code is documented in docs/perf/errors.md.
 */
export const CLI_ERROR_CODES = Object.freeze({
  RPERF_USAGE: 'an option is unknown, lacks its value, or conflicts with another',
  RPERF_RESULTS_INVALID: 'a package results file is not JSON or fails the results schema',
  RPERF_REPORT_INVALID: 'a merged report fails the report schema (nothing is written)',
  RPERF_REPORT_INTEGRITY: 'a report publishes a figure that does not mean what it says (a timed sample under the minimum, a check past its threshold on a passed case, voxels/s inconsistent with its shape)',
  RPERF_NO_RESULTS: 'no package results file was found to merge',
  RPERF_NX_FAILED: 'Nx could not be started or could not list the projects',
  RPERF_OUTPUT_UNWRITABLE: 'the output folder cannot be written',
  RPERF_NO_CASES: 'the selection (mode, --filter) matches no benchmark case; nothing is written',
  RPERF_ENV_MISMATCH: 'results files to merge come from different machines (fingerprints)',
  RPERF_AB_REF: 'the base (or head) git ref of an A/B run does not exist, or the checkout is not a git repository',
  RPERF_AB_DIRTY: 'the base worktree of an A/B run has uncommitted changes',
  RPERF_AB_BUILD: 'a side of an A/B run could not be installed or built',
  RPERF_AB_PROTOCOL: "a side of an A/B run cannot list or measure its cases (it predates rhenium-perf ab)",
} as const);

export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

/** A coded error of the CLI; the message says what is wrong and how to fix it. */
export class PerfCliError extends Error {
  override readonly name = 'PerfCliError';
  constructor(
    readonly code: CliErrorCode | (string & {}),
    message: string,
    /** Exit code the CLI uses for it. */
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

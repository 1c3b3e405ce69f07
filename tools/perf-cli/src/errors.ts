/**
 * Error catalogue of rhenium-perf: every code the CLI raises, the comparison's
 * (`BaselineError`, `CompareConfigError`) and the renderer's (`RenderError`) included.
 * docs/perf/errors.md is generated from it (`npm run docs:errors`).
 */
export const CLI_ERROR_CODES = Object.freeze({
  RPERF_USAGE: 'a command-line option is unknown, missing its value, or conflicts with another',
  RPERF_RESULTS_INVALID: 'a package results file cannot be read, is not JSON, fails the results schema, or repeats a benchmark id of another package',
  RPERF_REPORT_INVALID: 'a report is missing, not a regular file, over 256 MiB, not JSON, or fails the report schema (duplicate ids included); a merged report that fails it is not written',
  RPERF_REPORT_INTEGRITY: '`validate`: a report publishes a figure that does not mean what it says (a timed sample under 1 ms, a check past its threshold on a passed case, voxels/s inconsistent with its shape); the message names the cases (exit 2)',
  RPERF_NO_RESULTS: 'no package results file was found to merge, or no package wrote results during a run',
  RPERF_NX_FAILED: 'Nx is not installed, could not be started, or could not list the projects',
  RPERF_OUTPUT_UNWRITABLE: 'the output folder (or the folder of `--output`) cannot be made or written: under a file (ENOTDIR), in /proc (ENOENT), read-only (EROFS, EACCES); checked before anything is measured',
  RPERF_NO_CASES: '`run --filter RE` or `ab`: the selection matches no case in any package; checked before anything runs, so earlier results, reports and dashboards stay as they were (exit 2)',
  RPERF_ENV_MISMATCH: "results files to merge come from different machines (fingerprints); merge one machine's files or pass `--allow-env-mismatch` (exit 2)",
  RPERF_AB_REF: 'the base (or head) git ref of an A/B run does not exist, or the checkout is not a git repository (exit 2)',
  RPERF_AB_DIRTY: 'the base worktree of an A/B run has uncommitted changes, or the folder is not a worktree at the base commit: remove it (`git worktree remove --force DIR`) (exit 2)',
  RPERF_AB_BUILD: 'a side of an A/B run could not be installed or built, or cannot list its cases (exit 2)',
  RPERF_AB_PROTOCOL: 'a side of an A/B run cannot list or measure its cases: its harness predates `rhenium-perf ab`; choose a newer base (exit 2)',
  RPERF_BASELINE_MISSING: 'the baseline file does not exist or cannot be read',
  RPERF_BASELINE_NOT_JSON: 'the baseline file is not valid JSON',
  RPERF_BASELINE_NOT_REPORT: 'the baseline file is JSON but not a valid report document (a per-package results file, or a schema failure)',
  RPERF_BASELINE_VERSION: 'the baseline was written with an incompatible (older or newer) schema major version',
  RPERF_BASELINE_ENV_MISMATCH: 'the baseline was measured on a machine with another fingerprint and `--allow-env-mismatch` was not passed',
  RPERF_COMPARE_CONFIG_UNREADABLE: 'the comparison config file does not exist, cannot be read, or is not JSON',
  RPERF_COMPARE_CONFIG_INVALID: 'the comparison config does not match its schema',
  RPERF_SITE_OUTPUT: '`site`: the `--output` folder is a file, holds files that are not an earlier site (no `.rhenium-perf-site`), or cannot be written; nothing is replaced (exit 2)',
  RPERF_RENDER_TEMPLATE: 'a template is missing, unreadable, or does not compile',
  RPERF_RENDER_WRITE: 'a rendered file cannot be written (the message says which files, if any, were already replaced)',
} as const);

/** A code of {@link CLI_ERROR_CODES}. */
export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

/** A coded error of the CLI; the message says what is wrong and how to fix it. */
export class PerfCliError extends Error {
  override readonly name = 'PerfCliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
    /** Exit code the CLI uses for it. */
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

/** The part of {@link CLI_ERROR_CODES} whose codes start with one of `prefixes` (a frozen copy). */
export function errorCodesWithPrefix<P extends string>(...prefixes: P[]): Readonly<Record<Extract<CliErrorCode, `${P}${string}`>, string>> {
  const entries = Object.entries(CLI_ERROR_CODES).filter(([code]) => prefixes.some((p) => code.startsWith(p)));
  return Object.freeze(Object.fromEntries(entries)) as Readonly<Record<Extract<CliErrorCode, `${P}${string}`>, string>>;
}

/**
 * Error catalogue of the harness: code -> when it is raised. docs/perf/errors.md is
 * generated from it (`npm run docs:errors`).
 */
export const HARNESS_ERROR_CODES = Object.freeze({
  RPERF_USAGE: 'a command-line option is unknown, missing its value, or conflicts with another',
  RPERF_DEVICE_UNAVAILABLE: '--device cuda was asked for but CUDA cannot be used on this machine (no NVIDIA GPU, onnxruntime-node without the CUDA provider, RHENIUM_PERF_FORCE_NO_CUDA=1, or a CUDA session that would not start)',
  RPERF_BENCH_INVALID: 'a defineBench declaration is malformed (id, category, tags, counts, functions)',
  RPERF_BENCH_DUPLICATE: 'two cases of a package share an id',
  RPERF_BENCH_LOAD: 'a bench module could not be imported',
  RPERF_VERIFY_FAILED: "a case's output failed its verification",
  RPERF_WRITE_FAILED: 'a results file could not be written',
} as const);

/** A code of {@link HARNESS_ERROR_CODES}. */
export type HarnessErrorCode = keyof typeof HARNESS_ERROR_CODES;

/** A coded harness error; the message says what was received and how to fix it. */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  constructor(
    readonly code: HarnessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by `verify` (or by `expectQuality`) when the output is wrong: the case fails with
 * this message.
 */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  readonly code = 'RPERF_VERIFY_FAILED' satisfies HarnessErrorCode;
}

/**
 * Fail a case's verify with `message` unless `cond` holds (the one helper for it; packages
 * import it rather than keep their own).
 * @example check(out.shape.join('x') === '20x256x256', `shape ${out.shape.join('x')}`)
 */
export function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new VerifyError(message);
}

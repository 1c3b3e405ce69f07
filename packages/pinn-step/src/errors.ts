/**
 * Error catalogue of the PINN step package. Every error thrown on bad input is a
 * `PinnError` with one of these codes; a test checks that each code is documented here.
 */
export const PINN_ERROR_CODES = Object.freeze({
  RPERF_PINN_LAYER_SIZES:
    'the layer sizes are not [2, hidden..., 1] with positive integer widths and at least one hidden layer',
  RPERF_PINN_PARAMETER_LENGTH:
    'a parameter, gradient or optimiser vector does not have the length of the network layout it is used with',
  RPERF_PINN_BATCH_SIZE: 'a batch size (collocation or boundary point count) is not a positive integer, or exceeds the plan',
  RPERF_PINN_NON_FINITE: 'an input (point coordinate, source value, parameter, option) is NaN or infinite',
  RPERF_PINN_BAD_OPTION: 'an option (learning rate, Adam betas, boundary weight, grid size) is outside its valid range',
  RPERF_PINN_ALIASED_OUTPUT: 'an output array is the same array as an input it must not overwrite',
  RPERF_PINN_DIVERGED: 'a training step produced a non-finite loss (learning rate too high, or non-finite weights)',
} as const);

/** One of the codes of `PINN_ERROR_CODES`. */
export type PinnErrorCode = keyof typeof PINN_ERROR_CODES;

/** A coded error of the PINN package; the message says what was received and how to fix it. */
export class PinnError extends Error {
  override readonly name = 'PinnError';
  constructor(
    readonly code: PinnErrorCode,
    message: string,
  ) {
    super(message);
  }
}

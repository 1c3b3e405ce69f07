/**
 * Error catalogue of the CT reconstruction package. Every thrown error is a `ReconstructionCtError`
 * with one of these codes; the message says what was received and what is expected.
 */
export const RECONSTRUCTION_CT_ERROR_CODES = Object.freeze({
  RPERF_CT_SHAPE_MISMATCH:
    'an array length does not match the geometry (sinogram vs angles x detectors, image vs size x size, stack vs slices)',
  RPERF_CT_UNKNOWN_FILTER: 'the FBP filter name is not one of ramp, shepp-logan, cosine, hamming, hann',
  RPERF_CT_NOT_SQUARE: 'an image that must be square (size x size) is not',
  RPERF_CT_NON_FINITE: 'an input array or parameter holds NaN or an infinity',
  RPERF_CT_INVALID_ARGUMENT: 'a size, count or parameter is out of its valid range',
  RPERF_CT_OUT_ALIASED: 'the output array is the input array, which the kernel would overwrite while reading',
} as const);

/** One of the codes of `RECONSTRUCTION_CT_ERROR_CODES`. */
export type ReconstructionCtErrorCode = keyof typeof RECONSTRUCTION_CT_ERROR_CODES;

/** A coded error of the CT reconstruction kernels. */
export class ReconstructionCtError extends Error {
  override readonly name = 'ReconstructionCtError';
  constructor(
    readonly code: ReconstructionCtErrorCode,
    message: string,
  ) {
    super(message);
  }
}

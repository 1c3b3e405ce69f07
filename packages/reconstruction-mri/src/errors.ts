/**
 * Coded errors of the MRI reconstruction package. Every message says what was received and
 * what is expected.
 */

/** The catalogue of error codes: code -> what it means. */
export const MRI_ERROR_CODES = Object.freeze({
  RPERF_MRI_BAD_SIZE: 'an image, k-space, coil or iteration count is not a positive integer',
  RPERF_MRI_SHAPE_MISMATCH: 'an array length or a coil-map shape does not match the k-space / image shape',
  RPERF_MRI_NON_FINITE: 'the input k-space, image or coil maps hold NaN or an infinity',
  RPERF_MRI_BAD_OPTION: 'an option is out of its range (tolerance, regularisation weight, wavelet levels...)',
  RPERF_MRI_ALIASED_BUFFERS: 'an output buffer is the same array as an input that is still read',
} as const);

/** One of the codes of {@link MRI_ERROR_CODES}. */
export type MriErrorCode = keyof typeof MRI_ERROR_CODES;

/** An error of the MRI reconstruction package, with a code from {@link MRI_ERROR_CODES}. */
export class MriReconError extends Error {
  constructor(
    readonly code: MriErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'MriReconError';
  }
}

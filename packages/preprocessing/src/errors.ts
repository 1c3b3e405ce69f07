/**
 * Error catalogue of the preprocessing package. Every code is described here and a test
 * checks that each code thrown by the package is in this catalogue.
 */
export const PREPROCESSING_ERROR_CODES = Object.freeze({
  RPERF_PREPROCESS_BAD_SPACING: 'a voxel spacing (of the input or the target) is not a finite positive number of millimetres',
  RPERF_PREPROCESS_SHAPE_MISMATCH: "an array's length does not match the shape it is used with (input data, out buffer, plan)",
  RPERF_PREPROCESS_OUT_ALIASES_INPUT: 'the out buffer is the input array where the kernel cannot work in place (resampling, crop/pad)',
  RPERF_PREPROCESS_BAD_OPTION: 'an option is out of range (percentiles, window bounds, crop/pad multiple, interpolation)',
  RPERF_PREPROCESS_NON_FINITE: 'the statistics of the input are not finite (it holds +/-Infinity), so it cannot be scaled',
  RPERF_PREPROCESS_UNKNOWN_PRESET: 'a modality preset name is not one of PREPROCESSING_PRESETS',
} as const);

/** A code of the catalogue. */
export type PreprocessErrorCode = keyof typeof PREPROCESSING_ERROR_CODES;

/** A coded preprocessing error; the message says what was received and how to fix it. */
export class PreprocessError extends Error {
  override readonly name = 'PreprocessError';
  constructor(
    readonly code: PreprocessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Error catalogue of @rhenium-perf/gan-inference. Every code is documented in README.md and
 * a test checks that it is.
 */
export const GAN_ERROR_CODES = Object.freeze({
  RPERF_GAN_NAN_INPUT: 'the input image or volume holds NaN or infinite values',
  RPERF_GAN_INPUT_RANK: 'the input has the wrong number of dimensions for the operation (2D image vs 3D volume)',
  RPERF_GAN_INPUT_SHAPE: 'the input shape is not positive integers, or its data length does not match the shape',
  RPERF_GAN_MODEL_MISMATCH: 'the model does not do the operation asked for (a denoiser given to super-resolution, a 2D model given a volume)',
  RPERF_GAN_DEVICE_UNAVAILABLE: '--device cuda was asked for but the CUDA execution provider cannot be used here',
  RPERF_GAN_INVALID_OPTIONS: 'an option is out of range (timestamp, slice batch, threads, device, model options)',
  RPERF_GAN_MODEL_LOAD_FAILED: 'onnxruntime could not create a session for the generator',
  RPERF_GAN_RUN_FAILED: 'onnxruntime failed while running the generator',
  RPERF_GAN_DISCLOSURE_INVALID: 'a disclosure record does not validate against schemas/disclosure.schema.json',
} as const);

/** A code of GAN_ERROR_CODES. */
export type GanErrorCode = keyof typeof GAN_ERROR_CODES;

/** A coded error of this package; the message says what was received and how to fix it. */
export class GanError extends Error {
  override readonly name = 'GanError';
  constructor(
    readonly code: GanErrorCode,
    message: string,
  ) {
    super(message);
  }
}

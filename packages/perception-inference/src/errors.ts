/**
 * Error catalogue of @rhenium-perf/perception-inference. Every code is documented in
 * README.md and a test checks that it is.
 */
export const PERCEPTION_ERROR_CODES = Object.freeze({
  RPERF_DEVICE_UNAVAILABLE: '--device cuda was asked for but CUDA cannot be used on this machine (no NVIDIA GPU, onnxruntime-node without the CUDA provider, RHENIUM_PERF_FORCE_NO_CUDA=1, or a CUDA session that would not start)',
  RPERF_PERCEPTION_MODEL_UNREADABLE: 'the model file does not exist or cannot be read',
  RPERF_PERCEPTION_NOT_ONNX: 'the model bytes are not an ONNX model, or onnxruntime refuses to load them',
  RPERF_PERCEPTION_INPUT_MISMATCH: "the input's rank, shape or element type does not match what the model expects",
  RPERF_PERCEPTION_NAN_INPUT: 'the input volume holds NaN or infinite values',
  RPERF_PERCEPTION_PATCH_TOO_LARGE: 'the patch is larger than the volume and padding was turned off',
  RPERF_PERCEPTION_INVALID_OPTIONS: 'an option is out of range (patch size, overlap, threads, top-k, thresholds)',
  RPERF_PERCEPTION_RUN_FAILED: 'onnxruntime failed while running the model',
} as const);

/** A code of PERCEPTION_ERROR_CODES. */
export type PerceptionErrorCode = keyof typeof PERCEPTION_ERROR_CODES;

/** A coded error of this package; the message says what was received and how to fix it. */
export class PerceptionError extends Error {
  override readonly name = 'PerceptionError';
  constructor(
    readonly code: PerceptionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

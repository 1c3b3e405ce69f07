/**
 * Error catalogue of @rhenium-perf/onnx-models. Every code is documented in README.md and a
 * test checks that it is.
 */
export const ONNX_MODELS_ERROR_CODES = Object.freeze({
  RPERF_ONNX_INVALID_OPTIONS: 'a model or layer option is out of range (features, classes, kernel, seed...)',
  RPERF_ONNX_UNKNOWN_MODEL: 'the model name is not one of the zoo',
  RPERF_ONNX_GRAPH_INVALID: 'the graph being built refers to a value that does not exist, or names one twice',
  RPERF_ONNX_NOT_ONNX: 'the bytes are not a serialised onnx.ModelProto (protobuf decoding failed or no graph)',
  RPERF_ONNX_CACHE_CORRUPT: 'a cached model file does not have the sha256 it is named after',
  RPERF_ONNX_SHAPE_UNSUPPORTED: 'the FLOP counter cannot propagate shapes through a node of the graph (an operator or attribute without a shape rule, or a graph input without dims); the count is then reported as unavailable, never guessed',
  RPERF_ONNX_REFERENCE_UNSUPPORTED: 'the pure-TypeScript reference forward pass (the independent check of an ONNX network) does not implement an operator or attribute of the graph; the check is then reported as unavailable, never guessed',
} as const);

/** A code of ONNX_MODELS_ERROR_CODES. */
export type OnnxModelsErrorCode = keyof typeof ONNX_MODELS_ERROR_CODES;

/** A coded error of this package; the message says what was received and how to fix it. */
export class OnnxModelsError extends Error {
  override readonly name = 'OnnxModelsError';
  constructor(
    readonly code: OnnxModelsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

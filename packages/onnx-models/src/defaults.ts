/**
 * Defaults of the ONNX builder and the model zoo, in one place.
 */

/** ONNX IR version written into every model (IR 8 = ONNX 1.10+, what opset 17 needs at least). */
export const ONNX_IR_VERSION = 8;
/** Default-domain opset every model imports. */
export const ONNX_OPSET = 17;
/** producer_name of the zoo's models. */
export const PRODUCER_NAME = 'rhenium-perf-onnx-models';
/** producer_version; part of the bytes (so of the sha256): bump it only with a model change. */
export const PRODUCER_VERSION = '1';
/** Seed of every zoo model's weights unless given. */
export const DEFAULT_MODEL_SEED = 20240601;
/** Environment variable naming the on-disk cache folder of `modelFile`. */
export const MODEL_CACHE_DIR_ENV = 'RPERF_ONNX_MODELS_CACHE_DIR';
/** Sub-folder of the OS temp dir used as the on-disk cache by default. */
export const DEFAULT_CACHE_SUBDIR = 'rhenium-perf-onnx-models';
/** CenterNet's heat-map bias init: -log((1 - 0.1) / 0.1), a prior of 0.1 per location. */
export const HEATMAP_PRIOR_BIAS = -2.19;

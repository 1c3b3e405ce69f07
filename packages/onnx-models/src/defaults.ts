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
/**
 * Environment variable that turns the persistent model store off (`off`): then `getModel`
 * builds every model in every process, as before the store.
 */
export const MODEL_STORE_ENV = 'RPERF_ONNX_MODELS_STORE';
/** Sub-folder of the OS temp dir used as the on-disk cache by default. */
export const DEFAULT_CACHE_SUBDIR = 'rhenium-perf-onnx-models';
/** CenterNet's heat-map bias init: -log((1 - 0.1) / 0.1), a prior of 0.1 per location. */
export const HEATMAP_PRIOR_BIAS = -2.19;
/**
 * Largest |onnxruntime - reference| accepted between a zoo model's output and the float64
 * reference forward pass (runReference) on the same input, in the output's units (softmax
 * and sigmoid probabilities, tanh images in [-1, 1], DnCNN images, log box sizes).
 * Measured on small inputs (tests, bench verifies): 2e-8 (classifier) to 2e-5 (SR generator,
 * nine 3x3 and two 9x9 convolutions with residual sums), so 1e-4 leaves 5x headroom over the
 * worst while an error of the output's own size (a wrong operator, a zero output) fails.
 */
export const REFERENCE_MAX_ABS_ERROR = 1e-4;

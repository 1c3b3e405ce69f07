/**
 * Defaults of perception inference, with units, in one place.
 */

/** Sliding-window overlap between neighbouring patches, as a fraction of the patch (MONAI's default 0.25). */
export const DEFAULT_OVERLAP = 0.25;
/** Gaussian blending: sigma = SIGMA_SCALE * patch size per axis (MONAI's sigma_scale 0.125). */
export const GAUSSIAN_SIGMA_SCALE = 0.125;
/** Smallest importance weight (MONAI clamps the Gaussian map to at least 1e-3 so borders still count). */
export const MIN_IMPORTANCE_WEIGHT = 1e-3;
/** Largest patch used when none is given, [z, y, x] voxels (the U-Net's 32x64x64 "training patch"). */
export const DEFAULT_MAX_PATCH_SIZE: readonly [number, number, number] = Object.freeze([32, 64, 64] as const);
/** Top-k of a classification. */
export const DEFAULT_TOP_K = 3;
/** Heat-map score a detection must reach. */
export const DEFAULT_SCORE_THRESHOLD = 0.15;
/** Boxes of one class overlapping more than this (IoU) are suppressed (3D NMS). */
export const DEFAULT_NMS_IOU = 0.3;
/** Peaks kept before NMS. */
export const DEFAULT_MAX_CANDIDATES = 100;
/** Detections returned after NMS. */
export const DEFAULT_MAX_DETECTIONS = 20;
/** log-size values are clamped to +-this before exp (a box never exceeds e^8 strides). */
export const MAX_LOG_SIZE = 8;
/** Warm-up and measured runs of `benchmarkOnnxModel`. */
export const DEFAULT_USER_WARMUP_RUNS = 2;
export const DEFAULT_USER_RUNS = 10;
/** Environment variables a runner sets to benchmark a user's model (`--model`, `--input-shape`). */
export const USER_MODEL_ENV = 'RPERF_MODEL_PATH';
export const USER_INPUT_SHAPE_ENV = 'RPERF_MODEL_INPUT_SHAPE';

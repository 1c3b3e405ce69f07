/**
 * Types of perception inference: devices, sessions, and the results of segmentation,
 * classification and detection.
 */
import type { TensorSpec } from '@rhenium-perf/onnx-models';
import type { Volume } from '@rhenium-perf/fixtures';
import type { InferenceSession, Tensor } from 'onnxruntime-node';

/** Device a session is asked for. `auto` uses CUDA when a session can be made with it, else the CPU. */
export type DeviceRequest = 'cpu' | 'cuda' | 'auto';
/** Device a session runs on. */
export type DeviceKind = 'cpu' | 'cuda';

/** `ctx.stage` of the harness, or any function that times `fn` under a name. */
export type StageFn = <T>(name: 'session_run' | 'pre_post', fn: () => T) => T;

/** Options of `createSession`. */
export interface SessionOptions {
  /** Default 'cpu'. */
  device?: DeviceRequest;
  /** onnxruntime intra-op threads. Default: os.availableParallelism(). */
  intraOpThreads?: number;
  /** Graph optimisation level. Default 'all'. */
  graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Reuse a cached session for the same model bytes and options (default true). */
  reuse?: boolean;
  /** Name of the model in messages (default: the file path, or 'model'). */
  label?: string;
}

/** A loaded model, ready to run. */
export interface ModelSession {
  readonly session: InferenceSession;
  /** The model bytes' sha256 (lower-case hex). */
  readonly sha256: string;
  readonly label: string;
  readonly device: DeviceKind;
  /** Why this device (e.g. 'auto: using cpu because no NVIDIA GPU found'), or null for a plain request. */
  readonly deviceReason: string | null;
  readonly intraOpThreads: number;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** session.run, with onnxruntime errors turned into PerceptionError RPERF_PERCEPTION_RUN_FAILED. */
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  /** Release the native session (and drop it from the reuse cache). */
  dispose(): Promise<void>;
}

/** Intensity normalisation applied before inference. */
export type Normalization = 'zscore' | 'none';

/** Options of `segmentVolume`. */
export interface SegmentOptions {
  /** Patch [z, y, x] in voxels. Default: the volume rounded up to `spatialMultiple`, at most DEFAULT_MAX_PATCH_SIZE. */
  patchSize?: readonly [number, number, number];
  /** Overlap fraction in [0, 1). Default 0.25. */
  overlap?: number;
  /** Gaussian sigma as a fraction of the patch. Default 0.125. */
  sigmaScale?: number;
  /** Patch sides must be multiples of this (a U-Net's 2^levels). Default 1. */
  spatialMultiple?: number;
  /**
   * A volume smaller than the patch is zero-padded (after normalisation) symmetrically, like
   * MONAI, and the output cropped back (default true). false: throw RPERF_PERCEPTION_PATCH_TOO_LARGE.
   */
  padToPatch?: boolean;
  /** Default 'zscore' (mean 0, sd 1 over the whole volume). */
  normalize?: Normalization;
  /** Also return the blended class probabilities (default false). */
  probabilities?: boolean;
  /** Times the session runs and the work around them (`ctx.stage` of the harness). */
  stage?: StageFn;
}

/** What `segmentVolume` returns. */
export interface SegmentationResult {
  /** Argmax label map, same shape and geometry as the input. */
  readonly labels: Volume<Uint8Array>;
  /** [classes, nz, ny, nx] blended probabilities when asked for, else null. */
  readonly probabilities: Float32Array | null;
  readonly classes: number;
  readonly patchSize: readonly [number, number, number];
  /** Number of patches run. */
  readonly patches: number;
}

/** Options of `classify`. */
export interface ClassifyOptions {
  topK?: number;
  /** Apply a softmax to the output (for models that output logits). Default false. */
  softmax?: boolean;
  spatialMultiple?: number;
  normalize?: Normalization;
  stage?: StageFn;
}

/** What `classify` returns. */
export interface ClassificationResult {
  readonly probabilities: Float32Array;
  /** The k most probable classes, most probable first (ties: lower index first). */
  readonly topK: readonly { readonly classIndex: number; readonly probability: number }[];
}

/** An axis-aligned box: min and max corners. */
export interface Box3 {
  readonly min: readonly [number, number, number];
  readonly max: readonly [number, number, number];
}

/** One detected object. Voxel coordinates are (i, j, k) = (x, y, z) indices, continuous. */
export interface Detection {
  readonly classIndex: number;
  readonly score: number;
  readonly centerVoxel: readonly [number, number, number];
  /** Extent along (i, j, k) in voxels. */
  readonly sizeVoxels: readonly [number, number, number];
  /** Box in voxel index space: centre +- size / 2, clipped to the volume ([-0.5, n - 0.5]). */
  readonly boxVoxel: Box3;
  /** Centre in patient coordinates (RAS+ mm) through the volume's affine. */
  readonly centerPatientMm: readonly [number, number, number];
  /** Axis-aligned bounds of the voxel box's 8 corners in patient coordinates (RAS+ mm). */
  readonly boxPatientMm: Box3;
}

/** Options of `detect`. */
export interface DetectOptions {
  scoreThreshold?: number;
  iouThreshold?: number;
  maxCandidates?: number;
  maxDetections?: number;
  spatialMultiple?: number;
  normalize?: Normalization;
  /** Name of the heat-map and size outputs (default 'heatmap', 'box_size'). */
  heatmapOutput?: string;
  sizeOutput?: string;
  stage?: StageFn;
}

/** What `detect` returns. */
export interface DetectionResult {
  readonly detections: readonly Detection[];
  /** Peaks above the threshold before NMS. */
  readonly candidates: number;
  /** Output stride of the heat-map (input voxels per heat-map voxel), per axis [z, y, x]. */
  readonly stride: readonly [number, number, number];
}

/**
 * Types of the XAI dossier: saliency, uncertainty, measurements and the dossier document.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import type { Normalization, StageFn } from '@rhenium-perf/perception-inference';

/** Three sizes `[z, y, x]` in voxels. */
export type Triple = readonly [number, number, number];

/**
 * What the occlusion explains: the probability of a class (classification), or the mean
 * probability of a label over a region of voxels (segmentation).
 */
export type SaliencyTarget =
  | { readonly kind: 'classification'; readonly classIndex: number }
  | {
      readonly kind: 'segmentation';
      readonly classIndex: number;
      /**
       * Voxels (volume-shaped, non-zero = inside) over which the probability is averaged.
       * Default: the voxels the un-occluded prediction assigns to `classIndex`, or the whole
       * volume when there are none.
       */
      readonly region?: Uint8Array;
    };

/** Options of `occlusionSaliency`. */
export interface OcclusionOptions {
  readonly target: SaliencyTarget;
  /** Occluding patch `[z, y, x]` (or one size for every axis), clipped to the volume. */
  readonly patchSize: Triple | number;
  /** Step between patch positions; default the patch size (non-overlapping tiles). */
  readonly stride?: Triple | number;
  /** Occluded copies per `session.run` (default DEFAULT_OCCLUSION_BATCH). */
  readonly batchSize?: number;
  /** Value written into the patch, in normalised units (default 0). */
  readonly fillValue?: number;
  /** Normalisation before inference (default 'zscore'; 'none' for a preprocessed volume). */
  readonly normalize?: Normalization;
  /** Model spatial multiple: the input is zero-padded up to it (default 1). */
  readonly spatialMultiple?: number;
  /** Times `session_run` and `pre_post` (the harness's `ctx.stage`). */
  readonly stage?: StageFn;
}

/** One occluding patch position and the drop of the target it caused. */
export interface OcclusionPosition {
  /** Corner `[z, y, x]` in volume voxels. */
  readonly start: Triple;
  /** Size `[z, y, x]` (the patch clipped to the volume). */
  readonly size: Triple;
  /** baseline - occluded target score. */
  readonly drop: number;
}

/** What `occlusionSaliency` returns. */
export interface SaliencyResult {
  /** Per voxel, the mean drop over the patches covering it (volume-shaped, x fastest). */
  readonly map: Float32Array;
  readonly shape: Triple;
  /** Target score of the un-occluded input. */
  readonly baseline: number;
  readonly positions: readonly OcclusionPosition[];
  /** Number of `session.run` calls. */
  readonly batches: number;
  readonly patchSize: Triple;
  readonly stride: Triple;
  readonly fillValue: number;
  readonly target: { readonly kind: SaliencyTarget['kind']; readonly classIndex: number; readonly regionVoxels: number | null };
  /** Largest value of `map` and its voxel `[i, j, k]` (x, y, z; first in raster order on ties). */
  readonly maxValue: number;
  readonly peakVoxel: readonly [number, number, number];
  /** Mean of `map` over the volume. */
  readonly meanValue: number;
}

/** Options of `ttaUncertainty`. */
export interface TtaOptions {
  /** Flip axes; every subset is one augmentation (default z, y, x: 8; z is dropped for a 2D image). */
  readonly axes?: readonly ('z' | 'y' | 'x')[];
  /** Augmented copies per `session.run` (default DEFAULT_TTA_BATCH). */
  readonly batchSize?: number;
  readonly normalize?: Normalization;
  readonly spatialMultiple?: number;
  readonly stage?: StageFn;
}

/** Summary figures of an uncertainty map. */
export interface UncertaintySummary {
  /** Mean over voxels of the predictive entropy H(mean p), nats. */
  readonly meanEntropy: number;
  /** meanEntropy / ln(classes), in [0, 1]. */
  readonly normalizedMeanEntropy: number;
  readonly maxEntropy: number;
  /** Mean over voxels of the variance (across augmentations) of the predicted class's probability. */
  readonly meanVariance: number;
  readonly maxVariance: number;
  /** Mean entropy over voxels predicted as a non-zero label, null when there are none. */
  readonly foregroundMeanEntropy: number | null;
  readonly foregroundVoxels: number;
}

/** What `ttaUncertainty` returns (volume-shaped maps, x fastest). */
export interface UncertaintyResult {
  /** Predictive entropy of the mean probabilities, nats. */
  readonly entropy: Float32Array;
  /** Variance across augmentations of the probability of the predicted class. */
  readonly variance: Float32Array;
  /** Mean class probabilities `[classes, nz, ny, nx]`. */
  readonly meanProbabilities: Float32Array;
  /** argmax of the mean probabilities (ties to the lower class). */
  readonly labels: Uint8Array;
  readonly shape: Triple;
  readonly classes: number;
  /** Flip combinations, as axis lists (`[]` is the identity). */
  readonly augmentations: readonly (readonly ('z' | 'y' | 'x')[])[];
  readonly batches: number;
  readonly summary: UncertaintySummary;
}

/** An axis-aligned box, min and max corners. */
export interface Box3 {
  readonly min: readonly [number, number, number];
  readonly max: readonly [number, number, number];
}

/** One connected component of a label. */
export interface Component {
  /** 1-based id in the component map (raster order of the first voxel). */
  readonly id: number;
  readonly label: number;
  readonly voxels: number;
  readonly volumeMm3: number;
  /** Voxel-index box `[i, j, k]` (x, y, z), inclusive. */
  readonly bboxVoxel: Box3;
  /** Mean voxel index `[i, j, k]`. */
  readonly centroidVoxel: readonly [number, number, number];
  /** Centroid in patient coordinates (RAS+ mm) through the affine. */
  readonly centroidMm: readonly [number, number, number];
  /** Bounds of the box's outer voxel faces (index +- 0.5) through the affine, RAS+ mm. */
  readonly bboxMm: Box3;
}

/** What `connectedComponents` returns. */
export interface ComponentsResult {
  /** Per voxel the component id (0 = background). */
  readonly map: Int32Array;
  /** Components by id (components[id - 1]). */
  readonly components: readonly Component[];
}

/** Voxels and volume of one label value. */
export interface LabelVolume {
  readonly label: number;
  readonly voxels: number;
  readonly volumeMm3: number;
}

/** A label map: a uint8 volume (0 = background). */
export type LabelMap = Volume<Uint8Array>;

/** What `buildDossier` needs. */
export interface DossierInput {
  /** The input image (hashed; its geometry is the subject's). */
  readonly input: Volume;
  /** sha256 of the input, when already known (else computed with `sha256Volume`). */
  readonly inputSha256?: string;
  readonly model: {
    readonly name: string;
    readonly sha256: string;
    readonly task: 'segmentation' | 'classification';
    readonly classes: number;
    /** Display names by label value (default `label <n>`). */
    readonly labelNames?: Readonly<Record<number, string>>;
  };
  readonly labelMap: LabelMap;
  /** Default: computed from `labelMap`. */
  readonly components?: ComponentsResult;
  readonly saliency?: SaliencyResult | null;
  readonly uncertainty?: UncertaintyResult | null;
  /** Extra outputs to hash into the dossier (name -> sha256). */
  readonly extraOutputs?: Readonly<Record<string, string>>;
  /** An ISO date-time, or null (the default: no wall clock, so the same inputs give the same bytes). */
  readonly createdAt?: string | null;
  readonly maxFindings?: number;
  /** Limitations beyond the defaults. */
  readonly limitations?: readonly string[];
}

/** A finding of the dossier (one connected component). */
export interface DossierFinding {
  readonly id: string;
  readonly label: number;
  readonly label_name: string;
  readonly component_id: number;
  readonly voxels: number;
  readonly volume_mm3: number;
  readonly centroid_mm: readonly [number, number, number];
  readonly centroid_voxel: readonly [number, number, number];
  readonly bbox_mm: Box3;
  readonly bbox_voxel: Box3;
  readonly mean_entropy: number | null;
  readonly mean_saliency: number | null;
}

/** The dossier document (the shape of dossier.schema.json). */
export interface Dossier {
  readonly schema_version: string;
  readonly kind: 'xai_dossier';
  readonly id: string;
  readonly created_at: string | null;
  readonly subject: {
    readonly modality: 'MRI' | 'CT' | 'US' | 'XR' | null;
    readonly shape: readonly number[];
    readonly spacing_mm: readonly number[];
    readonly affine: readonly number[];
    readonly voxel_volume_mm3: number;
  };
  readonly model: { readonly name: string; readonly task: 'segmentation' | 'classification'; readonly classes: number; readonly sha256: string };
  readonly hashes: { readonly algorithm: 'sha256'; readonly input: string; readonly model: string; readonly outputs: Readonly<Record<string, string>> };
  readonly findings: readonly DossierFinding[];
  readonly quantitative: {
    readonly labels: readonly { readonly label: number; readonly label_name: string; readonly voxels: number; readonly volume_mm3: number; readonly components: number }[];
    readonly total_foreground_voxels: number;
    readonly total_foreground_mm3: number;
    readonly components: number;
    readonly findings_listed: number;
  };
  readonly narrative: readonly string[];
  readonly saliency: {
    readonly method: 'occlusion';
    readonly target_kind: string;
    readonly class_index: number;
    readonly region_voxels: number | null;
    readonly patch_size: readonly number[];
    readonly stride: readonly number[];
    readonly fill_value: number;
    readonly positions: number;
    readonly baseline: number;
    readonly max_drop: number;
    readonly mean_drop: number;
    readonly peak_voxel: readonly number[];
    readonly peak_mm: readonly number[];
  } | null;
  readonly uncertainty: {
    readonly method: 'tta_flips';
    readonly augmentations: number;
    readonly mean_entropy: number;
    readonly normalized_mean_entropy: number;
    readonly max_entropy: number;
    readonly mean_variance: number;
    readonly max_variance: number;
    readonly foreground_mean_entropy: number | null;
  } | null;
  readonly limitations: readonly string[];
  readonly provenance: { readonly generator: string; readonly generator_version: string };
}

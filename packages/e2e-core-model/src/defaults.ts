/**
 * Defaults of the end-to-end pipeline, with units, in one place.
 */

/** Largest input the pipeline takes, in voxels (256^3 float32 is 64 MiB per copy). */
export const DEFAULT_MAX_VOXELS = 256 * 256 * 256;
/** Modality assumed for a NIfTI input when neither the file nor the options give one. */
export const DEFAULT_MODALITY = 'MRI' as const;
/** Zoo model of the segmentation stage. */
export const DEFAULT_MODEL_NAME = 'unet3d' as const;
/** Label names of the zoo U-Net's 4 classes (0 = background). */
export const DEFAULT_LABEL_NAMES: Readonly<Record<number, string>> = Object.freeze({ 1: 'finding class 1', 2: 'finding class 2', 3: 'finding class 3' });
/** Suffixes of the outputs written into `outDir`. */
export const LABEL_MAP_SUFFIX = '.labels.nii.gz';
export const DOSSIER_SUFFIX = '.dossier.json';
/** verify fails when the stages cover less than this fraction of the pipeline's wall time. */
export const MIN_STAGE_COVERAGE = 0.9;
/** Soak: the case fails when RSS grows by more than this after warm-up, MB. */
export const SOAK_MAX_RSS_GROWTH_MB = 50;

/**
 * Defaults of the XAI dossier, with units, in one place.
 */

/** Occluded copies fed to one `session.run` (the batch axis of the model input). */
export const DEFAULT_OCCLUSION_BATCH = 8;
/** Value written into the occluded patch, in normalised intensity units (0 = the mean after z-scoring). */
export const DEFAULT_OCCLUSION_FILL = 0;
/** Augmented copies fed to one `session.run` in test-time augmentation. */
export const DEFAULT_TTA_BATCH = 8;
/** Flip axes of test-time augmentation (every subset of them is one augmentation). */
export const DEFAULT_TTA_AXES: readonly ('z' | 'y' | 'x')[] = Object.freeze(['z', 'y', 'x'] as const);
/** Findings listed in a dossier (largest components first); the quantitative table keeps every label. */
export const DEFAULT_MAX_FINDINGS = 20;
/** Version of dossier.schema.json this package writes. */
export const DOSSIER_SCHEMA_VERSION = '1.0.0';
/** Characters of sha256 hex kept in a dossier id (128 bits). */
export const DOSSIER_ID_HEX_CHARS = 32;
/** Limitations every dossier states. */
export const DEFAULT_LIMITATIONS: readonly string[] = Object.freeze([
  'Research use only: not a medical device and not for clinical decision making.',
  'Produced by a benchmark model with seeded, untrained weights on synthetic or test data; the findings carry no diagnostic meaning.',
  'Saliency by occlusion shows where masking the input changes the model output; it is not evidence that the model is right.',
  'Uncertainty by flip test-time augmentation captures only the model\'s sensitivity to flips, not its calibration.',
]);

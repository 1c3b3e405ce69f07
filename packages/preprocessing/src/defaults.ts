/**
 * Named defaults of the preprocessing kernels, with their units.
 */

/** Lower percentile of the percentile clip (percent, 0..100). nnU-Net clips CT at 0.5 / 99.5. */
export const DEFAULT_LOW_PERCENTILE = 0.5;
/** Upper percentile of the percentile clip (percent, 0..100). */
export const DEFAULT_HIGH_PERCENTILE = 99.5;
/** What NaN voxels become in the output: kept as NaN (the statistics ignore them either way). */
export const DEFAULT_NAN_POLICY = 'keep' as const;
/** Value written where padding adds voxels (in the input's units). */
export const DEFAULT_PAD_VALUE = 0;
/** Crop/pad multiple per axis for a 4-level U-Net (2^4 = 16 voxels). */
export const DEFAULT_UNET_MULTIPLE = 16;

/** CT wide window in Hounsfield units: air (-1000 HU) to dense bone (+1000 HU). */
export const CT_WIDE_WINDOW_HU = Object.freeze([-1000, 1000] as const);
/** CT soft-tissue window in HU: level 40, width 400. */
export const CT_SOFT_TISSUE_WINDOW_HU = Object.freeze([-160, 240] as const);
/** CT lung window in HU: level -600, width 1500. */
export const CT_LUNG_WINDOW_HU = Object.freeze([-1350, 150] as const);
/** CT bone window in HU: level 400, width 1800. */
export const CT_BONE_WINDOW_HU = Object.freeze([-500, 1300] as const);
/** Ultrasound B-mode display range of 8-bit log-compressed echo amplitudes. */
export const US_DISPLAY_RANGE = Object.freeze([0, 255] as const);
/** Percentiles of the X-ray preset (percent): 12-bit exposures vary, so clip robustly then scale. */
export const XR_PERCENTILES = Object.freeze([0.5, 99.5] as const);

/**
 * Modality-aware intensity presets: the normalisation a segmentation network of each
 * modality expects, by name.
 *
 * | preset          | modality | rule                                                        |
 * | --------------- | -------- | ----------------------------------------------------------- |
 * | ct_wide         | CT       | window [-1000, 1000] HU -> [0, 1] (air to dense bone)       |
 * | ct_soft_tissue  | CT       | window [-160, 240] HU (level 40, width 400) -> [0, 1]       |
 * | ct_lung         | CT       | window [-1350, 150] HU (level -600, width 1500) -> [0, 1]   |
 * | ct_bone         | CT       | window [-500, 1300] HU (level 400, width 1800) -> [0, 1]    |
 * | mri             | MRI      | clip to the 0.5 / 99.5 percentiles, then z-score (nnU-Net)  |
 * | us              | US       | 8-bit B-mode display range [0, 255] -> [0, 1]               |
 * | xr              | XR       | clip to the 0.5 / 99.5 percentiles, then [0, 1]             |
 *
 * CT is in calibrated Hounsfield units, so a fixed window is right and data-independent;
 * MRI has no absolute scale, so it is standardised per volume; ultrasound is already
 * log-compressed to 8 bits; X-ray exposure varies between images, hence the robust clip.
 * Every preset writes 0 for NaN voxels (a network input must not hold NaN).
 */
import type { VolumeModality } from '@rhenium-perf/fixtures';
import {
  CT_BONE_WINDOW_HU,
  CT_LUNG_WINDOW_HU,
  CT_SOFT_TISSUE_WINDOW_HU,
  CT_WIDE_WINDOW_HU,
  DEFAULT_HIGH_PERCENTILE,
  DEFAULT_LOW_PERCENTILE,
  US_DISPLAY_RANGE,
  XR_PERCENTILES,
} from './defaults';
import { PreprocessError } from './errors';
import { percentileClipNormalize, windowNormalize } from './normalize';
import type { NumericArray } from './types';

/** A preset: a fixed window or a percentile clip with its scaling. */
export type PresetRule =
  | { readonly kind: 'window'; readonly window: readonly [number, number] }
  | { readonly kind: 'percentile'; readonly percentiles: readonly [number, number]; readonly scaling: 'minmax' | 'zscore' };

/** A named preset and the modality it is for. */
export interface PreprocessPreset {
  readonly modality: VolumeModality;
  readonly description: string;
  readonly rule: PresetRule;
}

/** The presets by name. */
export const PREPROCESSING_PRESETS = Object.freeze({
  ct_wide: { modality: 'CT', description: 'CT window [-1000, 1000] HU to [0, 1]', rule: { kind: 'window', window: CT_WIDE_WINDOW_HU } },
  ct_soft_tissue: { modality: 'CT', description: 'CT soft-tissue window (L 40, W 400 HU) to [0, 1]', rule: { kind: 'window', window: CT_SOFT_TISSUE_WINDOW_HU } },
  ct_lung: { modality: 'CT', description: 'CT lung window (L -600, W 1500 HU) to [0, 1]', rule: { kind: 'window', window: CT_LUNG_WINDOW_HU } },
  ct_bone: { modality: 'CT', description: 'CT bone window (L 400, W 1800 HU) to [0, 1]', rule: { kind: 'window', window: CT_BONE_WINDOW_HU } },
  mri: {
    modality: 'MRI',
    description: 'MRI 0.5/99.5 percentile clip then z-score',
    rule: { kind: 'percentile', percentiles: [DEFAULT_LOW_PERCENTILE, DEFAULT_HIGH_PERCENTILE], scaling: 'zscore' },
  },
  us: { modality: 'US', description: 'ultrasound 8-bit display range [0, 255] to [0, 1]', rule: { kind: 'window', window: US_DISPLAY_RANGE } },
  xr: { modality: 'XR', description: 'X-ray 0.5/99.5 percentile clip then [0, 1]', rule: { kind: 'percentile', percentiles: XR_PERCENTILES, scaling: 'minmax' } },
} satisfies Record<string, PreprocessPreset>);

/** Names of the presets. */
export type PresetName = keyof typeof PREPROCESSING_PRESETS;

/** The default preset of each modality. */
export const DEFAULT_PRESET_BY_MODALITY: Readonly<Record<VolumeModality, PresetName>> = Object.freeze({ CT: 'ct_wide', MRI: 'mri', US: 'us', XR: 'xr' });

/**
 * Look a preset up by name; throws RPERF_PREPROCESS_UNKNOWN_PRESET for an unknown name.
 * @example getPreset('ct_soft_tissue').rule // { kind: 'window', window: [-160, 240] }
 */
export function getPreset(name: string): PreprocessPreset {
  if (!Object.prototype.hasOwnProperty.call(PREPROCESSING_PRESETS, name)) {
    throw new PreprocessError(
      'RPERF_PREPROCESS_UNKNOWN_PRESET',
      `unknown preset ${JSON.stringify(name)}; use one of ${Object.keys(PREPROCESSING_PRESETS).join(', ')}`,
    );
  }
  return PREPROCESSING_PRESETS[name as PresetName];
}

/**
 * Apply a preset (by name, or the modality's default) into a caller-owned Float32Array.
 * @example applyPreset('ct_wide', new Int16Array([-1000, 0, 1000]), new Float32Array(3)) // [0, 0.5, 1]
 */
export function applyPreset(name: string, input: NumericArray, out: Float32Array, scratch?: Float64Array): Float32Array {
  const { rule } = getPreset(name);
  if (rule.kind === 'window') return windowNormalize(input, out, rule.window[0], rule.window[1], { nan: 'zero' });
  return percentileClipNormalize(input, out, {
    lowPercentile: rule.percentiles[0],
    highPercentile: rule.percentiles[1],
    scaling: rule.scaling,
    nan: 'zero',
    ...(scratch ? { scratch } : {}),
  });
}

/** The default preset name of a modality. */
export function presetForModality(modality: VolumeModality): PresetName {
  const name = DEFAULT_PRESET_BY_MODALITY[modality];
  if (name === undefined) throw new PreprocessError('RPERF_PREPROCESS_UNKNOWN_PRESET', `no preset for modality ${JSON.stringify(modality)}; use one of CT, MRI, US, XR`);
  return name;
}

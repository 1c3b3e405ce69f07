/**
 * The preprocess stage: the modality's intensity preset (CT window, MRI percentile clip and
 * z-score, ultrasound display range, X-ray percentile clip) into a float32 volume of the same
 * geometry — what the segmentation model is fed.
 */
import type { Volume, VolumeModality } from '@rhenium-perf/fixtures';
import { applyPreset, presetForModality } from '@rhenium-perf/preprocessing';

/**
 * Normalise a volume with a preset (by name, default the modality's).
 * @example preprocessVolume(ctVolume, 'CT').data // Float32Array in [0, 1] (window -1000..1000 HU)
 */
export function preprocessVolume(volume: Volume, modality: VolumeModality, preset?: string): { volume: Volume<Float32Array>; preset: string } {
  const name = preset ?? presetForModality(modality);
  const data = applyPreset(name, volume.data, new Float32Array(volume.data.length));
  return { volume: { data, shape: volume.shape, spacingMm: volume.spacingMm, affine: volume.affine, modality }, preset: name };
}

/**
 * Denoising with the zoo's DnCNN (residual learning: output = input - predicted noise):
 * a 2D image with `dncnn2d`, a whole volume with `dncnn3d` (one forward pass; the network
 * is fully convolutional, so any size runs), each output with its disclosure.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import { buildDisclosure, normalizeTimestamp } from './disclosure';
import { noStage, runGenerator } from './generate';
import { checkInput, checkModel } from './input';
import type { GanModel, Generated2d, GeneratedVolume, GenerateOptions, Image2d } from './types';

/**
 * Denoise a 2D image.
 * @example const { image } = await denoise2d(dn, { data: noisy, shape: [128, 128] }, { generatedAt: '2024-06-01T00:00:00Z' }); // image.shape [128, 128]
 */
export async function denoise2d(model: GanModel, image: Image2d, options: GenerateOptions): Promise<Generated2d> {
  checkModel(model, 'denoising', 2, 'denoise2d');
  checkInput(image.data, image.shape, 2, 'image', 'for a volume use denoise3d');
  const generatedAt = normalizeTimestamp(options.generatedAt);
  const r = await runGenerator(model, image.data, 1, image.shape, 1, 'image', options.stage);
  const disclosure = (options.stage ?? noStage)('pre_post', () =>
    buildDisclosure({
      model,
      processing: 'image_2d',
      generatedAt,
      input: image.data,
      inputShape: image.shape,
      modality: image.modality ?? null,
      output: r.output,
      outputShape: image.shape,
      mapping: r.mapping,
    }),
  );
  return { image: { data: r.output, shape: image.shape, modality: image.modality ?? null }, disclosure };
}

/**
 * Denoise a volume in 3D (geometry unchanged).
 * @example const { volume } = await denoise3d(dn3, noisyVolume, { generatedAt: new Date() }); // volume.shape === noisyVolume.shape
 */
export async function denoise3d(model: GanModel, volume: Volume, options: GenerateOptions): Promise<GeneratedVolume> {
  checkModel(model, 'denoising', 3, 'denoise3d');
  checkInput(volume.data, volume.shape, 3, 'volume', 'for a 2D image use denoise2d');
  const generatedAt = normalizeTimestamp(options.generatedAt);
  const r = await runGenerator(model, volume.data, 1, volume.shape, 1, 'volume', options.stage);
  const disclosure = (options.stage ?? noStage)('pre_post', () =>
    buildDisclosure({
      model,
      processing: 'volume_3d',
      generatedAt,
      input: volume.data,
      inputShape: volume.shape,
      modality: volume.modality,
      output: r.output,
      outputShape: volume.shape,
      mapping: r.mapping,
    }),
  );
  return { volume: { data: r.output, shape: volume.shape, spacingMm: volume.spacingMm, affine: [...volume.affine], modality: volume.modality }, disclosure };
}

/**
 * x2 super-resolution with the zoo's SRGAN-style generator: a 2D image, or a volume slice
 * by slice (every axial slice [ny, nx] -> [2ny, 2nx], slices batched along N, one intensity
 * map for the whole volume), each output with its disclosure.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import { DEFAULT_SLICE_BATCH } from './defaults';
import { buildDisclosure, normalizeTimestamp } from './disclosure';
import { GanError } from './errors';
import { noStage, runGenerator } from './generate';
import { upsampledGeometry } from './geometry';
import { checkInput, checkModel } from './input';
import type { GanModel, Generated2d, GeneratedVolume, GenerateOptions, Image2d } from './types';

/**
 * Super-resolve one 2D image by the model's scale (x2).
 * @example const { image, disclosure } = await superResolve2d(sr, { data: sheppLogan2d(128), shape: [128, 128] }, { generatedAt: new Date() });
 * // image.shape [256, 256]; disclosure.synthetic === true
 */
export async function superResolve2d(model: GanModel, image: Image2d, options: GenerateOptions): Promise<Generated2d> {
  checkModel(model, 'super_resolution', 2, 'superResolve2d');
  checkInput(image.data, image.shape, 2, 'image', 'for a volume use superResolveVolume');
  const generatedAt = normalizeTimestamp(options.generatedAt);
  const [ny, nx] = image.shape;
  const r = await runGenerator(model, image.data, 1, [ny, nx], 1, 'image', options.stage);
  const shape: [number, number] = [r.itemShape[0]!, r.itemShape[1]!];
  const disclosure = (options.stage ?? noStage)('pre_post', () =>
    buildDisclosure({
      model,
      processing: 'image_2d',
      generatedAt,
      input: image.data,
      inputShape: image.shape,
      modality: image.modality ?? null,
      output: r.output,
      outputShape: shape,
      mapping: r.mapping,
    }),
  );
  return { image: { data: r.output, shape, modality: image.modality ?? null }, disclosure };
}

/**
 * Super-resolve a volume slice by slice: [nz, ny, nx] -> [nz, 2ny, 2nx], with spacing and
 * affine updated (geometry.ts) so the output covers the same patient-space extent.
 * @example const { volume } = await superResolveVolume(sr, syntheticVolume('MRI', 'tiny').image, { generatedAt: '2024-06-01T00:00:00Z' });
 * // volume.shape [8, 32, 32], volume.spacingMm [16, 8, 8]
 */
export async function superResolveVolume(model: GanModel, volume: Volume, options: GenerateOptions): Promise<GeneratedVolume> {
  checkModel(model, 'super_resolution', 2, 'superResolveVolume');
  checkInput(volume.data, volume.shape, 3, 'volume', 'for one 2D image use superResolve2d');
  const generatedAt = normalizeTimestamp(options.generatedAt);
  const batch = options.sliceBatch ?? DEFAULT_SLICE_BATCH;
  if (!Number.isInteger(batch) || batch < 1) {
    throw new GanError('RPERF_GAN_INVALID_OPTIONS', `sliceBatch must be an integer >= 1, received ${batch}`);
  }
  const [nz, ny, nx] = volume.shape;
  const r = await runGenerator(model, volume.data, nz, [ny, nx], batch, 'volume', options.stage);
  const shape: [number, number, number] = [nz, r.itemShape[0]!, r.itemShape[1]!];
  const geometry = upsampledGeometry(volume.spacingMm, volume.affine, model.scale);
  const disclosure = (options.stage ?? noStage)('pre_post', () =>
    buildDisclosure({
      model,
      processing: 'slice_by_slice_2d',
      generatedAt,
      input: volume.data,
      inputShape: volume.shape,
      modality: volume.modality,
      output: r.output,
      outputShape: shape,
      mapping: r.mapping,
    }),
  );
  return { volume: { data: r.output, shape, spacingMm: geometry.spacingMm, affine: geometry.affine, modality: volume.modality }, disclosure };
}

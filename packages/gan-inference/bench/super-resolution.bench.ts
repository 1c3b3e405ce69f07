/**
 * x2 super-resolution with the SRGAN-style generator (16 features, 4 residual blocks):
 * MRI and CT volumes slice by slice at tiny (8x16x16) and small (16x32x32), 2D Shepp–Logan
 * slices at 128x128 and 256x256, and the smoke case: one tiny MRI slice (16x16 -> 32x32).
 */
import { SIZES, sheppLogan2d, syntheticVolume, type Volume, type VolumeModality, type VolumeSizeName } from '@rhenium-perf/fixtures';
import { defineBench, quality, sweep, type BenchContext, type QualityFigures } from '@rhenium-perf/harness';
import { DEFAULT_SLICE_BATCH } from '../src/defaults';
import { downsampleMean, psnr } from '../src/quality';
import { superResolve2d, superResolveVolume } from '../src/super-resolution';
import type { GanModel, Generated2d, GeneratedVolume, Image2d } from '../src/types';
import { benchModel, checkGenerated, stageOf } from './support';
import { imageReferenceFigure, volumeReferenceFigure } from './reference-check';

interface VolumeState {
  model: GanModel;
  volume: Volume;
  generatedAt: string;
}

interface ImageState {
  model: GanModel;
  image: Image2d;
  generatedAt: string;
}

/** PSNR of the output's 2x2 means against the input, over the input's range (not gated). */
function consistencyPsnr(input: ArrayLike<number>, output: Float32Array, shape: readonly [number, number, number]): QualityFigures {
  const [nz, ny, nx] = shape;
  const down = downsampleMean(output, [nz, 2 * ny, 2 * nx], 2, new Float64Array(nz * ny * nx));
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < input.length; i++) {
    lo = Math.min(lo, input[i]!);
    hi = Math.max(hi, input[i]!);
  }
  const p = psnr(input, down, hi > lo ? hi - lo : 1);
  return Number.isFinite(p) ? { psnr_downsampled_vs_input: quality(p, 'dB', true) } : {};
}

function dtypeOf(m: VolumeModality): string {
  return m === 'CT' ? 'int16' : 'float32';
}

const volumes = sweep({ modality: ['MRI', 'CT'] as const, size: ['tiny', 'small'] as const }, (p) => {
  const shape = SIZES[p.size as VolumeSizeName];
  return {
    id: `gan_sr_srgan2d_${p.modality.toLowerCase()}_${p.size}`,
    category: 'gan_inference' as const,
    task: 'super_resolution_x2_slices',
    modality: p.modality,
    // One item = one volume, its slices super-resolved x2 in-plane; input voxels counted (the output has 4x as many).
    inputShape: [...shape],
    dtype: dtypeOf(p.modality),
    tags: ['full'],
    setup: async (ctx: BenchContext): Promise<VolumeState> => {
      const model = await benchModel(ctx, 'srgan2d');
      ctx.record('slice_batch', DEFAULT_SLICE_BATCH);
      return { model, volume: syntheticVolume(p.modality, p.size).image, generatedAt: new Date().toISOString() };
    },
    run: (s: VolumeState, ctx: BenchContext): Promise<GeneratedVolume> => superResolveVolume(s.model, s.volume, { generatedAt: s.generatedAt, stage: stageOf(ctx) }),
    verify: async (s: VolumeState, out: GeneratedVolume, ctx: BenchContext): Promise<QualityFigures> => {
      const again = await superResolveVolume(s.model, s.volume, { generatedAt: s.generatedAt });
      const [nz, ny, nx] = s.volume.shape;
      return {
        ...checkGenerated(ctx, s.model, s.volume.data, { data: out.volume.data, shape: out.volume.shape, disclosure: out.disclosure }, { data: again.volume.data, disclosure: again.disclosure }, [nz, 2 * ny, 2 * nx]),
        ...consistencyPsnr(s.volume.data, out.volume.data, s.volume.shape),
        // Independent: onnxruntime vs the TypeScript reference forward pass on a centre crop.
        ...(await volumeReferenceFigure(s.model, s.volume)),
      };
    },
  };
});

function imageCase(id: string, tags: string[], modality: VolumeModality | null, inputShape: [number, number], make: () => Image2d) {
  return {
    id,
    category: 'gan_inference' as const,
    task: 'super_resolution_x2_2d',
    modality,
    // One item = one image super-resolved x2; input voxels counted (the output has 4x as many).
    inputShape,
    dtype: 'float32',
    tags,
    setup: async (ctx: BenchContext): Promise<ImageState> => {
      const model = await benchModel(ctx, 'srgan2d');
      return { model, image: make(), generatedAt: new Date().toISOString() };
    },
    run: (s: ImageState, ctx: BenchContext): Promise<Generated2d> => superResolve2d(s.model, s.image, { generatedAt: s.generatedAt, stage: stageOf(ctx) }),
    verify: async (s: ImageState, out: Generated2d, ctx: BenchContext): Promise<QualityFigures> => {
      const again = await superResolve2d(s.model, s.image, { generatedAt: s.generatedAt });
      const [ny, nx] = s.image.shape;
      return {
        ...checkGenerated(ctx, s.model, s.image.data, { data: out.image.data, shape: out.image.shape, disclosure: out.disclosure }, { data: again.image.data, disclosure: again.disclosure }, [2 * ny, 2 * nx]),
        ...consistencyPsnr(s.image.data, out.image.data, [1, ny, nx]),
        // Independent: onnxruntime vs the TypeScript reference forward pass on a centre crop.
        ...(await imageReferenceFigure(s.model, s.image)),
      };
    },
  };
}

const slices = sweep({ size: [128, 256] as const }, (p) =>
  imageCase(`gan_sr_srgan2d_slice_${p.size}`, ['full'], null, [p.size, p.size], () => ({ data: Float32Array.from(sheppLogan2d(p.size)), shape: [p.size, p.size] })),
);

/** The middle slice of the tiny MRI volume, 16x16. */
function tinyMriSlice(): Image2d {
  const v = syntheticVolume('MRI', 'tiny').image;
  const [nz, ny, nx] = v.shape;
  const z = nz >> 1;
  return { data: v.data.slice(z * ny * nx, (z + 1) * ny * nx), shape: [ny, nx], modality: 'MRI' };
}

const smoke = defineBench(imageCase('gan_sr_srgan2d_mri_tiny_slice', ['smoke', 'full'], 'MRI', [SIZES.tiny[1], SIZES.tiny[2]], tinyMriSlice));

export default [smoke, ...volumes, ...slices];

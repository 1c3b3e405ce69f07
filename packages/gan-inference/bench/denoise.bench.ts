/**
 * Denoising with DnCNN: 2D (depth 8, 16 features) on a noisy Shepp–Logan slice at 128x128
 * and 256x256, 3D (depth 5, 8 features) on a noisy 3D Shepp–Logan volume at tiny (8x16x16)
 * and small (16x32x32), the whole volume in one pass. Noise: Gaussian, sd 0.05 of the
 * phantom's unit range, seeded.
 */
import { SIZES, axisAlignedAffine, createRng, sheppLogan2d, sheppLogan3d, type Volume, type VolumeSizeName } from '@rhenium-perf/fixtures';
import { quality, sweep, type BenchContext, type QualityFigures } from '@rhenium-perf/harness';
import { denoise2d, denoise3d } from '../src/denoise';
import { psnr } from '../src/quality';
import type { GanModel, Generated2d, GeneratedVolume } from '../src/types';
import { benchModel, checkGenerated, stageOf } from './support';
import { imageReferenceFigure, volumeReferenceFigure } from './reference-check';

/** Noise sd relative to the phantom's [0, 1] range, and its seed. */
const NOISE_SD = 0.05;
const NOISE_SEED = 7;

/** clean + N(0, NOISE_SD^2), as float32. */
function addNoise(clean: Float64Array): Float32Array {
  const noise = createRng(NOISE_SEED).fillNormal(new Float64Array(clean.length), 0, NOISE_SD);
  return Float32Array.from(clean, (v, i) => v + noise[i]!);
}

/** PSNR of input and output against the clean phantom (range 1): sanity figures, not gated. */
function psnrFigures(clean: Float64Array, noisy: Float32Array, out: Float32Array): QualityFigures {
  const q: QualityFigures = {};
  const a = psnr(clean, noisy, 1);
  const b = psnr(clean, out, 1);
  if (Number.isFinite(a)) q.psnr_input_vs_clean = quality(a, 'dB', true);
  if (Number.isFinite(b)) q.psnr_output_vs_clean = quality(b, 'dB', true);
  return q;
}

interface State2d {
  model: GanModel;
  clean: Float64Array;
  noisy: Float32Array;
  n: number;
  generatedAt: string;
}

const d2 = sweep({ size: [128, 256] as const }, (p) => ({
  id: `gan_denoise_dncnn2d_slice_${p.size}`,
  category: 'gan_inference' as const,
  task: 'denoise_2d',
  modality: null,
  // One item = one noisy slice denoised; input voxels counted (= output voxels).
  inputShape: [p.size, p.size],
  dtype: 'float32',
  tags: ['full'],
  params: { size: p.size, noise_sd: NOISE_SD },
  setup: async (ctx: BenchContext): Promise<State2d> => {
    const model = await benchModel(ctx, 'dncnn2d');
    const clean = sheppLogan2d(p.size);
    return { model, clean, noisy: addNoise(clean), n: p.size, generatedAt: new Date().toISOString() };
  },
  run: (s: State2d, ctx: BenchContext): Promise<Generated2d> => denoise2d(s.model, { data: s.noisy, shape: [s.n, s.n] }, { generatedAt: s.generatedAt, stage: stageOf(ctx) }),
  verify: async (s: State2d, out: Generated2d, ctx: BenchContext): Promise<QualityFigures> => {
    const again = await denoise2d(s.model, { data: s.noisy, shape: [s.n, s.n] }, { generatedAt: s.generatedAt });
    return {
      ...checkGenerated(ctx, s.model, s.noisy, { data: out.image.data, shape: out.image.shape, disclosure: out.disclosure }, { data: again.image.data, disclosure: again.disclosure }, [s.n, s.n]),
      ...psnrFigures(s.clean, s.noisy, out.image.data),
      // Independent: onnxruntime vs the TypeScript reference forward pass on a centre crop.
      ...(await imageReferenceFigure(s.model, { data: s.noisy, shape: [s.n, s.n] })),
    };
  },
}));

interface State3d {
  model: GanModel;
  clean: Float64Array;
  volume: Volume<Float32Array>;
  generatedAt: string;
}

const d3 = sweep({ size: ['tiny', 'small'] as const }, (p) => {
  const shape = SIZES[p.size as VolumeSizeName];
  return {
    id: `gan_denoise_dncnn3d_${p.size}`,
    category: 'gan_inference' as const,
    task: 'denoise_3d',
    modality: null,
    // One item = one noisy volume denoised; input voxels counted (= output voxels).
    inputShape: [...shape],
    dtype: 'float32',
    tags: ['full'],
    params: { size: p.size, noise_sd: NOISE_SD },
    setup: async (ctx: BenchContext): Promise<State3d> => {
      const model = await benchModel(ctx, 'dncnn3d');
      const [nz, ny, nx] = shape;
      const clean = sheppLogan3d(nz, ny, nx);
      const spacing: [number, number, number] = [128 / nz, 256 / ny, 256 / nx];
      const volume: Volume<Float32Array> = { data: addNoise(clean), shape: [nz, ny, nx], spacingMm: spacing, affine: axisAlignedAffine(spacing), modality: null };
      return { model, clean, volume, generatedAt: new Date().toISOString() };
    },
    run: (s: State3d, ctx: BenchContext): Promise<GeneratedVolume> => denoise3d(s.model, s.volume, { generatedAt: s.generatedAt, stage: stageOf(ctx) }),
    verify: async (s: State3d, out: GeneratedVolume, ctx: BenchContext): Promise<QualityFigures> => {
      const again = await denoise3d(s.model, s.volume, { generatedAt: s.generatedAt });
      return {
        ...checkGenerated(ctx, s.model, s.volume.data, { data: out.volume.data, shape: out.volume.shape, disclosure: out.disclosure }, { data: again.volume.data, disclosure: again.disclosure }, s.volume.shape),
        ...psnrFigures(s.clean, s.volume.data, out.volume.data),
        // Independent: onnxruntime vs the TypeScript reference forward pass on a centre crop.
        ...(await volumeReferenceFigure(s.model, s.volume)),
      };
    },
  };
});

export default [...d2, ...d3];

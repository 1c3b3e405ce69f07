import { describe, expect, it } from 'vitest';
import { createRng, sheppLogan2d, sheppLogan3d, axisAlignedAffine, type Volume } from '@rhenium-perf/fixtures';
import { getModel } from '@rhenium-perf/onnx-models';
import { denoise2d, denoise3d } from './denoise';
import { bytesOf, validateDisclosure } from './disclosure';
import { openGanModel } from './model';
import { psnr } from './quality';

const AT = '2024-06-01T12:00:00.000Z';

describe('denoise2d / denoise3d', () => {
  it('denoises a noisy 2D phantom: same shape, finite, deterministic, disclosed', async () => {
    const model = await openGanModel('dncnn2d', { intraOpThreads: 1 });
    const clean = sheppLogan2d(32);
    const noisy = Float64Array.from(clean);
    const noise = createRng(5).fillNormal(new Float64Array(noisy.length), 0, 0.05);
    for (let i = 0; i < noisy.length; i++) noisy[i]! += noise[i]!;
    const a = await denoise2d(model, { data: noisy, shape: [32, 32] }, { generatedAt: AT });
    const b = await denoise2d(model, { data: noisy, shape: [32, 32] }, { generatedAt: AT });
    expect(a.image.shape).toEqual([32, 32]);
    expect(a.image.data.every(Number.isFinite)).toBe(true);
    expect(Buffer.from(bytesOf(a.image.data)).equals(Buffer.from(bytesOf(b.image.data)))).toBe(true);
    expect(validateDisclosure(a.disclosure).valid).toBe(true);
    expect(a.disclosure).toMatchObject({ operation: 'denoising', scale: 1, processing: 'image_2d', model: { name: 'dncnn2d', sha256: getModel('dncnn2d').sha256 }, intensity: { model_range: [0, 1] } });
    // An untrained denoiser: the PSNR is a number, not a quality claim.
    expect(Number.isFinite(psnr(clean, a.image.data, 1))).toBe(true);
  });

  it('denoises a 3D volume in one pass, keeping its geometry', async () => {
    const model = await openGanModel('dncnn3d', { intraOpThreads: 1 });
    const vol: Volume = { data: Float32Array.from(sheppLogan3d(8, 16, 16)), shape: [8, 16, 16], spacingMm: [2, 1, 1], affine: axisAlignedAffine([2, 1, 1]), modality: 'MRI' };
    const { volume, disclosure } = await denoise3d(model, vol, { generatedAt: AT });
    expect(volume.shape).toEqual([8, 16, 16]);
    expect(volume.spacingMm).toEqual([2, 1, 1]);
    expect(volume.affine).toEqual(vol.affine);
    expect(volume.data.every(Number.isFinite)).toBe(true);
    expect(disclosure).toMatchObject({ processing: 'volume_3d', input: { shape: [8, 16, 16], dtype: 'float32', modality: 'MRI' }, model: { name: 'dncnn3d' } });
    expect(validateDisclosure(disclosure).valid).toBe(true);
  });
});

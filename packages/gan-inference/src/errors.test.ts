import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sheppLogan2d, syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { cudaStatus } from '@rhenium-perf/perception-inference';
import { denoise2d, denoise3d } from './denoise';
import { GAN_ERROR_CODES, GanError, type GanErrorCode } from './errors';
import { openGanModel } from './model';
import { superResolve2d, superResolveVolume } from './super-resolution';

const AT = '2024-06-01T12:00:00Z';

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<{ code: GanErrorCode; message: string }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(GanError);
    return { code: (err as GanError).code, message: (err as GanError).message };
  }
  throw new Error('expected a GanError, nothing was thrown');
}

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('error catalogue', () => {
  it('GanError carries its code and name', () => {
    const e = new GanError('RPERF_GAN_INPUT_SHAPE', 'shape [4, 4] needs 16 values, received 10; pass data of the shape');
    expect([e.name, e.code, e instanceof Error]).toEqual(['GanError', 'RPERF_GAN_INPUT_SHAPE', true]);
  });

  it('documents every code in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(GAN_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });
});

describe('bad input gives typed errors', () => {
  it('NaN in a slice or a volume: RPERF_GAN_NAN_INPUT with the index', async () => {
    const sr = await openGanModel('srgan2d', { intraOpThreads: 1 });
    const data = sheppLogan2d(16);
    data[37] = NaN;
    const e = await codeOf(superResolve2d(sr, { data, shape: [16, 16] }, { generatedAt: AT }));
    expect(e.code).toBe('RPERF_GAN_NAN_INPUT');
    expect(e.message).toContain('index 37');
    expect(e.message).not.toMatch(/\n/);
    const vol = syntheticVolume('MRI', 'tiny').image;
    const bad: Volume = { ...vol, data: Float32Array.from(vol.data as Float32Array) };
    (bad.data as Float32Array)[100] = Infinity;
    expect((await codeOf(superResolveVolume(sr, bad, { generatedAt: AT }))).code).toBe('RPERF_GAN_NAN_INPUT');
    const dn3 = await openGanModel('dncnn3d', { intraOpThreads: 1 });
    expect((await codeOf(denoise3d(dn3, bad, { generatedAt: AT }))).code).toBe('RPERF_GAN_NAN_INPUT');
  });

  it('wrong rank: RPERF_GAN_INPUT_RANK naming the expected rank and the right function', async () => {
    const sr = await openGanModel('srgan2d', { intraOpThreads: 1 });
    const vol = syntheticVolume('CT', 'tiny').image;
    const asImage = { data: vol.data, shape: vol.shape } as unknown as { data: Int16Array; shape: [number, number] };
    const e = await codeOf(superResolve2d(sr, asImage, { generatedAt: AT }));
    expect(e.code).toBe('RPERF_GAN_INPUT_RANK');
    expect(e.message).toMatch(/rank 3 \[8, 16, 16\]; expected rank 2 .*superResolveVolume/);
    const flat = { ...vol, shape: [2048] } as unknown as Volume;
    expect((await codeOf(superResolveVolume(sr, flat, { generatedAt: AT }))).code).toBe('RPERF_GAN_INPUT_RANK');
    const dn2 = await openGanModel('dncnn2d', { intraOpThreads: 1 });
    expect((await codeOf(denoise2d(dn2, asImage, { generatedAt: AT }))).code).toBe('RPERF_GAN_INPUT_RANK');
  });

  it('shape and data disagreeing, or non-integer sizes: RPERF_GAN_INPUT_SHAPE', async () => {
    const sr = await openGanModel('srgan2d', { intraOpThreads: 1 });
    expect((await codeOf(superResolve2d(sr, { data: new Float32Array(10), shape: [4, 4] }, { generatedAt: AT }))).code).toBe('RPERF_GAN_INPUT_SHAPE');
    expect((await codeOf(superResolve2d(sr, { data: new Float32Array(6), shape: [2.5, 4] }, { generatedAt: AT }))).code).toBe('RPERF_GAN_INPUT_SHAPE');
  });

  it('the wrong model for the operation: RPERF_GAN_MODEL_MISMATCH', async () => {
    const dn2 = await openGanModel('dncnn2d', { intraOpThreads: 1 });
    const sr = await openGanModel('srgan2d', { intraOpThreads: 1 });
    const e = await codeOf(superResolve2d(dn2, { data: new Float32Array(16), shape: [4, 4] }, { generatedAt: AT }));
    expect(e.code).toBe('RPERF_GAN_MODEL_MISMATCH');
    expect(e.message).toContain('needs a 2D super_resolution model, received dncnn2d (2D denoising)');
    expect((await codeOf(denoise3d(dn2, syntheticVolume('MRI', 'tiny').image, { generatedAt: AT }))).code).toBe('RPERF_GAN_MODEL_MISMATCH');
    expect((await codeOf(denoise2d(sr, { data: new Float32Array(16), shape: [4, 4] }, { generatedAt: AT }))).code).toBe('RPERF_GAN_MODEL_MISMATCH');
  });

  it('bad options: RPERF_GAN_INVALID_OPTIONS (timestamp, slice batch, model name, model options, threads)', async () => {
    const sr = await openGanModel('srgan2d', { intraOpThreads: 1 });
    const img = { data: new Float32Array(16), shape: [4, 4] as [number, number] };
    expect((await codeOf(superResolve2d(sr, img, { generatedAt: 'now' }))).code).toBe('RPERF_GAN_INVALID_OPTIONS');
    expect((await codeOf(superResolveVolume(sr, syntheticVolume('MRI', 'tiny').image, { generatedAt: AT, sliceBatch: 0 }))).code).toBe('RPERF_GAN_INVALID_OPTIONS');
    expect((await codeOf(openGanModel('unet3d' as 'srgan2d'))).code).toBe('RPERF_GAN_INVALID_OPTIONS');
    expect((await codeOf(openGanModel('srgan2d', { modelOptions: { features: 0 } }))).code).toBe('RPERF_GAN_INVALID_OPTIONS');
    expect((await codeOf(openGanModel('srgan2d', { intraOpThreads: 0 }))).code).toBe('RPERF_GAN_INVALID_OPTIONS');
  });

  it.skipIf(cudaStatus().available)('--device cuda without CUDA: RPERF_GAN_DEVICE_UNAVAILABLE saying why, before any native call', async () => {
    const e = await codeOf(openGanModel('srgan2d', { device: 'cuda' }));
    expect(e.code).toBe('RPERF_GAN_DEVICE_UNAVAILABLE');
    expect(e.message).toMatch(/--device cuda: .*use --device cpu or --device auto/);
    // auto falls back to the CPU and says why.
    const auto = await openGanModel('srgan2d', { device: 'auto', intraOpThreads: 1 });
    expect(auto.session.device).toBe('cpu');
    expect(auto.session.deviceReason).toMatch(/^auto: using cpu because /);
  });
});

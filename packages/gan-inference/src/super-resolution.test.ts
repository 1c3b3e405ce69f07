import { describe, expect, it } from 'vitest';
import { sheppLogan2d, syntheticVolume, voxelToWorld, type Volume } from '@rhenium-perf/fixtures';
import { getModel, sha256Hex } from '@rhenium-perf/onnx-models';
import { bytesOf, validateDisclosure } from './disclosure';
import { openGanModel } from './model';
import { superResolve2d, superResolveVolume } from './super-resolution';

const AT = '2024-06-01T12:00:00.000Z';
const sr = () => openGanModel('srgan2d', { intraOpThreads: 1 });

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!));
  return w;
}

describe('superResolve2d', () => {
  it('doubles a 2D slice, stays in the input range (tanh) and discloses model, input, output and time', async () => {
    const model = await sr();
    const data = sheppLogan2d(32);
    const { image, disclosure } = await superResolve2d(model, { data, shape: [32, 32] }, { generatedAt: AT });
    expect(image.shape).toEqual([64, 64]);
    expect(image.data).toBeInstanceOf(Float32Array);
    expect(image.data.length).toBe(64 * 64);
    let min = Infinity;
    let max = -Infinity;
    for (const v of image.data) {
      expect(Number.isFinite(v)).toBe(true);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    // tanh in (-1, 1) mapped back onto the phantom's [min, max] (~[0, 1]), float32 rounding aside.
    const lo = Math.min(...data);
    const hi = Math.max(...data);
    expect(min).toBeGreaterThanOrEqual(lo - 1e-6);
    expect(max).toBeLessThanOrEqual(hi + 1e-6);
    expect(max - min).toBeGreaterThan(0);
    expect(validateDisclosure(disclosure).valid).toBe(true);
    expect(disclosure).toMatchObject({
      synthetic: true,
      operation: 'super_resolution',
      scale: 2,
      processing: 'image_2d',
      generated_at: AT,
      model: { name: 'srgan2d', sha256: getModel('srgan2d').sha256, opset: 17, ir_version: 8 },
      input: { sha256: sha256Hex(bytesOf(data)), dtype: 'float64', shape: [32, 32], modality: null },
      output: { sha256: sha256Hex(bytesOf(image.data)), dtype: 'float32', shape: [64, 64] },
      intensity: { mapping: 'min_max_linear', input_range: [lo, hi], model_range: [-1, 1] },
      execution: { device: 'cpu', intra_op_threads: 1 },
    });
  });

  it('is deterministic: two runs give the same bytes and the same disclosure', async () => {
    const model = await sr();
    const data = sheppLogan2d(24);
    const a = await superResolve2d(model, { data, shape: [24, 24] }, { generatedAt: AT });
    const b = await superResolve2d(model, { data, shape: [24, 24] }, { generatedAt: AT });
    expect(Buffer.from(bytesOf(b.image.data)).equals(Buffer.from(bytesOf(a.image.data)))).toBe(true);
    expect(b.disclosure).toEqual(a.disclosure);
  });

  it('is equivariant to a positive affine change of intensity units (the min-max map cancels it)', async () => {
    const model = await sr();
    const data = sheppLogan2d(16);
    const hu = Float64Array.from(data, (v) => 2000 * v - 1000);
    const a = await superResolve2d(model, { data, shape: [16, 16] }, { generatedAt: AT });
    const b = await superResolve2d(model, { data: hu, shape: [16, 16] }, { generatedAt: AT });
    const expected = Float64Array.from(a.image.data, (v) => 2000 * v - 1000);
    expect(maxAbsDiff(b.image.data, expected)).toBeLessThan(2000 * 1e-6);
    expect(b.disclosure.input.sha256).not.toBe(a.disclosure.input.sha256);
  });
});

describe('superResolveVolume', () => {
  it('doubles every slice of a tiny MRI volume and updates spacing and affine', async () => {
    const model = await sr();
    const vol = syntheticVolume('MRI', 'tiny').image;
    const { volume, disclosure } = await superResolveVolume(model, vol, { generatedAt: new Date(AT) });
    expect(volume.shape).toEqual([8, 32, 32]);
    expect(volume.data.length).toBe(8 * 32 * 32);
    expect(volume.spacingMm).toEqual([vol.spacingMm[0], vol.spacingMm[1] / 2, vol.spacingMm[2] / 2]);
    expect(volume.modality).toBe('MRI');
    // The centre of new voxels (0..1, 0..1) is the old voxel (0, 0).
    const w = voxelToWorld(volume.affine, 0.5, 0.5, 3);
    const old = voxelToWorld(vol.affine, 0, 0, 3);
    for (let a = 0; a < 3; a++) expect(w[a]).toBeCloseTo(old[a]!, 9);
    expect(validateDisclosure(disclosure).valid).toBe(true);
    expect(disclosure).toMatchObject({ processing: 'slice_by_slice_2d', input: { dtype: 'float32', shape: [8, 16, 16], modality: 'MRI' }, output: { shape: [8, 32, 32] } });
  });

  it('gives each slice what the 2D path gives it (same map), whatever the slice batch', async () => {
    const model = await sr();
    const ct = syntheticVolume('CT', [4, 12, 12]).image;
    const b1 = await superResolveVolume(model, ct, { generatedAt: AT, sliceBatch: 1 });
    const b3 = await superResolveVolume(model, ct, { generatedAt: AT, sliceBatch: 3 }); // batches of 3 and 1
    expect(b1.volume.shape).toEqual([4, 24, 24]);
    expect(maxAbsDiff(b1.volume.data, b3.volume.data)).toBeLessThan(1700 * 1e-5); // HU range ~1700
    // One slice as a 1-slice volume equals the 2D path on that slice exactly.
    const slice = ct.data.slice(2 * 144, 3 * 144);
    const one: Volume = { ...ct, data: slice, shape: [1, 12, 12] };
    const v = await superResolveVolume(model, one, { generatedAt: AT });
    const i = await superResolve2d(model, { data: slice, shape: [12, 12], modality: 'CT' }, { generatedAt: AT });
    expect(Array.from(v.volume.data)).toEqual(Array.from(i.image.data));
    expect(i.disclosure.input.dtype).toBe('int16');
  });
});

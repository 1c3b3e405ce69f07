import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { axisAlignedAffine, createRng, type Volume } from '@rhenium-perf/fixtures';
import { getModel } from '@rhenium-perf/onnx-models';
import { createSession } from './session';
import { segmentVolume } from './segment';
import { wholeVolumeInput } from './whole-volume';

function volumeOf(shape: [number, number, number], seed = 3): Volume<Float32Array> {
  const data = createRng(seed).fillNormal(new Float32Array(shape[0] * shape[1] * shape[2]), 100, 20);
  return { data, shape, spacingMm: [2, 1, 1], affine: axisAlignedAffine([2, 1, 1]), modality: 'MRI' };
}

describe('segmentVolume', () => {
  it('blends overlapping patches exactly for a pointwise model (1x1x1 conv): equals one forward pass', async () => {
    // A pointwise model gives each voxel the same output in every patch, so the Gaussian
    // average of the patches must reproduce the full-volume forward pass.
    const m = getModel('conv3d', { inChannels: 1, outChannels: 4, kernel: 1, pad: 0 });
    const s = await createSession(m.bytes, { intraOpThreads: 1 });
    const vol = volumeOf([12, 20, 28]);
    const sw = await segmentVolume(s, vol, { patchSize: [8, 8, 8], overlap: 0.25, probabilities: true });
    expect(sw.patches).toBe(2 * 3 * 5); // z: 0, 4; y: 0, 6, 12; x: 0, 6, 12, 18, 20
    const { tensor } = wholeVolumeInput(vol, 1, 'zscore');
    const y = (await s.run({ input: tensor })).output!.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i]! - sw.probabilities![i]!));
    expect(worst).toBeLessThan(1e-5);
    const V = vol.data.length;
    for (let v = 0; v < V; v++) {
      let best = 0;
      for (let c = 1; c < 4; c++) if (y[c * V + v]! > y[best * V + v]!) best = c;
      expect(sw.labels.data[v]).toBe(best);
    }
  });

  it('on a volume the size of one patch equals a single U-Net forward pass, bit for bit', async () => {
    const m = getModel('unet3d');
    const s = await createSession(m.bytes, { intraOpThreads: 1 });
    const vol = volumeOf([8, 16, 16]);
    const sw = await segmentVolume(s, vol, { patchSize: [8, 16, 16], probabilities: true, spatialMultiple: 8 });
    expect(sw.patches).toBe(1);
    const { tensor } = wholeVolumeInput(vol, 8, 'zscore');
    const y = (await s.run({ image: tensor })).probabilities!.data as Float32Array;
    expect(Buffer.from(sw.probabilities!.buffer).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength))).toBe(true);
  });

  it('U-Net sliding window: softmax sums to 1 within 1e-5, labels = argmax, two runs identical', async () => {
    const s = await createSession(getModel('unet3d').bytes, { intraOpThreads: 1 });
    const vol = volumeOf([8, 16, 24]);
    const names: string[] = [];
    const a = await segmentVolume(s, vol, { patchSize: [8, 16, 16], probabilities: true, stage: (n, fn) => (names.push(n), fn()) });
    const b = await segmentVolume(s, vol, { patchSize: [8, 16, 16] });
    expect(a.patches).toBe(2);
    expect(new Set(names)).toEqual(new Set(['pre_post', 'session_run']));
    expect(names.filter((n) => n === 'session_run').length).toBe(2);
    expect(Buffer.from(a.labels.data).equals(Buffer.from(b.labels.data))).toBe(true);
    const V = vol.data.length;
    let worst = 0;
    for (let v = 0; v < V; v++) {
      let sum = 0;
      let best = 0;
      for (let c = 0; c < 4; c++) {
        sum += a.probabilities![c * V + v]!;
        if (a.probabilities![c * V + v]! > a.probabilities![best * V + v]!) best = c;
      }
      worst = Math.max(worst, Math.abs(sum - 1));
      expect(a.labels.data[v]).toBe(best);
    }
    expect(worst).toBeLessThan(1e-5);
    expect(a.labels.shape).toEqual(vol.shape);
    expect(a.labels.affine).toEqual(vol.affine);
  });

  it('pads a volume thinner than the patch (an X-ray slab) and crops back; refuses when padding is off', async () => {
    const s = await createSession(getModel('unet3d').bytes, { intraOpThreads: 1 });
    const xr = volumeOf([1, 16, 16]);
    const r = await segmentVolume(s, xr, { spatialMultiple: 8 });
    expect(r.patchSize).toEqual([8, 16, 16]);
    expect(r.labels.shape).toEqual([1, 16, 16]);
    await expect(segmentVolume(s, xr, { patchSize: [8, 16, 16], padToPatch: false })).rejects.toMatchObject({
      code: 'RPERF_PERCEPTION_PATCH_TOO_LARGE',
      message: expect.stringContaining('patchSize [8, 16, 16] is larger than the volume [1, 16, 16]'),
    });
  });

  it('refuses NaN input, a rank-4 model and a patch the model cannot take, with typed errors', async () => {
    const s = await createSession(getModel('unet3d').bytes, { intraOpThreads: 1 });
    const vol = volumeOf([8, 16, 16]);
    vol.data[77] = NaN;
    await expect(segmentVolume(s, vol)).rejects.toMatchObject({ code: 'RPERF_PERCEPTION_NAN_INPUT', message: expect.stringContaining('voxel 77') });
    const conv2d = await createSession(getModel('conv2d').bytes, { intraOpThreads: 1 });
    await expect(segmentVolume(conv2d, volumeOf([8, 16, 16]))).rejects.toMatchObject({
      code: 'RPERF_PERCEPTION_INPUT_MISMATCH',
      message: expect.stringContaining('input "input" float32 [1, 2, height, width], rank 4'),
    });
    await expect(segmentVolume(s, volumeOf([8, 16, 16]), { patchSize: [6, 16, 16], spatialMultiple: 8 })).rejects.toMatchObject({ code: 'RPERF_PERCEPTION_INVALID_OPTIONS' });
    // Without spatialMultiple the U-Net itself refuses 6 slices: a typed run error, not a crash.
    await expect(segmentVolume(s, volumeOf([6, 16, 16]))).rejects.toMatchObject({ code: 'RPERF_PERCEPTION_RUN_FAILED', message: expect.stringContaining('input "image" float32 [batch, 1, depth, height, width]') });
  });
});

describe('ort tensors from a reused patch buffer', () => {
  it('do not alias outputs between runs', async () => {
    const s = await createSession(getModel('conv3d', { inChannels: 1, outChannels: 1, kernel: 1, pad: 0 }).bytes, { intraOpThreads: 1 });
    const buf = new Float32Array(8).fill(1);
    const a = (await s.run({ input: new ort.Tensor('float32', buf, [1, 1, 2, 2, 2]) })).output!.data as Float32Array;
    const first = Float32Array.from(a);
    buf.fill(2);
    await s.run({ input: new ort.Tensor('float32', buf, [1, 1, 2, 2, 2]) });
    expect(Array.from(a)).toEqual(Array.from(first));
  });
});

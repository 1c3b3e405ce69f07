import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { axisAlignedAffine, createRng, sheppLogan2d, sheppLogan3d, syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { RUN_FIXTURES_ENV, VerifyError } from '@rhenium-perf/harness';
import { REFERENCE_MAX_ABS_ERROR } from '@rhenium-perf/onnx-models';
import { openGanModel } from '../src/model';
import type { GanModel } from '../src/types';
import { centreCropNd, float64Hash, imageReferenceFigure, volumeReferenceFigure } from '../bench/reference-check';

/** The same generator with a session whose outputs are all zeros (of the right shape). */
function zeroing(m: GanModel): GanModel {
  const real = m.session;
  return {
    ...m,
    session: {
      ...real,
      run: async (feeds) => {
        const out = await real.run(feeds);
        return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, new ort.Tensor('float32', new Float32Array(t.data.length), t.dims)]));
      },
    },
  };
}

const noisy = (x: Float64Array): Float32Array => {
  const n = createRng(7).fillNormal(new Float64Array(x.length), 0, 0.05);
  return Float32Array.from(x, (v, i) => v + n[i]!);
};

describe('the independent reference figure of the GAN cases', () => {
  it('crops around the centre, repeating short axes', () => {
    // 4x4 grid 0..15, centre 2x2 crop starts at (1, 1): [5, 6, 9, 10]
    expect(Array.from(centreCropNd(Float32Array.from({ length: 16 }, (_, i) => i), [4, 4], [2, 2]))).toEqual([5, 6, 9, 10]);
    // 1 x 3 grid cropped to 2 x 3: the single row twice
    expect(Array.from(centreCropNd(new Float32Array([1, 2, 3]), [1, 3], [2, 3]))).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('SR generator: a Shepp-Logan slice and a CT volume agree with the reference to 1e-4 in model units', async () => {
    const sr = await openGanModel('srgan2d', { intraOpThreads: 1 });
    const a = await imageReferenceFigure(sr, { data: sheppLogan2d(128), shape: [128, 128] });
    const b = await volumeReferenceFigure(sr, syntheticVolume('CT', 'small').image);
    for (const q of [a, b]) {
      expect(q.max_abs_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
      expect(q.max_abs_err_vs_reference).toMatchObject({ threshold: REFERENCE_MAX_ABS_ERROR, higher_is_better: false });
    }
  });

  it('DnCNN 2D and 3D on noisy phantoms agree with the reference to 1e-4 in model units', async () => {
    const d2 = await openGanModel('dncnn2d', { intraOpThreads: 1 });
    const d3 = await openGanModel('dncnn3d', { intraOpThreads: 1 });
    const q2 = await imageReferenceFigure(d2, { data: noisy(sheppLogan2d(128)), shape: [128, 128] });
    const vol: Volume<Float32Array> = { data: noisy(sheppLogan3d(16, 32, 32)), shape: [16, 32, 32], spacingMm: [8, 8, 8], affine: axisAlignedAffine([8, 8, 8]), modality: null };
    const q3 = await volumeReferenceFigure(d3, vol);
    expect(q2.max_abs_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
    expect(q3.max_abs_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
  });

  it('a generator that returns zeros fails (SR, 2D and 3D denoisers)', async () => {
    const img = { data: sheppLogan2d(64), shape: [64, 64] as const };
    await expect(imageReferenceFigure(zeroing(await openGanModel('srgan2d')), img)).rejects.toThrow(VerifyError);
    await expect(imageReferenceFigure(zeroing(await openGanModel('dncnn2d')), img)).rejects.toThrow(/max_abs_err_vs_reference = .* exceeds the allowed maximum 0.0001/);
    await expect(volumeReferenceFigure(zeroing(await openGanModel('dncnn3d')), syntheticVolume('MRI', 'tiny').image)).rejects.toThrow(VerifyError);
  });

  it('the reference forward pass is made once per run and model and input; a zeroing generator still fails against the shared one', async () => {
    const before = process.env[RUN_FIXTURES_ENV];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-gan-test-'));
    process.env[RUN_FIXTURES_ENV] = dir;
    try {
      const d2 = await openGanModel('dncnn2d', { intraOpThreads: 1 });
      const img = { data: noisy(sheppLogan2d(64)), shape: [64, 64] as const };
      const first = await imageReferenceFigure(d2, img);
      expect(fs.readdirSync(dir).length).toBe(1);
      const second = await imageReferenceFigure(d2, img);
      expect(fs.readdirSync(dir).length).toBe(1);
      expect(second.max_abs_err_vs_reference!.value).toBe(first.max_abs_err_vs_reference!.value);
      expect(first.max_abs_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
      await expect(imageReferenceFigure(zeroing(d2), img)).rejects.toThrow(VerifyError);
      // Another input is another reference.
      await imageReferenceFigure(d2, { data: noisy(sheppLogan2d(32)), shape: [32, 32] });
      expect(fs.readdirSync(dir).length).toBe(2);
    } finally {
      if (before === undefined) delete process.env[RUN_FIXTURES_ENV];
      else process.env[RUN_FIXTURES_ENV] = before;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('float64Hash tells inputs apart', () => {
    const a = new Float64Array([1, 2, 3]);
    expect(float64Hash(a)).toBe(float64Hash(Float64Array.from(a)));
    expect(float64Hash(a)).not.toBe(float64Hash(new Float64Array([1, 2, 3 + 1e-15])));
    expect(float64Hash(a)).not.toBe(float64Hash(new Float64Array([1, 2, 3, 0])));
  });
});

import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { VerifyError } from '@rhenium-perf/harness';
import { REFERENCE_MAX_ABS_ERROR, getModel, type ZooModelName } from '@rhenium-perf/onnx-models';
import { createSession } from '../src/session';
import type { ModelSession } from '../src/types';
import { centreCrop, classificationReferenceFigure, detectionReferenceFigure, segmentationReferenceFigure, zscore } from '../bench/reference-check';

async function open(name: ZooModelName): Promise<{ session: ModelSession; model: ReturnType<typeof getModel> }> {
  const model = getModel(name);
  return { model, session: await createSession(model.bytes, { device: 'cpu', intraOpThreads: 1, label: `zoo:${name}` }) };
}

/** A session whose every output is zeros of the real output's shape. */
function zeroing(real: ModelSession): ModelSession {
  return {
    ...real,
    run: async (feeds) => {
      const out = await real.run(feeds);
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, new ort.Tensor('float32', new Float32Array(t.data.length), t.dims)]));
    },
  };
}

describe('the independent reference figure of the perception cases', () => {
  it('crops around the centre, repeating a single XR slice, and z-scores from the definition', () => {
    const xr = syntheticVolume('XR', 'tiny').image; // [1, 16, 16]
    const c = centreCrop(xr);
    expect(c.shape).toEqual([8, 16, 16]);
    for (let z = 1; z < 8; z++) expect(Array.from(c.data.subarray(z * 256, (z + 1) * 256))).toEqual(Array.from(c.data.subarray(0, 256)));
    const z = zscore([1, 2, 3, 4]); // mean 2.5, population sd sqrt(1.25)
    expect(z[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 6);
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
  });

  it.each(['MRI', 'CT', 'US', 'XR'] as const)('U-Net on a %s crop: segmentVolume agrees with the reference to 1e-4 (measured ~1e-6)', async (modality) => {
    const { session, model } = await open('unet3d');
    const q = await segmentationReferenceFigure(session, model, syntheticVolume(modality, 'small').image);
    expect(q.max_abs_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
    expect(q.max_abs_err_vs_reference).toMatchObject({ threshold: REFERENCE_MAX_ABS_ERROR, higher_is_better: false });
  });

  it('classifier and detector on MRI and CT crops agree with the reference to 1e-4', async () => {
    const cls = await open('classifier3d');
    const det = await open('detector3d');
    for (const m of ['MRI', 'CT'] as const) {
      const v = syntheticVolume(m, 'medium').image;
      expect((await classificationReferenceFigure(cls.session, cls.model, v)).max_abs_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
      expect((await detectionReferenceFigure(det.session, det.model, v)).max_abs_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
    }
  });

  it('a network that returns zeros fails every figure with a VerifyError', async () => {
    const v = syntheticVolume('MRI', 'tiny').image;
    const seg = await open('unet3d');
    const cls = await open('classifier3d');
    const det = await open('detector3d');
    await expect(segmentationReferenceFigure(zeroing(seg.session), seg.model, v)).rejects.toThrow(VerifyError);
    await expect(classificationReferenceFigure(zeroing(cls.session), cls.model, v)).rejects.toThrow(/max_abs_err_vs_reference = .* exceeds the allowed maximum 0.0001/);
    await expect(detectionReferenceFigure(zeroing(det.session), det.model, v)).rejects.toThrow(VerifyError);
  });
});

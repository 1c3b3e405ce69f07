import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { ZOO_MODEL_NAMES, buildModel, clearModelCache, describeModel, getModel } from './zoo';
import { inspectModel } from './decode';
import type { ZooModelName } from './types';

/**
 * sha256 of every default model. A change here means the bytes of a model changed: results
 * recorded with the old hash are no longer comparable, so change it knowingly (and bump
 * PRODUCER_VERSION if the architecture changed).
 */
const DEFAULT_SHA256: Record<ZooModelName, string> = {
  unet3d: '63c611880de5e54ddee0f9dc0a536fa5257d6d6a809f3c26ee6f7a0224f9b885',
  classifier3d: '674e349143465738e0b90f82b897ff5be0d7e900f9f4eb72f0d8a6b8b496bdb4',
  detector3d: 'e2f17f8842de81edcd2942912a4c629020cfe3b3c9bc1a057d8a01c2fad9e973',
  srgan2d: 'e0f5e88dff671351f2751a1d00b40c53f23c7c635e0c93150cc1bce73d50575d',
  dncnn2d: '63dba62e7abcbb05acf031526cc777f17f628e1715ffda3d48f10ab31bdd1c43',
  dncnn3d: '9a3865de837d87b69b7ecb228c0145d4d538bdfa5c8b3b8feb4a7ce21667ab2f',
  conv3d: 'c5859f9804f8490681153ac251982501b427443681a0fc82b6bb8d9cd5018361',
  conv2d: '9ae857f518c789a312f2e757edd33b317b04be74bacdb13c29edc5ac5271a150',
};

/** Small inputs per model and the output shapes they must give. */
const CASES: Record<ZooModelName, { input: number[]; outputs: Record<string, number[]> }> = {
  unet3d: { input: [1, 1, 8, 16, 16], outputs: { probabilities: [1, 4, 8, 16, 16] } },
  classifier3d: { input: [2, 1, 8, 16, 16], outputs: { probabilities: [2, 3] } },
  detector3d: { input: [1, 1, 8, 16, 16], outputs: { heatmap: [1, 1, 2, 4, 4], box_size: [1, 3, 2, 4, 4] } },
  srgan2d: { input: [1, 1, 12, 20], outputs: { sr_image: [1, 1, 24, 40] } },
  dncnn2d: { input: [1, 1, 12, 20], outputs: { denoised: [1, 1, 12, 20] } },
  dncnn3d: { input: [1, 1, 6, 12, 20], outputs: { denoised: [1, 1, 6, 12, 20] } },
  conv3d: { input: [1, 2, 5, 6, 7], outputs: { output: [1, 3, 5, 6, 7] } },
  conv2d: { input: [1, 2, 6, 7], outputs: { output: [1, 3, 6, 7] } },
};

function ramp(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(i * 0.37) * 0.5 + 0.5;
  return a;
}

describe('model zoo', () => {
  it('builds every default model to its pinned sha256, and the same bytes twice', () => {
    for (const name of ZOO_MODEL_NAMES) {
      const a = buildModel(name);
      const b = buildModel(name);
      expect(a.sha256, name).toBe(DEFAULT_SHA256[name]);
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), name).toBe(true);
    }
  });

  it.each(ZOO_MODEL_NAMES)('%s loads in onnxruntime, runs, and gives the declared output shapes', async (name) => {
    const m = getModel(name);
    const c = CASES[name];
    const session = await ort.InferenceSession.create(m.bytes, { intraOpNumThreads: 1 });
    expect(session.inputNames).toEqual(m.inputs.map((i) => i.name));
    expect(session.outputNames).toEqual(m.outputs.map((o) => o.name));
    const x = new ort.Tensor('float32', ramp(c.input.reduce((a, b) => a * b, 1)), c.input);
    const out = await session.run({ [m.inputs[0]!.name]: x });
    for (const [k, dims] of Object.entries(c.outputs)) {
      expect(out[k]!.dims, `${name}.${k}`).toEqual(dims);
      const data = out[k]!.data as Float32Array;
      expect(data.every(Number.isFinite), `${name}.${k} finite`).toBe(true);
    }
    // Softmax outputs sum to 1 over the class axis.
    if (m.task === 'classification') {
      const p = out.probabilities!.data as Float32Array;
      for (let n = 0; n < 2; n++) expect(Math.abs(p[n * 3]! + p[n * 3 + 1]! + p[n * 3 + 2]! - 1)).toBeLessThan(1e-6);
    }
    if (m.task === 'segmentation') {
      const p = out.probabilities!.data as Float32Array;
      const vox = 8 * 16 * 16;
      let worst = 0;
      for (let v = 0; v < vox; v++) worst = Math.max(worst, Math.abs(p[v]! + p[vox + v]! + p[2 * vox + v]! + p[3 * vox + v]! - 1));
      expect(worst).toBeLessThan(1e-5);
    }
    // Identical outputs on a second run.
    const again = await session.run({ [m.inputs[0]!.name]: x });
    for (const k of Object.keys(c.outputs)) expect(Buffer.from((again[k]!.data as Float32Array).buffer).equals(Buffer.from((out[k]!.data as Float32Array).buffer))).toBe(true);
  });

  it('describes models with dynamic spatial axes and the architecture parameters', () => {
    const d = describeModel('unet3d');
    expect(d).not.toHaveProperty('bytes');
    expect(d.inputs[0]).toEqual({ name: 'image', elemType: 'float32', shape: ['batch', 1, 'depth', 'height', 'width'] });
    expect(d.outputs[0]!.shape).toEqual(['batch', 4, 'depth', 'height', 'width']);
    expect(d.spatialMultiple).toBe(8);
    expect(d.config).toMatchObject({ features: [8, 16, 32, 64], classes: 4 });
    // 3x3x3 convs: enc 1->8, 8->8, 8->16, 16->16, 16->32, 32->32, bottleneck 32->64, 64->64,
    // dec 64->32, 32->32, 32->16, 16->16, 16->8, 8->8; up-convs 64->32, 32->16, 16->8 (2x2x2); head 8->4.
    const c3 = (i: number, o: number): number => i * o * 27 + o;
    const up = (i: number, o: number): number => i * o * 8 + o;
    const expected =
      c3(1, 8) + c3(8, 8) + c3(8, 16) + c3(16, 16) + c3(16, 32) + c3(32, 32) + c3(32, 64) + c3(64, 64) +
      c3(64, 32) + c3(32, 32) + c3(32, 16) + c3(16, 16) + c3(16, 8) + c3(8, 8) + up(64, 32) + up(32, 16) + up(16, 8) + (8 * 4 + 4);
    expect(d.parameterCount).toBe(expected);
    expect(inspectModel(getModel('unet3d').bytes).inputs).toEqual(d.inputs);
  });

  it('caches built models in memory and rebuilds the same bytes after clearing', () => {
    const a = getModel('dncnn2d');
    expect(getModel('dncnn2d')).toBe(a);
    clearModelCache();
    const b = getModel('dncnn2d');
    expect(b).not.toBe(a);
    expect(b.sha256).toBe(a.sha256);
  });

  it('options change the model (seed, features) and are checked', () => {
    expect(getModel('unet3d', { seed: 7 }).sha256).not.toBe(DEFAULT_SHA256.unet3d);
    expect(getModel('unet3d', { features: [4, 8] }).spatialMultiple).toBe(2);
    expect(() => buildModel('unet3d', { features: [8] })).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_INVALID_OPTIONS' }));
    expect(() => buildModel('classifier3d', { classes: 0 })).toThrow(/classes must be an integer in \[2, 10000\], received 0/);
    expect(() => buildModel('nope' as ZooModelName)).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_UNKNOWN_MODEL' }));
  });
});

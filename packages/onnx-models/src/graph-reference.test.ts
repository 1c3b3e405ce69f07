import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { createRng } from '@rhenium-perf/fixtures';
import { REFERENCE_MAX_ABS_ERROR } from './defaults';
import { attr, GraphBuilder } from './graph-builder';
import { maxAbsDifference, runReference } from './graph-reference';
import type { ZooModelName } from './types';
import { getModel } from './zoo';

/**
 * Small inputs per model (batch 2 where the architecture allows it, to exercise the batch
 * loop) and the largest |onnxruntime - reference| measured on them (onnxruntime-node 1.30,
 * graph optimisation 'all', one thread, N(0, 1) input of seed 3).
 */
const CASES: Record<ZooModelName, { dims: number[]; measured: number }> = {
  unet3d: { dims: [1, 1, 8, 16, 16], measured: 7.8e-7 },
  classifier3d: { dims: [2, 1, 8, 16, 16], measured: 2.0e-8 },
  detector3d: { dims: [1, 1, 8, 16, 16], measured: 9.7e-7 },
  srgan2d: { dims: [2, 1, 12, 20], measured: 1.8e-5 },
  dncnn2d: { dims: [1, 1, 12, 20], measured: 8.7e-7 },
  dncnn3d: { dims: [1, 1, 6, 12, 20], measured: 1.0e-6 },
  conv3d: { dims: [1, 2, 5, 6, 7], measured: 8.7e-7 },
  conv2d: { dims: [1, 2, 6, 7], measured: 5.8e-7 },
};

async function ortRun(bytes: Uint8Array, name: string, x: Float32Array, dims: number[]): Promise<Record<string, ort.Tensor>> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  return s.run({ [name]: new ort.Tensor('float32', x, dims) });
}

describe('runReference (pure-TypeScript forward pass) vs onnxruntime-node', () => {
  it.each(Object.keys(CASES) as ZooModelName[])(`%s agrees on every output within REFERENCE_MAX_ABS_ERROR = ${REFERENCE_MAX_ABS_ERROR}`, async (name) => {
    const m = getModel(name);
    const { dims, measured } = CASES[name];
    const x = createRng(3).fillNormal(new Float32Array(dims.reduce((a, b) => a * b, 1)));
    const input = m.inputs[0]!.name;
    const out = await ortRun(m.bytes, input, x, dims);
    const ref = runReference(m.bytes, { [input]: { data: x, dims } });
    expect(Object.keys(ref).sort()).toEqual(Object.keys(out).sort());
    let worst = 0;
    for (const k of Object.keys(out)) {
      expect(ref[k]!.dims, k).toEqual(out[k]!.dims);
      worst = Math.max(worst, maxAbsDifference(out[k]!.data as Float32Array, ref[k]!.data));
    }
    expect(worst).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
    // Not vacuous: within two orders of magnitude of what was measured when the bound was set.
    expect(worst).toBeLessThan(100 * measured);
  });

  it('tells models apart: the U-Net of another seed misses the reference by far more than the bound', async () => {
    const dims = [1, 1, 8, 16, 16];
    const x = createRng(3).fillNormal(new Float32Array(8 * 16 * 16));
    const other = await ortRun(getModel('unet3d', { seed: 1 }).bytes, 'image', x, dims);
    const ref = runReference(getModel('unet3d').bytes, { image: { data: x, dims } });
    expect(maxAbsDifference(other.probabilities!.data as Float32Array, ref.probabilities!.data)).toBeGreaterThan(0.05);
    // And a zero output fails as well.
    expect(maxAbsDifference(new Float32Array(ref.probabilities!.data.length), ref.probabilities!.data)).toBeGreaterThan(0.5);
  });

  it('runs operators the zoo does not use today (LeakyRelu, Mul) from their definitions', async () => {
    const g = new GraphBuilder('leaky');
    const x = g.input({ name: 'x', elemType: 'float32', shape: [2, 3] });
    const s = g.initializer('s', new Float32Array([1, -2, 0.5]), [3]);
    const y = g.node('Mul', [x, s])[0]!;
    g.node('LeakyRelu', [y], { alpha: attr.float(0.25) }, { outputs: ['y'] });
    g.output({ name: 'y', elemType: 'float32', shape: [2, 3] });
    const bytes = g.encode();
    const data = new Float32Array([1, 1, 1, -4, 2, 8]);
    const ref = runReference(bytes, { x: { data, dims: [2, 3] } });
    // row 0: [1, -2, 0.5] -> [1, -0.5, 0.5]; row 1: [-4, -4, 4] -> [-1, -1, 4]
    expect(Array.from(ref.y!.data)).toEqual([1, -0.5, 0.5, -1, -1, 4]);
    const out = await ortRun(bytes, 'x', data, [2, 3]);
    expect(maxAbsDifference(out.y!.data as Float32Array, ref.y!.data)).toBe(0);
  });

  it('refuses what it does not implement with a typed error, and a missing feed', () => {
    const g = new GraphBuilder('erf');
    const x = g.input({ name: 'x', elemType: 'float32', shape: [2] });
    g.node('Erf', [x], {}, { outputs: ['y'], name: 'erf0' });
    g.output({ name: 'y', elemType: 'float32', shape: [2] });
    const bytes = g.encode();
    expect(() => runReference(bytes, { x: { data: new Float32Array(2), dims: [2] } })).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_REFERENCE_UNSUPPORTED', message: expect.stringMatching(/"erf0" \(Erf\): operator not implemented/) }));
    expect(() => runReference(bytes, {})).toThrow(/no feed for graph input "x"/);
  });

  it('maxAbsDifference: NaN and length mismatches never pass a bound', () => {
    expect(maxAbsDifference([1, 2], [1, 2.5])).toBe(0.5);
    expect(maxAbsDifference([NaN, 0], [0, 0])).toBe(Infinity);
    expect(maxAbsDifference([0, 0], [0, NaN])).toBe(Infinity);
    expect(maxAbsDifference([0], [0, 0])).toBe(Infinity);
  });
});

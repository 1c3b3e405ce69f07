import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { createRng } from '@rhenium-perf/fixtures';
import { convReference } from './conv-reference';
import { readFloatInitializer } from './decode';
import { buildModel } from './zoo';

describe('convReference', () => {
  it('matches a hand-computed 1D case', () => {
    const out = convReference(new Float32Array([1, 2, 3]), new Float32Array([1, 1, 1]), new Float32Array([0]), { input: [1, 1, 1, 3], weight: [1, 1, 1, 1, 3], pad: [0, 0, 1] }, new Float32Array(3));
    expect(Array.from(out)).toEqual([3, 6, 5]);
  });

  it('matches a hand-computed 2-channel 2x2 case with bias and no padding', () => {
    // in c0 = [[1,2],[3,4]], c1 = [[0,1],[1,0]]; w c0 = [[1,0],[0,1]], c1 = [[2,2],[2,2]]; b = 0.5
    // y = (1 + 4) + 2 * (0 + 1 + 1 + 0) + 0.5 = 9.5
    const out = convReference(new Float32Array([1, 2, 3, 4, 0, 1, 1, 0]), new Float32Array([1, 0, 0, 1, 2, 2, 2, 2]), new Float32Array([0.5]), { input: [2, 1, 2, 2], weight: [1, 2, 1, 2, 2], pad: [0, 0, 0] }, new Float32Array(1));
    expect(out[0]).toBe(9.5);
  });

  it('refuses out === input and wrong sizes', () => {
    const a = new Float32Array(4);
    expect(() => convReference(a, new Float32Array(1), new Float32Array(1), { input: [1, 1, 2, 2], weight: [1, 1, 1, 1, 1], pad: [0, 0, 0] }, a)).toThrow(/must not be the input/);
    expect(() => convReference(a, new Float32Array(1), new Float32Array(1), { input: [1, 1, 2, 2], weight: [1, 1, 1, 1, 1], pad: [0, 0, 0] }, new Float32Array(3))).toThrow(/4 elements/);
  });
});

describe('onnxruntime Conv vs the direct TypeScript convolution', () => {
  it.each([
    ['conv3d', { inChannels: 2, outChannels: 3, kernel: 3, pad: 1 }, [5, 6, 7]],
    ['conv3d', { inChannels: 3, outChannels: 2, kernel: 5, pad: 0, seed: 3 }, [6, 7, 9]],
    ['conv2d', { inChannels: 2, outChannels: 3, kernel: 3, pad: 1 }, [9, 11]],
  ] as const)('%s %o on %o agrees to 1e-5', async (name, options, spatial) => {
    const m = buildModel(name, options);
    const C = options.inChannels;
    const w = readFloatInitializer(m.bytes, 'conv.weight');
    const b = readFloatInitializer(m.bytes, 'conv.bias');
    const dims = [1, C, ...spatial];
    const input = createRng(11).fillNormal(new Float32Array(dims.reduce((a, c) => a * c, 1)));
    const session = await ort.InferenceSession.create(m.bytes, { intraOpNumThreads: 1 });
    const out = await session.run({ input: new ort.Tensor('float32', input, dims) });
    const y = out.output!.data as Float32Array;
    const [D, H, W] = spatial.length === 3 ? spatial : [1, ...spatial];
    const k = options.kernel;
    const p = options.pad;
    const shape = {
      input: [C, D!, H!, W!] as const,
      weight: [options.outChannels, C, spatial.length === 3 ? k : 1, k, k] as const,
      pad: [spatial.length === 3 ? p : 0, p, p] as const,
    };
    const ref = convReference(input, w.data, b.data, shape, new Float32Array(y.length));
    expect(out.output!.dims).toEqual([1, options.outChannels, ...spatial.map((s) => s + 2 * p - k + 1)]);
    let worst = 0;
    for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i]! - ref[i]!));
    expect(worst).toBeLessThan(1e-5);
  });
});

import { describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { GraphBuilder, attr } from '@rhenium-perf/onnx-models';
import { createSession } from '@rhenium-perf/perception-inference';
import { buildRegionProbe } from './region-probe';
import { flipCombinations, flipGrid, ttaUncertainty } from './uncertainty';

/** A voxel-wise model (1x1x1 conv to 3 classes + softmax): flip-equivariant exactly. */
function pointwiseModel(): Uint8Array {
  const g = new GraphBuilder('pointwise');
  const x = g.input({ name: 'image', elemType: 'float32', shape: ['batch', 1, 'd', 'h', 'w'] });
  const w = g.initializer('w', Float32Array.of(1.5, -0.5, 0.2), [3, 1, 1, 1, 1]);
  const b = g.initializer('b', Float32Array.of(0, 0.3, -0.1), [3]);
  const y = g.node('Conv', [x, w, b], { kernel_shape: attr.ints([1, 1, 1]) })[0]!;
  g.node('Softmax', [y], { axis: attr.int(1) }, { outputs: ['p'] });
  g.output({ name: 'p', elemType: 'float32', shape: ['batch', 3, 'd', 'h', 'w'] });
  return g.encode();
}

describe('flips', () => {
  it('enumerate every subset, identity first', () => {
    expect(flipCombinations(['z', 'y', 'x'])).toHaveLength(8);
    expect(flipCombinations(['y', 'x'])).toEqual([[], ['y'], ['x'], ['y', 'x']]);
  });
  it('flipGrid reverses the axes and is an involution', () => {
    const src = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const a = flipGrid(src, [2, 3, 4], ['x'], new Float32Array(24));
    expect(Array.from(a.subarray(0, 4))).toEqual([3, 2, 1, 0]);
    const zy = flipGrid(src, [2, 3, 4], ['z', 'y'], new Float32Array(24));
    expect(zy[0]).toBe(src[(1 * 3 + 2) * 4]);
    expect(Array.from(flipGrid(zy, [2, 3, 4], ['z', 'y'], new Float32Array(24)))).toEqual(Array.from(src));
    expect(() => flipGrid(src, [2, 3, 4], ['x'], src)).toThrow(/out must not/);
  });
});

describe('ttaUncertainty', () => {
  const vol = syntheticVolume('MRI', 'tiny').image;

  it('a flip-equivariant model has zero variance and the entropy of its own output', async () => {
    const s = await createSession(pointwiseModel(), { intraOpThreads: 1 });
    const u = await ttaUncertainty(s, vol, { batchSize: 3, spatialMultiple: 4 });
    expect(u.augmentations).toHaveLength(8);
    expect(u.batches).toBe(3);
    expect(u.summary.maxVariance).toBeLessThan(1e-12);
    // entropy of softmax(w x + b) at voxel 0, computed directly
    const mean = vol.data.reduce((a, b) => a + b, 0) / vol.data.length;
    const sd = Math.sqrt(vol.data.reduce((a, b) => a + (b - mean) ** 2, 0) / vol.data.length);
    const x = (vol.data[0]! - mean) / sd;
    const z = [1.5 * x, -0.5 * x + 0.3, 0.2 * x - 0.1];
    const m = Math.max(...z);
    const e = z.map((t) => Math.exp(t - m));
    const p = e.map((t) => t / e.reduce((a, b) => a + b, 0));
    const h = -p.reduce((a, q) => a + q * Math.log(q), 0);
    expect(u.entropy[0]).toBeCloseTo(h, 5);
    expect(u.summary.normalizedMeanEntropy).toBeLessThanOrEqual(1);
  });

  it('a model that looks at an off-centre box has the variance of its flipped scores', async () => {
    const box = { min: [1, 2, 0], max: [4, 5, 2] } as const;
    const probe = buildRegionProbe([8, 16, 16], box, 'segmentation', 0.05);
    const s = await createSession(probe.bytes, { intraOpThreads: 1 });
    const u = await ttaUncertainty(s, vol, { axes: ['x'], normalize: 'none' });
    // p0 per augmentation: sigmoid(2 g s_a), s_a = mean over the volume of the (flipped) input in the box
    const score = (flipX: boolean): number => {
      let sum = 0;
      for (let k = box.min[2]; k <= box.max[2]; k++) for (let j = box.min[1]; j <= box.max[1]; j++) for (let i = box.min[0]; i <= box.max[0]; i++) {
        sum += vol.data[(k * 16 + j) * 16 + (flipX ? 15 - i : i)]!;
      }
      return 1 / (1 + Math.exp(-2 * 0.05 * (sum / vol.data.length)));
    };
    const p = [score(false), score(true)];
    const mean = (p[0]! + p[1]!) / 2;
    const variance = ((p[0]! - mean) ** 2 + (p[1]! - mean) ** 2) / 2;
    expect(u.labels[0]).toBe(mean >= 0.5 ? 0 : 1);
    expect(u.summary.meanVariance).toBeCloseTo(variance, 6);
    expect(u.meanProbabilities[0]).toBeCloseTo(mean, 5);
  });
});

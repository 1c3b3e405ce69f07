import { createRng } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { PinnError } from './errors';
import { createMlpLayout, initGlorot } from './mlp';

describe('createMlpLayout', () => {
  it('lays out [2, 32, 32, 32, 1] as W then b per layer (2241 parameters)', () => {
    const l = createMlpLayout([2, 32, 32, 32, 1]);
    // 2*32+32 + 32*32+32 + 32*32+32 + 32+1 = 96 + 1056 + 1056 + 33
    expect(l.parameterCount).toBe(2241);
    expect(l.weightOffsets).toEqual([0, 96, 1152, 2208]);
    expect(l.biasOffsets).toEqual([64, 1120, 2176, 2240]);
    expect(l.maxWidth).toBe(32);
  });

  it.each([[[2, 1]], [[3, 8, 1]], [[2, 8, 2]], [[2, 0, 1]], [[2, 4.5, 1]], [[2, Number.NaN, 1]]])(
    'refuses layer sizes %j with RPERF_PINN_LAYER_SIZES',
    (sizes) => {
      expect(() => createMlpLayout(sizes)).toThrow(PinnError);
      try {
        createMlpLayout(sizes);
      } catch (e) {
        expect((e as PinnError).code).toBe('RPERF_PINN_LAYER_SIZES');
        expect((e as PinnError).message).toContain(JSON.stringify(sizes).slice(0, 3));
      }
    },
  );
});

describe('initGlorot', () => {
  it('draws U(-a, a) weights with a = sqrt(6 / (fan_in + fan_out)) and zero biases, seeded', () => {
    const l = createMlpLayout([2, 32, 32, 32, 1]);
    const p = initGlorot(l, createRng(5), new Float64Array(l.parameterCount));
    const q = initGlorot(l, createRng(5), new Float64Array(l.parameterCount));
    expect(Array.from(p)).toEqual(Array.from(q));
    const bounds = [Math.sqrt(6 / 34), Math.sqrt(6 / 64), Math.sqrt(6 / 64), Math.sqrt(6 / 33)];
    for (let layer = 0; layer < 4; layer++) {
      const w = p.subarray(l.weightOffsets[layer], l.biasOffsets[layer]);
      const b = p.subarray(l.biasOffsets[layer], l.biasOffsets[layer] + l.layerSizes[layer + 1]);
      expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bounds[layer]);
      // a uniform sample of >= 32 values reaches past half the bound
      expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(bounds[layer] / 2);
      expect(b.every((v) => v === 0)).toBe(true);
    }
    // variance of U(-a, a) is a²/3 = 2 / (fan_in + fan_out); 1024 samples: within 15%
    const w1 = p.subarray(l.weightOffsets[1], l.biasOffsets[1]);
    const variance = w1.reduce((s, v) => s + v * v, 0) / w1.length;
    expect(variance).toBeCloseTo(2 / 64, 2);
  });

  it('refuses an output of the wrong length', () => {
    const l = createMlpLayout([2, 4, 1]);
    expect(() => initGlorot(l, createRng(1), new Float64Array(5))).toThrow(/length 17/);
  });
});

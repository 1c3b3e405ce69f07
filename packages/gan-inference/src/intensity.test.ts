import { describe, expect, it } from 'vitest';
import { GanError } from './errors';
import { fromModelRange, intensityMapping, toModelRange } from './intensity';

describe('intensityMapping', () => {
  it('maps [min, max] onto the model range through the centres (hand-computed)', () => {
    const m = intensityMapping(new Int16Array([-1000, 40, 1000]), [-1, 1]);
    expect(m).toEqual({ inputMin: -1000, inputMax: 1000, modelMin: -1, modelMax: 1, scale: 0.001 });
    const y = toModelRange(new Int16Array([-1000, 40, 1000]), m, new Float32Array(3));
    expect(Array.from(y)).toEqual([-1, Math.fround(0.04), 1]);
    // [0, 1] (DnCNN): 0 -> 0, 50 -> 0.5, 100 -> 1.
    const d = intensityMapping(new Float64Array([0, 50, 100]), [0, 1]);
    expect(Array.from(toModelRange(new Float64Array([0, 50, 100]), d, new Float32Array(3)))).toEqual([0, 0.5, 1]);
  });

  it('maps back to the input units (round trip within float32 rounding)', () => {
    const x = new Float64Array(1000);
    for (let i = 0; i < x.length; i++) x[i] = 300 * Math.sin(i) + 20;
    const m = intensityMapping(x, [-1, 1]);
    const y = toModelRange(x, m, new Float32Array(x.length));
    const back = fromModelRange(y, m, new Float32Array(x.length));
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(back[i]! - x[i]!));
    expect(worst).toBeLessThan(320 * 2 ** -22); // a few float32 ulps of |x| <= 320
    expect(fromModelRange(y, m, y)).toBe(y); // in place is allowed
  });

  it('puts a constant input on the model centre and brings it back exactly', () => {
    const m = intensityMapping(new Float32Array([7, 7, 7]), [0, 1]);
    expect(m.scale).toBe(1);
    const y = toModelRange(new Float32Array([7, 7, 7]), m, new Float32Array(3));
    expect(Array.from(y)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(fromModelRange(y, m, new Float32Array(3)))).toEqual([7, 7, 7]);
  });

  it('writes from an offset and refuses an out that is too small', () => {
    const m = intensityMapping(new Float32Array([0, 2]), [0, 1]);
    expect(Array.from(toModelRange(new Float32Array([0, 2]), m, new Float32Array(4), 2))).toEqual([0, 0, 0, 1]);
    expect(() => toModelRange(new Float32Array([0, 2]), m, new Float32Array(2), 1)).toThrow(RangeError);
  });

  it('refuses NaN and infinities with the index, as RPERF_GAN_NAN_INPUT', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = new Float32Array([1, 2, bad, 4]);
      try {
        intensityMapping(x, [0, 1], 'slice');
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(GanError);
        expect((err as GanError).code).toBe('RPERF_GAN_NAN_INPUT');
        expect((err as GanError).message).toMatch(new RegExp(`slice holds ${bad} at index 2 \\(of 4\\)`));
      }
    }
    // A sum that overflows float64 is not NaN: it passes.
    expect(intensityMapping(new Float64Array([1.7e308, 1.7e308]), [0, 1]).inputMax).toBe(1.7e308);
    expect(() => intensityMapping(new Float32Array(0), [0, 1])).toThrow(expect.objectContaining({ code: 'RPERF_GAN_INPUT_SHAPE' }));
  });
});

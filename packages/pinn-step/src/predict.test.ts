import { describe, expect, it } from 'vitest';
import { createMlpLayout } from './mlp';
import { predict, relativeL2Error } from './predict';

describe('predict and relativeL2Error', () => {
  it('evaluates u = v tanh(ax + by + c) + d by hand', () => {
    const layout = createMlpLayout([2, 1, 1]);
    const params = new Float64Array([0.7, -1.3, 0.2, 1.9, -0.4]);
    const out = predict(layout, params, new Float64Array([0.25, 0.6, 1, 0]), new Float64Array(2));
    expect(out[0]).toBeCloseTo(1.9 * Math.tanh(0.7 * 0.25 - 1.3 * 0.6 + 0.2) - 0.4, 15);
    expect(out[1]).toBeCloseTo(1.9 * Math.tanh(0.7 + 0.2) - 0.4, 15);
  });

  it('is exactly 1 for the zero network and sqrt(Σ(c - u*)²/Σu*²) for a constant', () => {
    const layout = createMlpLayout([2, 4, 1]);
    const params = new Float64Array(layout.parameterCount);
    expect(relativeL2Error(layout, params, 21)).toBe(1);
    // u ≡ c (output bias only): on the 3x3 grid u* is 1 at the centre and 0 elsewhere
    params[layout.biasOffsets[1]] = 0.5;
    expect(relativeL2Error(layout, params, 3)).toBeCloseTo(Math.sqrt(0.25 + 8 * 0.25), 14);
  });

  it('refuses NaN points and mismatched output lengths', () => {
    const layout = createMlpLayout([2, 4, 1]);
    const params = new Float64Array(layout.parameterCount);
    expect(() => predict(layout, params, new Float64Array([0.1, Number.NaN]), new Float64Array(1))).toThrow(expect.objectContaining({ code: 'RPERF_PINN_NON_FINITE' }));
    expect(() => predict(layout, params, new Float64Array([0.1, 0.2]), new Float64Array(2))).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BATCH_SIZE' }));
    expect(() => relativeL2Error(layout, params, 1)).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BAD_OPTION' }));
  });
});

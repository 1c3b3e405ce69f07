import { describe, expect, it } from 'vitest';
import { adamUpdate, createAdam, resetAdam } from './adam';
import { stepDecay } from './schedule';

describe('adamUpdate', () => {
  it('takes the hand-computed first two steps', () => {
    const adam = createAdam(2, { learningRate: 0.1 });
    const theta = new Float64Array([1, -2]);
    // step 1: m̂ = g, v̂ = g², so θ -= lr g / (|g| + ε)
    expect(adamUpdate(adam, theta, new Float64Array([0.5, -0.1]))).toBe(0.1);
    expect(theta[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 15);
    expect(theta[1]).toBeCloseTo(-2 + (0.1 * 0.1) / (0.1 + 1e-8), 15);
    expect(adam.m[0]).toBeCloseTo(0.05, 15);
    expect(adam.v[1]).toBeCloseTo(1e-5, 18);
    // step 2, g = (0.5, 0.3): m = (0.095, 0.021), v = (0.00049975, 0.00009999),
    // bias corrections 1 - 0.9² = 0.19 and 1 - 0.999² = 0.001999
    const before = Float64Array.from(theta);
    adamUpdate(adam, theta, new Float64Array([0.5, 0.3]));
    expect(adam.step).toBe(2);
    expect(adam.m[1]).toBeCloseTo(0.021, 15);
    expect(adam.v[0]).toBeCloseTo(0.00049975, 15);
    expect(theta[0]).toBeCloseTo(before[0] - (0.1 * (0.095 / 0.19)) / (Math.sqrt(0.00049975 / 0.001999) + 1e-8), 14);
    expect(theta[1]).toBeCloseTo(before[1] - (0.1 * (0.021 / 0.19)) / (Math.sqrt(0.00009999 / 0.001999) + 1e-8), 14);
    resetAdam(adam);
    expect(adam.step).toBe(0);
    expect(adam.m.every((x) => x === 0) && adam.v.every((x) => x === 0)).toBe(true);
  });

  it('uses a schedule of the 1-based step number', () => {
    const lr = stepDecay(2e-3, 0.5, 1000);
    expect(lr(1)).toBe(2e-3);
    expect(lr(1000)).toBe(2e-3);
    expect(lr(1001)).toBe(1e-3);
    expect(lr(2001)).toBe(5e-4);
    const adam = createAdam(1, { learningRate: (t) => 0.5 / t });
    const theta = new Float64Array([0]);
    expect(adamUpdate(adam, theta, new Float64Array([1]))).toBe(0.5);
    expect(adamUpdate(adam, theta, new Float64Array([1]))).toBe(0.25);
  });

  it('refuses bad options and mismatched lengths with typed errors', () => {
    expect(() => createAdam(2, { learningRate: 0 })).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BAD_OPTION' }));
    expect(() => createAdam(2, { learningRate: Number.NaN })).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BAD_OPTION' }));
    expect(() => createAdam(2, { beta1: 1 })).toThrow(/beta1 must be in \[0, 1\), received 1/);
    expect(() => createAdam(2, { epsilon: -1 })).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BAD_OPTION' }));
    expect(() => stepDecay(1e-3, 2, 10)).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BAD_OPTION' }));
    const adam = createAdam(2);
    expect(() => adamUpdate(adam, new Float64Array(3), new Float64Array(3))).toThrow(expect.objectContaining({ code: 'RPERF_PINN_PARAMETER_LENGTH' }));
    const bad = createAdam(1, { learningRate: () => Number.NaN });
    expect(() => adamUpdate(bad, new Float64Array(1), new Float64Array(1))).toThrow(/returned NaN at step 1/);
  });
});

import { createRng } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { createMlpLayout, initGlorot } from './mlp';
import { createPinnPlan, pinnLoss, pinnLossAndGradient } from './pinn-loss';
import { poissonSource, sampleCollocationBatch } from './poisson';
import type { MlpLayout } from './types';

/** Central differences of the loss on every weight, h = 1e-5. */
function finiteDifferenceGradient(layout: MlpLayout, params: Float64Array, loss: (p: Float64Array) => number): Float64Array {
  const g = new Float64Array(layout.parameterCount);
  const p = Float64Array.from(params);
  const h = 1e-5;
  for (let i = 0; i < p.length; i++) {
    const o = p[i];
    p[i] = o + h;
    const lp = loss(p);
    p[i] = o - h;
    const lm = loss(p);
    p[i] = o;
    g[i] = (lp - lm) / (2 * h);
  }
  return g;
}

function setup(sizes: number[], seed: number, n: number, nb: number, boundaryWeight?: number) {
  const layout = createMlpLayout(sizes);
  const rng = createRng(seed);
  const params = initGlorot(layout, rng, new Float64Array(layout.parameterCount));
  // non-zero biases so that every weight has a gradient of its own
  for (let l = 0; l < layout.biasOffsets.length; l++) {
    for (let i = 0; i < sizes[l + 1]; i++) params[layout.biasOffsets[l] + i] = 0.2 * rng.normal();
  }
  const batch = sampleCollocationBatch(rng, n, nb);
  const plan = createPinnPlan(layout, n, nb, { boundaryWeight });
  return { layout, params, batch, plan };
}

describe('pinnLossAndGradient', () => {
  it('evaluates the loss as mean (-Δu - f)² + λ mean u_b²', () => {
    const { params, batch, plan } = setup([2, 8, 8, 1], 3, 10, 6, 7);
    const total = pinnLoss(plan, params, batch);
    const t = plan.interiorTape;
    let res = 0;
    for (let p = 0; p < 10; p++) res += (-(t.uxx[p] + t.uyy[p]) - poissonSource(batch.interior[2 * p], batch.interior[2 * p + 1])) ** 2;
    let bnd = 0;
    for (let q = 0; q < 6; q++) bnd += plan.boundaryTape.u[q] ** 2;
    expect(plan.loss.residual).toBeCloseTo(res / 10, 12);
    expect(plan.loss.boundary).toBeCloseTo(bnd / 6, 14);
    expect(total).toBeCloseTo(res / 10 + (7 * bnd) / 6, 12);
    // at a Glorot start u is small, so the loss is near mean f² = π⁴ ≈ 97 (sampled: within 60%)
    expect(total).toBeGreaterThan(0.4 * Math.PI ** 4);
    expect(total).toBeLessThan(1.6 * Math.PI ** 4);
  });

  it.each([
    ['2-32-32-32-1, residual and boundary', [2, 32, 32, 32, 1], 100],
    ['2-32-32-32-1, residual only', [2, 32, 32, 32, 1], 0],
    ['2-5-7-3-1, uneven widths', [2, 5, 7, 3, 1], 100],
    ['2-6-1, one hidden layer', [2, 6, 1], 100],
  ])('matches central finite differences on every weight (%s): relative error < 1e-5', (_name, sizes, weight) => {
    const { layout, params, batch, plan } = setup(sizes, 21, 12, 6, weight);
    const grad = new Float64Array(layout.parameterCount);
    const loss = pinnLossAndGradient(plan, params, batch, grad);
    expect(pinnLoss(plan, params, batch)).toBe(loss);
    const fd = finiteDifferenceGradient(layout, params, (p) => pinnLoss(plan, p, batch));
    let num = 0;
    let den = 0;
    let worst = 0;
    const scale = Math.max(...Array.from(grad, Math.abs));
    for (let i = 0; i < grad.length; i++) {
      num += (grad[i] - fd[i]) ** 2;
      den += grad[i] ** 2;
      // per weight, relative to the weight's own gradient (floored at 1e-3 of the largest,
      // below which the difference quotient's rounding error, ~1e-10 here, dominates)
      worst = Math.max(worst, Math.abs(grad[i] - fd[i]) / Math.max(Math.abs(grad[i]), 1e-3 * scale));
    }
    expect(Math.sqrt(num / den)).toBeLessThan(1e-7);
    expect(worst).toBeLessThan(1e-5);
    expect(scale).toBeGreaterThan(1);
  });

  it('overwrites grad (no accumulation across calls)', () => {
    const { layout, params, batch, plan } = setup([2, 8, 8, 1], 4, 8, 4);
    const g1 = new Float64Array(layout.parameterCount);
    pinnLossAndGradient(plan, params, batch, g1);
    const g2 = Float64Array.from(g1);
    pinnLossAndGradient(plan, params, batch, g2);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });

  it('refuses aliased, mis-sized and over-capacity inputs with typed errors', () => {
    const { layout, params, batch, plan } = setup([2, 8, 8, 1], 5, 8, 4);
    expect(() => pinnLossAndGradient(plan, params, batch, params)).toThrow(expect.objectContaining({ code: 'RPERF_PINN_ALIASED_OUTPUT' }));
    expect(() => pinnLossAndGradient(plan, params, batch, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'RPERF_PINN_PARAMETER_LENGTH' }));
    const other = createMlpLayout([2, 9, 8, 1]);
    const wrong = new Float64Array(other.parameterCount);
    expect(() => pinnLoss(plan, wrong, batch)).toThrow(expect.objectContaining({ code: 'RPERF_PINN_PARAMETER_LENGTH' }));
    const big = sampleCollocationBatch(createRng(1), 9, 4);
    expect(() => pinnLoss(plan, params, big)).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BATCH_SIZE' }));
    expect(() => createPinnPlan(layout, 0, 4)).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BATCH_SIZE' }));
    expect(() => createPinnPlan(layout, 4, 4, { boundaryWeight: Number.NaN })).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BAD_OPTION' }));
  });
});

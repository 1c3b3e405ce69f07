import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDARY_WEIGHT } from './defaults';
import { relativeL2Error } from './predict';
import { createPinnTrainer, setTrainerParams } from './trainer';

/**
 * NOTE: one seeded training run serves both convergence tests: 2000 steps of 256 interior and
 * 64 boundary points, Adam 2e-3 halved at step 1001 (the defaults). About 15 ms a step on
 * this machine, so ~30 s. The default seed reaches an L2 error of 2.8e-3; seeds 1, 2, 3
 * reached 7.5e-3, 4.4e-3, 5.2e-3, so the 2e-2 bound has margin for small changes.
 */
describe('training the PINN on -Δu = 2π² sin(πx) sin(πy)', () => {
  const STEPS = 2000;
  const trainer = createPinnTrainer({ interiorPoints: 256 });
  const losses = new Float64Array(STEPS);
  let trained = false;
  const train = (): void => {
    if (trained) return;
    for (let s = 0; s < STEPS; s++) losses[s] = trainer.step();
    trained = true;
  };

  it('falls at least 100x in loss within 2000 steps from the seeded start', () => {
    train();
    expect(trainer.adam.step).toBe(STEPS);
    expect(trainer.plan.boundaryWeight).toBe(DEFAULT_BOUNDARY_WEIGHT);
    // the first loss is at the Glorot start: ≈ mean f² = π⁴ ≈ 97
    expect(losses[0]).toBeGreaterThan(50);
    expect(losses[0] / losses[STEPS - 1]).toBeGreaterThan(100);
  });

  it('approximates sin(πx) sin(πy) to a relative L2 error below 2e-2', () => {
    train();
    const err = relativeL2Error(trainer.layout, trainer.params);
    expect(err).toBeLessThan(2e-2);
    // and it was not already close at the start
    expect(relativeL2Error(trainer.layout, trainer.initialParams)).toBeGreaterThan(0.5);
  });
});

describe('createPinnTrainer', () => {
  it('is deterministic for a seed, changes the weights in a step, and resets', () => {
    const a = createPinnTrainer({ interiorPoints: 32, seed: 9 });
    const b = createPinnTrainer({ interiorPoints: 32, seed: 9 });
    expect(b.batch.boundaryCount).toBe(8);
    const la = [a.step(), a.step(), a.step()];
    const lb = [b.step(), b.step(), b.step()];
    expect(lb).toEqual(la);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
    let changed = 0;
    for (let i = 0; i < a.params.length; i++) if (a.params[i] !== a.initialParams[i]) changed++;
    expect(changed).toBeGreaterThan(0.9 * a.params.length);
    a.reset();
    expect(Array.from(a.params)).toEqual(Array.from(a.initialParams));
    expect(a.step()).toBe(la[0]);
  });

  it('refuses bad batch sizes, layer sizes and NaN weights with typed errors', () => {
    expect(() => createPinnTrainer({ interiorPoints: 0 })).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BATCH_SIZE' }));
    expect(() => createPinnTrainer({ interiorPoints: -4 })).toThrow(/received -4/);
    expect(() => createPinnTrainer({ interiorPoints: 8, boundaryPoints: 0 })).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BATCH_SIZE' }));
    expect(() => createPinnTrainer({ interiorPoints: 8, layerSizes: [3, 8, 1] })).toThrow(expect.objectContaining({ code: 'RPERF_PINN_LAYER_SIZES' }));
    expect(() => createPinnTrainer({ interiorPoints: 8, seed: Number.NaN })).toThrow(expect.objectContaining({ code: 'RPERF_PINN_NON_FINITE' }));
    const t = createPinnTrainer({ interiorPoints: 8, layerSizes: [2, 4, 1] });
    expect(() => setTrainerParams(t, new Float64Array(t.layout.parameterCount).fill(Number.NaN))).toThrow(expect.objectContaining({ code: 'RPERF_PINN_NON_FINITE' }));
    expect(() => setTrainerParams(t, new Float64Array(5))).toThrow(expect.objectContaining({ code: 'RPERF_PINN_PARAMETER_LENGTH' }));
    t.params.fill(Number.NaN);
    expect(() => t.step()).toThrow(expect.objectContaining({ code: 'RPERF_PINN_DIVERGED' }));
  });
});

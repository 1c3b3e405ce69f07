/**
 * The PINN training step: residual, loss, gradient by reverse mode, Adam update, on a
 * batch of collocation points, with every buffer planned once.
 */
import { createRng } from '@rhenium-perf/fixtures';
import { adamUpdate, createAdam, resetAdam, type AdamState } from './adam';
import { DEFAULT_BOUNDARY_FRACTION, DEFAULT_LAYER_SIZES, DEFAULT_SEED } from './defaults';
import { PinnError } from './errors';
import { checkParameterLength, createMlpLayout, initGlorot } from './mlp';
import { createPinnPlan, pinnLossAndGradient, type PinnPlan } from './pinn-loss';
import { checkCount, checkFinite, sampleCollocationBatch } from './poisson';
import { defaultLearningRate } from './schedule';
import type { CollocationBatch, MlpLayout, PinnTrainerOptions } from './types';

/** A network, its optimiser and its batch: call `step()` to train. */
export interface PinnTrainer {
  readonly layout: MlpLayout;
  readonly plan: PinnPlan;
  /** The current weights (updated in place by `step`). */
  readonly params: Float64Array;
  /** The seeded initial weights (`reset` returns to them). */
  readonly initialParams: Float64Array;
  /** The gradient of the last step. */
  readonly grad: Float64Array;
  readonly adam: AdamState;
  /** The batch `step` trains on. */
  readonly batch: CollocationBatch;
  /**
   * One training step: loss and gradient at the current weights on the batch, then an Adam
   * update. Returns the loss before the update (the parts are in `plan.loss`). Throws
   * `RPERF_PINN_DIVERGED` when the loss is not finite.
   */
  step(): number;
  /** Train on another batch (same or smaller counts than the plan). */
  setBatch(batch: CollocationBatch): void;
  /** Back to the initial weights with fresh Adam moments and step count. */
  reset(): void;
}

/**
 * Create a seeded trainer: Glorot weights then the collocation batch, both drawn from
 * `createRng(seed)` in that order.
 * @example
 * const t = createPinnTrainer({ interiorPoints: 1024 });
 * const loss0 = t.step(); // ≈ 97, then falling
 */
export function createPinnTrainer(options: PinnTrainerOptions): PinnTrainer {
  const interiorPoints = options.interiorPoints;
  checkCount(interiorPoints, 'interiorPoints (the batch size)');
  const boundaryPoints = options.boundaryPoints ?? Math.ceil(DEFAULT_BOUNDARY_FRACTION * interiorPoints);
  checkCount(boundaryPoints, 'boundaryPoints');
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(seed)) throw new PinnError('RPERF_PINN_NON_FINITE', `seed must be a finite number, received ${seed}`);
  const layout = createMlpLayout(options.layerSizes ?? DEFAULT_LAYER_SIZES);
  const plan = createPinnPlan(layout, interiorPoints, boundaryPoints, { boundaryWeight: options.boundaryWeight });
  const rng = createRng(seed);
  const initialParams = initGlorot(layout, rng, new Float64Array(layout.parameterCount));
  const params = Float64Array.from(initialParams);
  const grad = new Float64Array(layout.parameterCount);
  const adam = createAdam(layout.parameterCount, { ...options, learningRate: options.learningRate ?? defaultLearningRate() });
  let batch = sampleCollocationBatch(rng, interiorPoints, boundaryPoints);
  const trainer: PinnTrainer = {
    layout,
    plan,
    params,
    initialParams,
    grad,
    adam,
    get batch() {
      return batch;
    },
    step() {
      const loss = pinnLossAndGradient(plan, params, batch, grad);
      if (!Number.isFinite(loss)) {
        throw new PinnError(
          'RPERF_PINN_DIVERGED',
          `step ${adam.step + 1}: the loss is ${loss}; lower the learning rate or check the weights for NaN`,
        );
      }
      adamUpdate(adam, params, grad);
      return loss;
    },
    setBatch(b) {
      if (b.interiorCount > plan.interiorCapacity || b.boundaryCount > plan.boundaryCapacity) {
        throw new PinnError(
          'RPERF_PINN_BATCH_SIZE',
          `setBatch: ${b.interiorCount} interior / ${b.boundaryCount} boundary points exceed the planned ${plan.interiorCapacity} / ${plan.boundaryCapacity}`,
        );
      }
      batch = b;
    },
    reset() {
      params.set(initialParams);
      resetAdam(adam);
    },
  };
  return trainer;
}

/**
 * Load weights into a trainer (e.g. saved ones), checking length and finiteness.
 * @example setTrainerParams(t, saved)
 */
export function setTrainerParams(trainer: PinnTrainer, params: Float64Array): void {
  checkParameterLength(trainer.layout, params, 'params');
  checkFinite(params, 'params');
  trainer.params.set(params);
}

/**
 * PINN step cases: one physics-informed training step (derivative-augmented forward pass,
 * residual, loss, reverse-mode gradient, Adam update) of the 2-32-32-32-1 tanh network on
 * the 2D Poisson problem, with 1024 and 4096 interior collocation points (plus a quarter as
 * many boundary points).
 *
 * Throughput: one item = one interior collocation point (`itemsPerRun` = points): its input is
 * the point's 2 coordinates (`inputShape` [2]) and its output the network's one value
 * (`outputShape` [1]); output voxels are counted, so a point counts as one voxel and
 * items/s = voxels/s = collocation points per second.
 * The boundary points are part of the step but not counted (they cost ~1/5 of an interior
 * point each).
 */
import { expectQuality, quality, sweep } from '@rhenium-perf/harness';
import {
  createPinnTrainer,
  DEFAULT_BOUNDARY_FRACTION,
  DEFAULT_BOUNDARY_WEIGHT,
  DEFAULT_LAYER_SIZES,
  DEFAULT_LEARNING_RATE,
  DEFAULT_SEED,
  type PinnTrainer,
} from '../src/index';

/** Steps from the seeded start that verify takes to show that training makes progress. */
const VERIFY_STEPS = 10;

interface State {
  trainer: PinnTrainer;
}

export default sweep({ points: [1024, 4096] }, (p) => ({
  id: `pinn_step_poisson2d_n${p.points}`,
  category: 'pinn_step',
  task: 'poisson2d_adam_step',
  modality: null,
  // One item = one interior collocation point; output voxels counted (one value per point).
  inputShape: [2],
  outputShape: [1],
  voxelsCounted: 'output',
  dtype: 'float64',
  itemsPerRun: p.points,
  tags: p.points === 1024 ? ['smoke', 'full'] : ['full'],
  setup: (ctx): State => {
    const trainer = createPinnTrainer({ interiorPoints: p.points });
    ctx.record('layer_sizes', [...DEFAULT_LAYER_SIZES]);
    ctx.record('parameter_count', trainer.layout.parameterCount);
    ctx.record('interior_points', trainer.batch.interiorCount);
    ctx.record('boundary_points', trainer.batch.boundaryCount);
    ctx.record('boundary_fraction', DEFAULT_BOUNDARY_FRACTION);
    ctx.record('boundary_weight', DEFAULT_BOUNDARY_WEIGHT);
    ctx.record('learning_rate', DEFAULT_LEARNING_RATE);
    ctx.record('seed', DEFAULT_SEED);
    return { trainer };
  },
  // NOTE: training goes on across warm-up and measured runs (each run is the next step);
  // the work per step does not depend on the weights, only on the sizes.
  run: ({ trainer }) => trainer.step(),
  verify: ({ trainer }, loss, ctx) => {
    if (!Number.isFinite(loss)) throw new Error(`the step returned a non-finite loss: ${loss}`);
    const changedByRuns = countChanged(trainer.params, trainer.initialParams);
    if (changedByRuns === 0) throw new Error(`${trainer.adam.step} steps did not change any weight`);
    // From the same seeded start: the first step must change the weights, and the loss
    // must fall within a few steps.
    trainer.reset();
    const history = [trainer.step()];
    const changedByOne = countChanged(trainer.params, trainer.initialParams);
    for (let s = 1; s < VERIFY_STEPS; s++) history.push(trainer.step());
    const lossAfter = trainer.step();
    history.push(lossAfter);
    ctx.record('verify_loss_history', history);
    return {
      loss: quality(lossAfter, '', false),
      loss_initial: quality(history[0], '', false),
      loss_ratio: expectQuality(`loss after ${VERIFY_STEPS} steps / initial loss`, lossAfter / history[0], { max: 0.99 }),
      weights_changed_by_one_step: expectQuality('fraction of weights changed by one step', changedByOne / trainer.params.length, { min: 0.5 }),
    };
  },
}));

function countChanged(a: Float64Array, b: Float64Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

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
import { expectQuality, quality, runFixtureJson, sweep } from '@rhenium-perf/harness';
import {
  createPinnTrainer,
  DEFAULT_BOUNDARY_FRACTION,
  DEFAULT_BOUNDARY_WEIGHT,
  DEFAULT_LAYER_SIZES,
  DEFAULT_LEARNING_RATE,
  DEFAULT_SEED,
  type PinnTrainer,
} from '../src/index';

/** Steps from the seeded start after which the loss must have fallen (training makes progress). */
const VERIFY_STEPS = 10;

interface State {
  trainer: PinnTrainer;
  /** The losses of the first VERIFY_STEPS + 1 steps from the seeded start (the runs' own, then verify's). */
  losses: Float64Array;
  /** Steps taken since the seeded start. */
  steps: number;
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
    return { trainer, losses: new Float64Array(VERIFY_STEPS + 1), steps: 0 };
  },
  // NOTE: training goes on across warm-up and measured runs (each run is the next step from
  // the seeded start); the work per step does not depend on the weights, only on the sizes.
  // The first VERIFY_STEPS + 1 runs' losses are kept for verify (a compare and a store per step).
  run: (s) => {
    const loss = s.trainer.step();
    if (s.steps <= VERIFY_STEPS) s.losses[s.steps] = loss;
    s.steps++;
    return loss;
  },
  verify: async (s, loss, ctx) => {
    const { trainer } = s;
    if (!Number.isFinite(loss)) throw new Error(`the step returned a non-finite loss: ${loss}`);
    const changedByRuns = countChanged(trainer.params, trainer.initialParams);
    if (changedByRuns === 0) throw new Error(`${trainer.adam.step} steps did not change any weight`);
    // The loss must fall within VERIFY_STEPS steps of the seeded start. Training is
    // deterministic, so the timed runs were those steps: their losses are the history.
    if (trainer.adam.step !== s.steps) throw new Error(`the trainer took ${trainer.adam.step} steps, the runs ${s.steps}`);
    const fromRuns = Math.min(s.steps, VERIFY_STEPS + 1);
    // The first process of a run steps on where its runs stopped short of VERIFY_STEPS + 1
    // losses and re-checks the first step from the seeded start; the history is shared with
    // the run's later processes (a run fixture), whose own runs' losses must equal its start.
    let made = false;
    const key = `pinn-step:verify-history:${JSON.stringify({ points: p.points, layers: DEFAULT_LAYER_SIZES, seed: DEFAULT_SEED, lr: DEFAULT_LEARNING_RATE, bf: DEFAULT_BOUNDARY_FRACTION, bw: DEFAULT_BOUNDARY_WEIGHT, steps: VERIFY_STEPS })}`;
    const ref = await runFixtureJson(key, () => {
      made = true;
      for (let k = s.steps; k <= VERIFY_STEPS; k++) s.losses[k] = trainer.step();
      const history = Array.from(s.losses);
      // From the seeded start again: the first step must change the weights, and give the
      // first run's loss again (the same deterministic step).
      trainer.reset();
      const first = trainer.step();
      if (first !== history[0]) throw new Error(`the first step from the seeded start gave loss ${first}, the first run ${history[0]}`);
      return { history, changedByOne: countChanged(trainer.params, trainer.initialParams) };
    });
    for (let k = 0; k < fromRuns; k++) {
      if (ref.history[k] !== s.losses[k]) throw new Error(`step ${k + 1} gave loss ${s.losses[k]}, another process of this run ${ref.history[k]} (training is not deterministic)`);
    }
    const history = ref.history;
    const lossAfter = history[VERIFY_STEPS]!;
    const changedByOne = ref.changedByOne;
    ctx.record('verify_loss_history', history);
    ctx.record('verify_losses_from_runs', fromRuns);
    ctx.record('verify_history_shared', !made);
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

/**
 * Learning-rate schedules for Adam.
 */
import { DEFAULT_LEARNING_RATE, DEFAULT_LR_DECAY_FACTOR, DEFAULT_LR_DECAY_STEPS } from './defaults';
import { PinnError } from './errors';

/**
 * Step decay: `initial * factor^floor((step - 1) / every)` for the 1-based step number.
 * @example stepDecay(2e-3, 0.5, 1000)(1001) // 1e-3
 */
export function stepDecay(initial: number, factor: number, every: number): (step: number) => number {
  if (!(Number.isFinite(initial) && initial > 0)) throw new PinnError('RPERF_PINN_BAD_OPTION', `stepDecay: initial learning rate must be > 0, received ${initial}`);
  if (!(factor > 0 && factor <= 1)) throw new PinnError('RPERF_PINN_BAD_OPTION', `stepDecay: factor must be in (0, 1], received ${factor}`);
  if (!(Number.isInteger(every) && every >= 1)) throw new PinnError('RPERF_PINN_BAD_OPTION', `stepDecay: every must be a positive integer, received ${every}`);
  return (step) => initial * Math.pow(factor, Math.floor((step - 1) / every));
}

/** The trainer's default schedule: 2e-3, halved every 1000 steps. */
export function defaultLearningRate(): (step: number) => number {
  return stepDecay(DEFAULT_LEARNING_RATE, DEFAULT_LR_DECAY_FACTOR, DEFAULT_LR_DECAY_STEPS);
}

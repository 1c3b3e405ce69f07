/**
 * Adam (Kingma & Ba, 2015) on a flat parameter vector, with bias correction:
 *
 *   m ← β1 m + (1 - β1) g,   v ← β2 v + (1 - β2) g²,
 *   θ ← θ - α_t · (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)
 */
import { DEFAULT_ADAM_BETA1, DEFAULT_ADAM_BETA2, DEFAULT_ADAM_EPSILON, DEFAULT_LEARNING_RATE } from './defaults';
import { PinnError } from './errors';
import type { AdamOptions, LearningRate } from './types';

/** Adam's moments and step counter for one parameter vector. */
export interface AdamState {
  readonly size: number;
  readonly m: Float64Array;
  readonly v: Float64Array;
  /** Updates taken so far (t of the last update). */
  step: number;
  readonly learningRate: LearningRate;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * Create Adam's state for `size` parameters (moments at zero, step 0).
 * @example const adam = createAdam(2241, { learningRate: 1e-3 });
 */
export function createAdam(size: number, options: AdamOptions = {}): AdamState {
  const learningRate = options.learningRate ?? DEFAULT_LEARNING_RATE;
  const beta1 = options.beta1 ?? DEFAULT_ADAM_BETA1;
  const beta2 = options.beta2 ?? DEFAULT_ADAM_BETA2;
  const epsilon = options.epsilon ?? DEFAULT_ADAM_EPSILON;
  if (typeof learningRate === 'number' && !(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new PinnError('RPERF_PINN_BAD_OPTION', `learningRate must be a finite number > 0 or a schedule function, received ${learningRate}`);
  }
  if (typeof learningRate !== 'number' && typeof learningRate !== 'function') {
    throw new PinnError('RPERF_PINN_BAD_OPTION', `learningRate must be a number or a function of the step, received ${String(learningRate)}`);
  }
  for (const [name, b] of [['beta1', beta1], ['beta2', beta2]] as const) {
    if (!(b >= 0 && b < 1)) throw new PinnError('RPERF_PINN_BAD_OPTION', `${name} must be in [0, 1), received ${b}`);
  }
  if (!(Number.isFinite(epsilon) && epsilon > 0)) throw new PinnError('RPERF_PINN_BAD_OPTION', `epsilon must be a finite number > 0, received ${epsilon}`);
  return { size, m: new Float64Array(size), v: new Float64Array(size), step: 0, learningRate, beta1, beta2, epsilon };
}

/** Forget the moments and the step count (start over from the current parameters). */
export function resetAdam(state: AdamState): void {
  state.m.fill(0);
  state.v.fill(0);
  state.step = 0;
}

/**
 * One Adam update of `params` in place from `grad`. Returns the learning rate used.
 * @example adamUpdate(adam, params, grad) // 0.001
 */
export function adamUpdate(state: AdamState, params: Float64Array, grad: Float64Array): number {
  if (params.length !== state.size || grad.length !== state.size) {
    throw new PinnError(
      'RPERF_PINN_PARAMETER_LENGTH',
      `adamUpdate: params (${params.length}) and grad (${grad.length}) must both have the optimiser's size ${state.size}`,
    );
  }
  const t = ++state.step;
  const lr = typeof state.learningRate === 'number' ? state.learningRate : state.learningRate(t);
  if (!(Number.isFinite(lr) && lr > 0)) {
    throw new PinnError('RPERF_PINN_BAD_OPTION', `the learning-rate schedule returned ${lr} at step ${t}; it must return a finite number > 0`);
  }
  const { m, v, beta1: b1, beta2: b2, epsilon: eps } = state;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  const bc1 = 1 - Math.pow(b1, t);
  const bc2 = 1 - Math.pow(b2, t);
  const stepSize = lr / bc1;
  const invSqrtBc2 = 1 / Math.sqrt(bc2);
  for (let i = 0; i < params.length; i++) {
    const g = grad[i];
    const mi = b1 * m[i] + c1 * g;
    const vi = b2 * v[i] + c2 * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] -= (stepSize * mi) / (Math.sqrt(vi) * invSqrtBc2 + eps);
  }
  return lr;
}

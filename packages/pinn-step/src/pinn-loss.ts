/**
 * The physics-informed loss of the Poisson problem and its gradient with respect to every
 * weight:
 *
 *   L(θ) = (1/N) Σ_p (-Δu_θ(p) - f(p))²  +  λ (1/N_b) Σ_q u_θ(q)²
 *
 * over N interior collocation points p and N_b boundary points q. Δu_θ comes from the
 * derivative-augmented forward mode (exact, see `pinn-loss.md`); ∂L/∂θ from the reverse
 * mode through it. Buffers are planned once in a `PinnPlan`.
 */
import { DEFAULT_BOUNDARY_WEIGHT } from './defaults';
import { createDerivativeTape, derivativeBackward, derivativeForward, type DerivativeTape } from './derivative-pass';
import { PinnError } from './errors';
import { checkParameterLength } from './mlp';
import { checkCount } from './poisson';
import type { CollocationBatch, MlpLayout, PinnLossParts } from './types';
import { createValueTape, valueBackward, valueForward, type ValueTape } from './value-pass';

/** Everything one loss-and-gradient evaluation needs, allocated once. */
export interface PinnPlan {
  readonly layout: MlpLayout;
  readonly interiorCapacity: number;
  readonly boundaryCapacity: number;
  /** λ, the weight of the boundary term. */
  readonly boundaryWeight: number;
  readonly interiorTape: DerivativeTape;
  readonly boundaryTape: ValueTape;
  /** -Δu - f at each interior point of the last evaluation. */
  readonly residual: Float64Array;
  /** ∂L/∂(Δu) per interior point and ∂L/∂u per boundary point (reverse-mode seeds). */
  readonly lapBar: Float64Array;
  readonly uBar: Float64Array;
  /** Parts of the last evaluated loss (updated in place). */
  readonly loss: PinnLossParts;
}

/**
 * Plan the loss for batches of up to `interiorCapacity` interior and `boundaryCapacity`
 * boundary points.
 * @example const plan = createPinnPlan(createMlpLayout([2, 32, 32, 32, 1]), 1024, 256);
 */
export function createPinnPlan(
  layout: MlpLayout,
  interiorCapacity: number,
  boundaryCapacity: number,
  options: { boundaryWeight?: number } = {},
): PinnPlan {
  checkCount(interiorCapacity, 'interior point capacity');
  checkCount(boundaryCapacity, 'boundary point capacity');
  const boundaryWeight = options.boundaryWeight ?? DEFAULT_BOUNDARY_WEIGHT;
  if (!Number.isFinite(boundaryWeight) || boundaryWeight < 0) {
    throw new PinnError('RPERF_PINN_BAD_OPTION', `boundaryWeight must be a finite number >= 0, received ${boundaryWeight}`);
  }
  return Object.freeze({
    layout,
    interiorCapacity,
    boundaryCapacity,
    boundaryWeight,
    interiorTape: createDerivativeTape(layout, interiorCapacity),
    boundaryTape: createValueTape(layout, boundaryCapacity),
    residual: new Float64Array(interiorCapacity),
    lapBar: new Float64Array(interiorCapacity),
    uBar: new Float64Array(boundaryCapacity),
    loss: { total: Number.NaN, residual: Number.NaN, boundary: Number.NaN },
  });
}

/**
 * The loss at `params` on `batch` (forward passes only). Returns the total; the parts are
 * in `plan.loss`.
 * @example pinnLoss(plan, params, batch) // ≈ 97 at a Glorot start (mean f² = π⁴)
 */
export function pinnLoss(plan: PinnPlan, params: Float64Array, batch: CollocationBatch): number {
  checkInputs(plan, params, batch);
  return forwardLoss(plan, params, batch);
}

/**
 * The loss at `params` on `batch` and its gradient, written into `grad` (overwritten).
 * Returns the total loss; the parts are in `plan.loss`.
 * @example const loss = pinnLossAndGradient(plan, params, batch, grad);
 */
export function pinnLossAndGradient(plan: PinnPlan, params: Float64Array, batch: CollocationBatch, grad: Float64Array): number {
  checkInputs(plan, params, batch);
  checkParameterLength(plan.layout, grad, 'grad');
  if (grad === params) throw new PinnError('RPERF_PINN_ALIASED_OUTPUT', 'pinnLossAndGradient: grad must not be the params array; pass a separate Float64Array');
  const total = forwardLoss(plan, params, batch);
  const n = batch.interiorCount;
  const nb = batch.boundaryCount;
  // ∂/∂(Δu_p) of (1/N)(-Δu_p - f_p)² = -(2/N) r_p.
  const lapBar = plan.lapBar;
  const r = plan.residual;
  const cInterior = -2 / n;
  for (let p = 0; p < n; p++) lapBar[p] = cInterior * r[p];
  // ∂/∂u_q of (λ/N_b) u_q² = (2λ/N_b) u_q.
  const uBar = plan.uBar;
  const u = plan.boundaryTape.u;
  const cBoundary = (2 * plan.boundaryWeight) / nb;
  for (let q = 0; q < nb; q++) uBar[q] = cBoundary * u[q];
  grad.fill(0);
  derivativeBackward(plan.layout, params, batch.interior, n, plan.interiorTape, lapBar, grad);
  valueBackward(plan.layout, params, batch.boundary, nb, plan.boundaryTape, uBar, grad);
  return total;
}

function forwardLoss(plan: PinnPlan, params: Float64Array, batch: CollocationBatch): number {
  const n = batch.interiorCount;
  const nb = batch.boundaryCount;
  const tape = plan.interiorTape;
  derivativeForward(plan.layout, params, batch.interior, n, tape);
  const r = plan.residual;
  const f = batch.source;
  const uxx = tape.uxx;
  const uyy = tape.uyy;
  let sum = 0;
  for (let p = 0; p < n; p++) {
    const rp = -(uxx[p] + uyy[p]) - f[p];
    r[p] = rp;
    sum += rp * rp;
  }
  valueForward(plan.layout, params, batch.boundary, nb, plan.boundaryTape);
  const ub = plan.boundaryTape.u;
  let sumB = 0;
  for (let q = 0; q < nb; q++) sumB += ub[q] * ub[q];
  const loss = plan.loss;
  loss.residual = sum / n;
  loss.boundary = sumB / nb;
  loss.total = loss.residual + plan.boundaryWeight * loss.boundary;
  return loss.total;
}

function checkInputs(plan: PinnPlan, params: Float64Array, batch: CollocationBatch): void {
  checkParameterLength(plan.layout, params, 'params');
  if (batch.interiorCount > plan.interiorCapacity || batch.boundaryCount > plan.boundaryCapacity) {
    throw new PinnError(
      'RPERF_PINN_BATCH_SIZE',
      `the batch has ${batch.interiorCount} interior and ${batch.boundaryCount} boundary points but the plan holds at most ` +
        `${plan.interiorCapacity} and ${plan.boundaryCapacity}; plan with createPinnPlan(layout, ${batch.interiorCount}, ${batch.boundaryCount})`,
    );
  }
}

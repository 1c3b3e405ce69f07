/**
 * Evaluating a trained network: u at given points, and its relative L2 error against the
 * exact solution on a regular grid of the closed unit square.
 */
import { DEFAULT_EVAL_GRID_POINTS } from './defaults';
import { PinnError } from './errors';
import { checkParameterLength } from './mlp';
import { checkFinite, poissonExact } from './poisson';
import type { MlpLayout } from './types';
import { createValueTape, valueForward } from './value-pass';

/**
 * u_θ at `xy.length / 2` points (interleaved x, y), written into `out` and returned.
 * @example predict(layout, params, new Float64Array([0.5, 0.5]), new Float64Array(1)) // ≈ [1] after training
 */
export function predict(layout: MlpLayout, params: Float64Array, xy: Float64Array, out: Float64Array): Float64Array {
  checkParameterLength(layout, params, 'params');
  if (xy.length % 2 !== 0 || out.length !== xy.length / 2) {
    throw new PinnError('RPERF_PINN_BATCH_SIZE', `predict: xy must hold (x, y) pairs and out one value per pair; received xy length ${xy.length}, out length ${out.length}`);
  }
  checkFinite(xy, 'points');
  const n = out.length;
  if (n === 0) return out;
  const tape = createValueTape(layout, n);
  valueForward(layout, params, xy, n, tape);
  out.set(tape.u);
  return out;
}

/**
 * ||u_θ - u*||₂ / ||u*||₂ over a `gridPoints` x `gridPoints` grid on [0, 1]² (boundary
 * included), u* = sin(πx) sin(πy).
 * @example relativeL2Error(layout, params) // < 2e-2 after training
 */
export function relativeL2Error(layout: MlpLayout, params: Float64Array, gridPoints: number = DEFAULT_EVAL_GRID_POINTS): number {
  if (!Number.isInteger(gridPoints) || gridPoints < 2) {
    throw new PinnError('RPERF_PINN_BAD_OPTION', `gridPoints must be an integer >= 2, received ${gridPoints}`);
  }
  const n = gridPoints * gridPoints;
  const xy = new Float64Array(2 * n);
  for (let j = 0; j < gridPoints; j++) {
    for (let i = 0; i < gridPoints; i++) {
      xy[2 * (j * gridPoints + i)] = i / (gridPoints - 1);
      xy[2 * (j * gridPoints + i) + 1] = j / (gridPoints - 1);
    }
  }
  const u = predict(layout, params, xy, new Float64Array(n));
  let num = 0;
  let den = 0;
  for (let p = 0; p < n; p++) {
    const e = poissonExact(xy[2 * p], xy[2 * p + 1]);
    num += (u[p] - e) * (u[p] - e);
    den += e * e;
  }
  return Math.sqrt(num / den);
}

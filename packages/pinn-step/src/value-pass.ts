/**
 * The value-only pass of the MLP over a batch of points: u(x, y) forward, and the reverse
 * mode from ∂L/∂u back to the weights. Used for the boundary term of the loss (which needs
 * no input derivatives) and for prediction. Batch-major flat arrays, planned once in a
 * `ValueTape`.
 */
import { PinnError } from './errors';
import type { MlpLayout } from './types';

/** Planned storage of the value-only pass for up to `capacity` points. */
export interface ValueTape {
  readonly capacity: number;
  /** Activations tanh(z) per hidden layer, `capacity * width`. */
  readonly s: readonly Float64Array[];
  /** The output u per point. */
  readonly u: Float64Array;
  /** Two (ping-pong) adjoint buffers of `capacity * maxWidth`. */
  readonly adjoint: readonly Float64Array[];
}

/**
 * Plan the value-only pass for `capacity` points.
 * @example createValueTape(createMlpLayout([2, 32, 32, 32, 1]), 256).u.length // 256
 */
export function createValueTape(layout: MlpLayout, capacity: number): ValueTape {
  return Object.freeze({
    capacity,
    s: layout.layerSizes.slice(1, -1).map((w) => new Float64Array(capacity * w)),
    u: new Float64Array(capacity),
    adjoint: [new Float64Array(capacity * layout.maxWidth), new Float64Array(capacity * layout.maxWidth)],
  });
}

/**
 * u at `n` points (interleaved x, y), written into `tape.u` (and the activations into the tape).
 * @example valueForward(layout, params, new Float64Array([0.5, 0.5]), 1, tape); tape.u[0]
 */
export function valueForward(layout: MlpLayout, params: Float64Array, xy: Float64Array, n: number, tape: ValueTape): void {
  const sizes = layout.layerSizes;
  const hiddenCount = sizes.length - 2;
  {
    const width = sizes[1];
    const w = layout.weightOffsets[0];
    const b = layout.biasOffsets[0];
    const S = tape.s[0];
    for (let p = 0; p < n; p++) {
      const x = xy[2 * p];
      const y = xy[2 * p + 1];
      for (let o = 0; o < width; o++) S[p * width + o] = Math.tanh(params[w + 2 * o] * x + params[w + 2 * o + 1] * y + params[b + o]);
    }
  }
  for (let h = 1; h < hiddenCount; h++) {
    const m = sizes[h];
    const width = sizes[h + 1];
    const w = layout.weightOffsets[h];
    const b = layout.biasOffsets[h];
    const A = tape.s[h - 1];
    const S = tape.s[h];
    for (let p = 0; p < n; p++) {
      const ib = p * m;
      for (let o = 0; o < width; o++) {
        const row = w + o * m;
        let z = params[b + o];
        for (let k = 0; k < m; k++) z += params[row + k] * A[ib + k];
        S[p * width + o] = Math.tanh(z);
      }
    }
  }
  {
    const m = sizes[hiddenCount];
    const w = layout.weightOffsets[hiddenCount];
    const bias = params[layout.biasOffsets[hiddenCount]];
    const A = tape.s[hiddenCount - 1];
    const U = tape.u;
    for (let p = 0; p < n; p++) {
      let u = bias;
      for (let k = 0; k < m; k++) u += params[w + k] * A[p * m + k];
      U[p] = u;
    }
  }
}

/**
 * Reverse mode of the value pass: given `uBar[p]` = ∂L/∂u(p), ADD ∂L/∂θ to `grad`.
 * Requires `valueForward` on the same params, points and tape just before.
 * @example valueBackward(layout, params, xy, n, tape, uBar, grad)
 */
export function valueBackward(
  layout: MlpLayout,
  params: Float64Array,
  xy: Float64Array,
  n: number,
  tape: ValueTape,
  uBar: Float64Array,
  grad: Float64Array,
): void {
  if (grad === params) throw new PinnError('RPERF_PINN_ALIASED_OUTPUT', 'valueBackward: grad must not be the params array; pass a separate Float64Array');
  const sizes = layout.layerSizes;
  const hiddenCount = sizes.length - 2;
  let cur = tape.adjoint[0];
  let next = tape.adjoint[1];
  {
    const m = sizes[hiddenCount];
    const w = layout.weightOffsets[hiddenCount];
    const bOut = layout.biasOffsets[hiddenCount];
    const A = tape.s[hiddenCount - 1];
    for (let p = 0; p < n; p++) {
      const g = uBar[p];
      grad[bOut] += g;
      for (let k = 0; k < m; k++) {
        grad[w + k] += g * A[p * m + k];
        cur[p * m + k] = params[w + k] * g;
      }
    }
  }
  for (let h = hiddenCount - 1; h >= 0; h--) {
    const width = sizes[h + 1];
    const m = sizes[h];
    const w = layout.weightOffsets[h];
    const b = layout.biasOffsets[h];
    const S = tape.s[h];
    // tanh backward in place: zbar = hbar * (1 - s^2).
    for (let i = 0; i < n * width; i++) cur[i] *= 1 - S[i] * S[i];
    if (h === 0) {
      for (let p = 0; p < n; p++) {
        const x = xy[2 * p];
        const y = xy[2 * p + 1];
        for (let o = 0; o < width; o++) {
          const zb = cur[p * width + o];
          grad[w + 2 * o] += zb * x;
          grad[w + 2 * o + 1] += zb * y;
          grad[b + o] += zb;
        }
      }
      break;
    }
    const A = tape.s[h - 1];
    next.fill(0, 0, n * m);
    for (let p = 0; p < n; p++) {
      const ib = p * m;
      for (let o = 0; o < width; o++) {
        const zb = cur[p * width + o];
        grad[b + o] += zb;
        const row = w + o * m;
        for (let k = 0; k < m; k++) {
          grad[row + k] += zb * A[ib + k];
          next[ib + k] += params[row + k] * zb;
        }
      }
    }
    const t = cur;
    cur = next;
    next = t;
  }
}

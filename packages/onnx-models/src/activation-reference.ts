/**
 * Pointwise activations and the softmax in TypeScript: the references of onnxruntime's Relu,
 * LeakyRelu, PRelu, Sigmoid, Tanh and Softmax (float64, from the definitions):
 *
 *   Relu(x) = max(0, x)              LeakyRelu(x) = x if x >= 0 else alpha x
 *   PRelu(x)[c] = x if x >= 0 else slope[c] x  (one slope per channel, ONNX broadcasting of [C, 1, ...])
 *   Sigmoid(x) = 1 / (1 + e^-x)      Tanh(x) = (e^x - e^-x) / (e^x + e^-x)
 *   Softmax(x)_i = e^(x_i - m) / sum_j e^(x_j - m),  m = max_j x_j, over one axis (opset 13+)
 */
import type { FloatArray } from './conv-reference';

/** A pointwise activation by its ONNX name. */
export type PointwiseActivation = 'Relu' | 'Sigmoid' | 'Tanh' | 'LeakyRelu';

/**
 * Apply a pointwise activation into `out` (may be `x`), returned.
 * @example activationReference('LeakyRelu', new Float64Array([-2, 3]), new Float64Array(2), 0.1) // [-0.2, 3]
 */
export function activationReference<T extends FloatArray>(kind: PointwiseActivation, x: FloatArray, out: T, alpha = 0.01): T {
  const n = x.length;
  if (out.length !== n) throw new RangeError(`activationReference: out has ${out.length} elements, x has ${n}`);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = kind === 'Relu' ? (v > 0 ? v : 0) : kind === 'LeakyRelu' ? (v >= 0 ? v : alpha * v) : kind === 'Sigmoid' ? 1 / (1 + Math.exp(-v)) : Math.tanh(v);
  }
  return out;
}

/**
 * PRelu with one slope per channel: x is [N, C, spatial...] flattened, `inner` values per channel.
 * @example preluReference(new Float64Array([-1, 1, -1, 1]), new Float32Array([0.5, 2]), 2, 2, new Float64Array(4)) // [-0.5, 1, -2, 1]
 */
export function preluReference<T extends FloatArray>(x: FloatArray, slope: FloatArray, channels: number, inner: number, out: T): T {
  if (x.length % (channels * inner) !== 0 || slope.length !== channels) {
    throw new RangeError(`preluReference: ${x.length} values are not a whole number of [${channels}, ${inner}] items, or ${slope.length} slopes for ${channels} channels`);
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v >= 0 ? v : slope[Math.floor(i / inner) % channels]! * v;
  }
  return out;
}

/**
 * Softmax over the middle axis of x viewed as [outer, axis, inner] into `out`, returned.
 * @example softmaxReference(new Float64Array([0, Math.log(3)]), 1, 2, 1, new Float64Array(2)) // [0.25, 0.75]
 */
export function softmaxReference<T extends FloatArray>(x: FloatArray, outer: number, axis: number, inner: number, out: T): T {
  if (x.length !== outer * axis * inner || out.length !== x.length) throw new RangeError(`softmaxReference: expected ${outer * axis * inner} values in and out, received ${x.length} and ${out.length}`);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * axis * inner + i;
      let m = -Infinity;
      for (let a = 0; a < axis; a++) m = Math.max(m, x[base + a * inner]!);
      let s = 0;
      for (let a = 0; a < axis; a++) s += Math.exp(x[base + a * inner]! - m);
      for (let a = 0; a < axis; a++) out[base + a * inner] = Math.exp(x[base + a * inner]! - m) / s;
    }
  }
  return out;
}

/**
 * Seeded weight initialisation.
 *
 * He (Kaiming) initialisation in its uniform form: W ~ U(-b, b) with b = sqrt(6 / fan_in),
 * so Var(W) = b^2 / 3 = 2 / fan_in, the variance He et al. (2015) derive for ReLU networks.
 * Biases follow PyTorch's default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
 *
 * NOTE: the uniform form, not the normal one, on purpose: it needs only `rng.next()` and a
 * square root (correctly rounded by IEEE 754), no log/sin/cos whose last bit may differ
 * between platforms, so the weights — and the model's sha256 — are the same everywhere.
 */
import type { Rng } from '@rhenium-perf/fixtures';

/**
 * Fill `out` with He-uniform weights for a layer with `fanIn` inputs per output.
 * @example heUniform(createRng(1), new Float32Array(27), 27) // values in (-0.471, 0.471)
 */
export function heUniform(rng: Rng, out: Float32Array, fanIn: number): Float32Array {
  const b = Math.sqrt(6 / fanIn);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * b;
  return out;
}

/**
 * Fill `out` with PyTorch-default biases, U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
 * @example biasUniform(createRng(1), new Float32Array(8), 27) // values in (-0.192, 0.192)
 */
export function biasUniform(rng: Rng, out: Float32Array, fanIn: number): Float32Array {
  const b = 1 / Math.sqrt(fanIn);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * b;
  return out;
}

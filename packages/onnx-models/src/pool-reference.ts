/**
 * Direct pooling in TypeScript: the references of onnxruntime's MaxPool and GlobalAveragePool.
 *
 * Maths (ONNX MaxPool, no padding, ceil_mode 0, dilation 1), per channel c:
 *   y[c, z, y, x] = max_{kz, ky, kx} in[c, s_d z + kz, s_h y + ky, s_w x + kx]
 * output size per axis floor((n - k) / s) + 1 (a trailing remainder is dropped).
 * GlobalAveragePool: y[c] = (1 / (D H W)) sum_{z, y, x} in[c, z, y, x] (float64 sum).
 * 2D is the 3D case with depth 1.
 */
import type { FloatArray } from './conv-reference';

/** Output size of a max pool along one axis: floor((n - k) / s) + 1. */
export function poolOutputSize(n: number, k: number, s: number): number {
  return Math.floor((n - k) / s) + 1;
}

/**
 * Max pooling of input [C, D, H, W] with `kernel` and `strides` (d, h, w) into `out`, returned.
 * @example maxPoolReference(new Float64Array([1, 5, 2, 3]), [1, 1, 1, 4], [1, 1, 2], [1, 1, 2], new Float64Array(2)) // [5, 3]
 */
export function maxPoolReference<T extends FloatArray>(
  input: FloatArray,
  shape: readonly [number, number, number, number],
  kernel: readonly [number, number, number],
  strides: readonly [number, number, number],
  out: T,
): T {
  const [C, D, H, W] = shape;
  const [KD, KH, KW] = kernel;
  const [sd, sh, sw] = strides;
  const OD = poolOutputSize(D, KD, sd);
  const OH = poolOutputSize(H, KH, sh);
  const OW = poolOutputSize(W, KW, sw);
  if (OD < 1 || OH < 1 || OW < 1) throw new RangeError(`maxPoolReference: kernel [${kernel}] is larger than the input [${D}, ${H}, ${W}]`);
  if (out.length !== C * OD * OH * OW) throw new RangeError(`maxPoolReference: out must have ${C * OD * OH * OW} elements, received ${out.length}`);
  for (let c = 0; c < C; c++) {
    for (let z = 0; z < OD; z++) {
      for (let y = 0; y < OH; y++) {
        for (let x = 0; x < OW; x++) {
          let m = -Infinity;
          for (let kz = 0; kz < KD; kz++) {
            for (let ky = 0; ky < KH; ky++) {
              for (let kx = 0; kx < KW; kx++) m = Math.max(m, input[((c * D + sd * z + kz) * H + sh * y + ky) * W + sw * x + kx]!);
            }
          }
          out[((c * OD + z) * OH + y) * OW + x] = m;
        }
      }
    }
  }
  return out;
}

/**
 * Mean over the spatial axes of each of `channels` channels of `spatial` values each.
 * @example globalAveragePoolReference(new Float64Array([1, 3, 10, 20]), 2, 2, new Float64Array(2)) // [2, 15]
 */
export function globalAveragePoolReference<T extends FloatArray>(input: FloatArray, channels: number, spatial: number, out: T): T {
  if (input.length !== channels * spatial || out.length !== channels) {
    throw new RangeError(`globalAveragePoolReference: expected ${channels * spatial} inputs and ${channels} outputs, received ${input.length} and ${out.length}`);
  }
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let i = 0; i < spatial; i++) s += input[c * spatial + i]!;
    out[c] = s / spatial;
  }
  return out;
}

/**
 * A direct convolution in TypeScript: the reference onnxruntime's Conv is checked against.
 *
 * Maths (ONNX Conv, stride s, dilation 1, group 1, symmetric zero padding p):
 *   y[o, z, y, x] = b[o] + sum_{c, kz, ky, kx} w[o, c, kz, ky, kx] * in[c, s z + kz - p, s y + ky - p, s x + kx - p]
 * (cross-correlation, as every deep-learning "convolution"), out-of-range input taken as 0.
 * Output size per axis: floor((n + 2p - k) / s) + 1. 2D is the 3D case with depth 1 and
 * kernel depth 1. Accumulates in float64; O(out * C * k^3), for small test sizes only.
 */

/** Float arrays the reference kernels read and write (float32 weights, float64 activations). */
export type FloatArray = Float32Array | Float64Array;

/** Shapes of `convReference`: input [C, D, H, W], weight [O, C, kD, kH, kW]. */
export interface ConvReferenceShape {
  readonly input: readonly [number, number, number, number];
  readonly weight: readonly [number, number, number, number, number];
  /** Zero padding per side along (depth, height, width). */
  readonly pad: readonly [number, number, number];
  /** Stride along (depth, height, width). Default [1, 1, 1]. */
  readonly strides?: readonly [number, number, number];
}

/**
 * Direct 3D convolution into `out` ([O, D', H', W'], float32), returned.
 * @example
 * // one channel, 1x1x3 input [1, 2, 3], kernel [1, 1, 1] (1x1x3), bias 0, pad (0, 0, 1):
 * convReference(new Float32Array([1, 2, 3]), new Float32Array([1, 1, 1]), new Float32Array([0]),
 *   { input: [1, 1, 1, 3], weight: [1, 1, 1, 1, 3], pad: [0, 0, 1] }, new Float32Array(3)) // [3, 6, 5]
 */
export function convReference<T extends FloatArray>(input: FloatArray, weight: FloatArray, bias: FloatArray, shape: ConvReferenceShape, out: T): T {
  const [C, D, H, W] = shape.input;
  const [O, Cw, KD, KH, KW] = shape.weight;
  const [pd, ph, pw] = shape.pad;
  const [sd, sh, sw] = shape.strides ?? [1, 1, 1];
  if (C !== Cw) throw new RangeError(`convReference: input has ${C} channels, weight expects ${Cw}`);
  if (![sd, sh, sw].every((v) => Number.isInteger(v) && v >= 1)) throw new RangeError(`convReference: strides must be positive integers, received [${sd}, ${sh}, ${sw}]`);
  const OD = Math.floor((D + 2 * pd - KD) / sd) + 1;
  const OH = Math.floor((H + 2 * ph - KH) / sh) + 1;
  const OW = Math.floor((W + 2 * pw - KW) / sw) + 1;
  if (out.length !== O * OD * OH * OW) throw new RangeError(`convReference: out must have ${O * OD * OH * OW} elements, received ${out.length}`);
  if ((out as FloatArray) === input) throw new RangeError('convReference: out must not be the input');
  for (let o = 0; o < O; o++) {
    for (let z = 0; z < OD; z++) {
      for (let y = 0; y < OH; y++) {
        for (let x = 0; x < OW; x++) {
          let acc = bias[o]!;
          for (let c = 0; c < C; c++) {
            for (let kz = 0; kz < KD; kz++) {
              const iz = sd * z + kz - pd;
              if (iz < 0 || iz >= D) continue;
              for (let ky = 0; ky < KH; ky++) {
                const iy = sh * y + ky - ph;
                if (iy < 0 || iy >= H) continue;
                for (let kx = 0; kx < KW; kx++) {
                  const ix = sw * x + kx - pw;
                  if (ix < 0 || ix >= W) continue;
                  acc += weight[(((o * C + c) * KD + kz) * KH + ky) * KW + kx]! * input[((c * D + iz) * H + iy) * W + ix]!;
                }
              }
            }
          }
          out[((o * OD + z) * OH + y) * OW + x] = acc;
        }
      }
    }
  }
  return out;
}

/**
 * A direct transposed convolution in TypeScript: the reference onnxruntime's ConvTranspose
 * is checked against (the U-Net's learned x2 upsampling).
 *
 * Maths (ONNX ConvTranspose, stride s, dilation 1, group 1, no padding, no output padding):
 * every input voxel scatters its kernel-weighted copy into the output,
 *   y[o, s z + kz, s y + ky, s x + kx] += w[c, o, kz, ky, kx] * in[c, z, y, x]   (summed over c, z, y, x, k)
 *   y[o, ...] starts at b[o]
 * with weight layout [C_in, C_out, kD, kH, kW] (ONNX's, the transpose of Conv's).
 * Output size per axis: (n - 1) s + k. With k = s (the U-Net) each output voxel receives
 * exactly one tap per input channel. 2D is the 3D case with depth 1. Float64 accumulation.
 */
import type { FloatArray } from './conv-reference';

/** Shapes of `convTransposeReference`: input [C, D, H, W], weight [C, O, kD, kH, kW], strides (d, h, w). */
export interface ConvTransposeReferenceShape {
  readonly input: readonly [number, number, number, number];
  readonly weight: readonly [number, number, number, number, number];
  readonly strides: readonly [number, number, number];
}

/** Output spatial size of a transposed convolution: (n - 1) s + k per axis. */
export function convTransposeOutputSize(shape: ConvTransposeReferenceShape): [number, number, number] {
  const [, D, H, W] = shape.input;
  const [, , KD, KH, KW] = shape.weight;
  const [sd, sh, sw] = shape.strides;
  return [(D - 1) * sd + KD, (H - 1) * sh + KH, (W - 1) * sw + KW];
}

/**
 * Direct 3D transposed convolution into `out` ([O, D', H', W']), returned.
 * @example
 * // one channel, input [1, 2] (1x1x2), kernel [1, 10] (1x1x2), stride 2, bias 0.5:
 * convTransposeReference(new Float64Array([1, 2]), new Float32Array([1, 10]), new Float32Array([0.5]),
 *   { input: [1, 1, 1, 2], weight: [1, 1, 1, 1, 2], strides: [1, 1, 2] }, new Float64Array(4)) // [1.5, 10.5, 2.5, 20.5]
 */
export function convTransposeReference<T extends FloatArray>(input: FloatArray, weight: FloatArray, bias: FloatArray, shape: ConvTransposeReferenceShape, out: T): T {
  const [C, D, H, W] = shape.input;
  const [Cw, O, KD, KH, KW] = shape.weight;
  const [sd, sh, sw] = shape.strides;
  if (C !== Cw) throw new RangeError(`convTransposeReference: input has ${C} channels, weight expects ${Cw}`);
  const [OD, OH, OW] = convTransposeOutputSize(shape);
  if (out.length !== O * OD * OH * OW) throw new RangeError(`convTransposeReference: out must have ${O * OD * OH * OW} elements, received ${out.length}`);
  if ((out as FloatArray) === input) throw new RangeError('convTransposeReference: out must not be the input');
  const plane = OD * OH * OW;
  for (let o = 0; o < O; o++) out.fill(bias[o]!, o * plane, (o + 1) * plane);
  for (let c = 0; c < C; c++) {
    for (let z = 0; z < D; z++) {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const v = input[((c * D + z) * H + y) * W + x]!;
          for (let o = 0; o < O; o++) {
            for (let kz = 0; kz < KD; kz++) {
              for (let ky = 0; ky < KH; ky++) {
                for (let kx = 0; kx < KW; kx++) {
                  const w = weight[(((c * O + o) * KD + kz) * KH + ky) * KW + kx]!;
                  out[((o * OD + sd * z + kz) * OH + sh * y + ky) * OW + sw * x + kx] += w * v;
                }
              }
            }
          }
        }
      }
    }
  }
  return out;
}

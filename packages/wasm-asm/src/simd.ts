/**
 * The 128-bit SIMD instructions the kernels use: prefix 0xfd, then the opcode as unsigned
 * LEB128, then immediates. Memory instructions use 16-byte alignment (log2 4).
 */
import { uleb } from './leb128';

/**
 * A SIMD instruction: `simd(op, ...immediates)`.
 * @example simd(0xf0) // f64x2.add: [0xfd, 0xf0, 0x01]
 */
export const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
/** `v128.load offset=offset align=16`. */
export const v128Load = (offset: number): number[] => simd(0x00, 4, ...uleb(offset));
/** `v128.store offset=offset align=16`. */
export const v128Store = (offset: number): number[] => simd(0x0b, 4, ...uleb(offset));
/** `i8x16.shuffle lanes` (16 byte indices into the concatenation of both operands, 0..31). */
export const i8x16Shuffle = (lanes: readonly number[]): number[] => {
  if (lanes.length !== 16 || lanes.some((l) => !Number.isInteger(l) || l < 0 || l > 31)) throw new RangeError(`i8x16Shuffle: expected 16 lane indices in [0, 31], received [${lanes.join(', ')}]`);
  return simd(0x0d, ...lanes);
};
/** `v128.const` of two float64, lane 0 first (little-endian, as on every supported platform). */
export const v128ConstF64 = (a: number, b: number): number[] => simd(0x0c, ...new Uint8Array(new Float64Array([a, b]).buffer));
/** `f64x2.replace_lane lane`. */
export const f64x2ReplaceLane = (lane: number): number[] => simd(0x22, lane);
/** `i32x4.extract_lane lane`. */
export const i32x4ExtractLane = (lane: number): number[] => simd(0x1b, lane);

export const F64X2_SPLAT = simd(0x14);
export const F64X2_ADD = simd(0xf0);
export const F64X2_SUB = simd(0xf1);
export const F64X2_MUL = simd(0xf2);
export const F64X2_NEG = simd(0xed);
export const F64X2_PROMOTE_LOW_F32X4 = simd(0x5f);
export const F64X2_CONVERT_LOW_I32X4_S = simd(0xfe);
export const F32X4_DEMOTE_F64X2_ZERO = simd(0x5e);
/** `f32x4.pmin`: b < a ? b : a per lane (a NaN b never wins). */
export const F32X4_PMIN = simd(0xea);
/** `f32x4.pmax`: a < b ? b : a per lane (a NaN b never wins). */
export const F32X4_PMAX = simd(0xeb);
export const I32X4_SHL = simd(0xab);
export const I32X4_TRUNC_SAT_F64X2_S_ZERO = simd(0xfc);

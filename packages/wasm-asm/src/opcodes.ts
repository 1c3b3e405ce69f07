/**
 * Value types and the core (non-SIMD) instructions the kernels use, as byte arrays to spread
 * into a function's code. Memory instructions take their alignment as log2 bytes (natural).
 */
import { sleb, uleb } from './leb128';

/** The value types of the binary format. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
/** One of the value types above. */
export type ValType = typeof I32 | typeof F64 | typeof V128;

/** `local.get i`. */
export const localGet = (i: number): number[] => [0x20, ...uleb(i)];
/** `local.set i`. */
export const localSet = (i: number): number[] => [0x21, ...uleb(i)];
/** `local.tee i` (set, and leave the value on the stack). */
export const localTee = (i: number): number[] => [0x22, ...uleb(i)];
/** `i32.const v` (v a signed 32-bit integer). */
export const i32Const = (v: number): number[] => [0x41, ...sleb(v)];
/** `i32.load offset=offset align=4`. */
export const i32Load = (offset: number): number[] => [0x28, 2, ...uleb(offset)];
/** `f64.load offset=offset align=8`. */
export const f64Load = (offset: number): number[] => [0x2b, 3, ...uleb(offset)];

export const I32_ADD = [0x6a];
export const I32_MUL = [0x6c];
export const I32_SHL = [0x74];
export const I32_LT_U = [0x49];
export const I32_GT_S = [0x4a];
export const F64_ADD = [0xa0];
export const F64_SUB = [0xa1];
export const F64_MUL = [0xa2];
export const F64_CONVERT_I32_S = [0xb7];
export const I32_TRUNC_F64_S = [0xaa];
/** `block` with no result (0x40, the empty block type). */
export const BLOCK = [0x02, 0x40];
/** `loop` with no result. */
export const LOOP = [0x03, 0x40];
/** `br_if 0`: to the innermost block's end, or the innermost loop's start. */
export const BR_IF_0 = [0x0d, 0x00];
/** `end` of a block, a loop or a function body. */
export const END = [0x0b];

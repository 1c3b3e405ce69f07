export { sleb, uleb } from './leb128';
export { name, section, vec } from './encoding';
export {
  BLOCK,
  BR_IF_0,
  END,
  F64,
  F64_ADD,
  F64_CONVERT_I32_S,
  F64_MUL,
  F64_SUB,
  I32,
  I32_ADD,
  I32_GT_S,
  I32_LT_U,
  I32_MUL,
  I32_SHL,
  I32_TRUNC_F64_S,
  LOOP,
  V128,
  f64Load,
  i32Const,
  i32Load,
  localGet,
  localSet,
  localTee,
} from './opcodes';
export type { ValType } from './opcodes';
export {
  F32X4_DEMOTE_F64X2_ZERO,
  F32X4_PMAX,
  F32X4_PMIN,
  F64X2_ADD,
  F64X2_CONVERT_LOW_I32X4_S,
  F64X2_MUL,
  F64X2_NEG,
  F64X2_PROMOTE_LOW_F32X4,
  F64X2_SPLAT,
  F64X2_SUB,
  I32X4_SHL,
  I32X4_TRUNC_SAT_F64X2_S_ZERO,
  f64x2ReplaceLane,
  i32x4ExtractLane,
  i8x16Shuffle,
  simd,
  v128ConstF64,
  v128Load,
  v128Store,
} from './simd';
export { WASM_PAGE_BYTES, moduleBytes, pagesFor } from './module';
export { instantiate, wasmApi } from './instantiate';
export type { FunctionSpec, LocalGroup, ModuleSpec, WasmApi } from './types';

/**
 * WebAssembly SIMD kernels for min-max normalisation of Float32Array volumes (issue 17).
 *
 * V8 does not vectorise JavaScript loops, so the scalar min/max and scale passes cost about
 * 1.7 cycles per voxel each; these kernels do four lanes per instruction. The module is
 * assembled here with @rhenium-perf/wasm-asm, byte by byte, from the instruction listings
 * below (no toolchain, no binary blob): `minmax` and `affine` over a fixed 128 KiB data window
 * of the module's own memory, which the caller fills chunk by chunk with
 * `Float32Array.prototype.set` (a memcpy).
 *
 * Semantics, identical to the scalar kernels in stats.ts / normalize.ts:
 * - `minmax` folds with `f32x4.pmin` / `f32x4.pmax`, which are defined as `b < a ? b : a` and
 *   `a < b ? b : a`, exactly the scalar `if (v < acc) acc = v`: a NaN voxel fails the
 *   comparison and never enters an accumulator (NaN skipped for free, no rescan).
 * - `affine` computes `(v - offset) * scale` in float64 (`f64x2.promote_low_f32x4`, sub, mul)
 *   and rounds once to float32 (`f32x4.demote_f64x2_zero`), the same arithmetic as the
 *   scalar `out[i] = (input[i] - offset) * scale`, so the output is bit-identical.
 *
 * Memory layout: bytes [0, 128) hold the accumulators (4 min vectors, then 4 max vectors);
 * the data window starts at 65536 and holds SIMD_CHUNK float32.
 */
import {
  BR_IF_0,
  END,
  F32X4_DEMOTE_F64X2_ZERO,
  F32X4_PMAX,
  F32X4_PMIN,
  F64,
  F64X2_MUL,
  F64X2_PROMOTE_LOW_F32X4,
  F64X2_SPLAT,
  F64X2_SUB,
  I32,
  I32_ADD,
  I32_LT_U,
  LOOP,
  V128,
  i32Const,
  i8x16Shuffle,
  instantiate,
  localGet,
  localSet,
  localTee,
  moduleBytes,
  v128Load,
  v128Store,
} from '@rhenium-perf/wasm-asm';

/** Float32 voxels per data window (128 KiB: stays in L2 between the copy and the kernel). */
export const SIMD_CHUNK = 32_768;
const DATA = 65_536;

export interface SimdKernels {
  /** The data window: SIMD_CHUNK float32 at byte offset 65536 of the module's memory. */
  readonly data: Float32Array;
  /** The accumulators: acc[0..16) = 4 min vectors, acc[16..32) = 4 max vectors. */
  readonly acc: Float32Array;
  /** Fold data[0, count) (count a positive multiple of 16) into the accumulators. */
  minmax(count: number): void;
  /** data[i] = f32((data[i] - offset) * scale) in float64, for i < count (a positive multiple of 8). */
  affine(count: number, offset: number, scale: number): void;
}

/** Lanes 8..15 of the first operand into lanes 0..7 (the upper two float32 into the lower half). */
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
/** The low 8 bytes of each operand: two demoted f64x2 results side by side. */
const LOW_LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/** minmax(count), locals [[2, I32], [9, V128]]: param 0 = count; locals 1 = p, 2 = end, 3..6 = min vectors, 7..10 = max vectors, 11 = x. */
function minmaxBody(): number[] {
  const code: number[] = [];
  // p = DATA; end = DATA + 4 * count
  code.push(...i32Const(DATA), ...localTee(1), ...localGet(0), ...localGet(0), ...I32_ADD, ...localGet(0), ...I32_ADD, ...localGet(0), ...I32_ADD, ...I32_ADD, ...localSet(2));
  for (let k = 0; k < 8; k++) code.push(...i32Const(0), ...v128Load(16 * k), ...localSet(3 + k));
  code.push(...LOOP);
  for (let k = 0; k < 4; k++) {
    // x = data[p + 16k]; min_k = pmin(min_k, x) = x < min_k ? x : min_k; max_k = pmax(max_k, x) = max_k < x ? x : max_k
    code.push(...localGet(1), ...v128Load(16 * k), ...localSet(11));
    code.push(...localGet(3 + k), ...localGet(11), ...F32X4_PMIN, ...localSet(3 + k));
    code.push(...localGet(7 + k), ...localGet(11), ...F32X4_PMAX, ...localSet(7 + k));
  }
  code.push(...localGet(1), ...i32Const(64), ...I32_ADD, ...localTee(1), ...localGet(2), ...I32_LT_U, ...BR_IF_0, ...END);
  for (let k = 0; k < 8; k++) code.push(...i32Const(0), ...localGet(3 + k), ...v128Store(16 * k));
  code.push(...END);
  return code;
}

/** affine(count, offset, scale), locals [[2, I32], [3, V128]]: params 0..2; locals 3 = p, 4 = end, 5 = offset x2, 6 = scale x2, 7 = x. */
function affineBody(): number[] {
  const code: number[] = [];
  code.push(...localGet(1), ...F64X2_SPLAT, ...localSet(5), ...localGet(2), ...F64X2_SPLAT, ...localSet(6));
  code.push(...i32Const(DATA), ...localTee(3), ...localGet(0), ...localGet(0), ...I32_ADD, ...localGet(0), ...I32_ADD, ...localGet(0), ...I32_ADD, ...I32_ADD, ...localSet(4));
  const half = (pick: number[]): number[] => [
    ...localGet(7),
    ...pick,
    ...F64X2_PROMOTE_LOW_F32X4,
    ...localGet(5),
    ...F64X2_SUB,
    ...localGet(6),
    ...F64X2_MUL,
    ...F32X4_DEMOTE_F64X2_ZERO,
  ];
  code.push(...LOOP);
  for (let k = 0; k < 2; k++) {
    // data[p + 16k] = [demote((lo2(x) - offset) * scale), demote((hi2(x) - offset) * scale)]
    code.push(...localGet(3), ...v128Load(16 * k), ...localSet(7));
    code.push(...localGet(3), ...half([]), ...half([...localGet(7), ...i8x16Shuffle(HIGH_TO_LOW)]), ...i8x16Shuffle(LOW_LOW), ...v128Store(16 * k));
  }
  code.push(...localGet(3), ...i32Const(32), ...I32_ADD, ...localTee(3), ...localGet(4), ...I32_LT_U, ...BR_IF_0, ...END);
  code.push(...END);
  return code;
}

/** The functions' names in profiles (the module's name section). */
export const FUNCTION_NAMES = ['normalizeMinMaxSimd', 'normalizeAffineSimd'] as const;

/** The module's bytes: 3 pages of memory (accumulators, then the 2-page data window). */
export function simdModuleBytes(): Uint8Array {
  return moduleBytes({
    memoryPages: 3,
    functions: [
      { exportName: 'minmax', name: FUNCTION_NAMES[0], params: [I32], locals: [[2, I32], [9, V128]], code: minmaxBody() },
      { exportName: 'affine', name: FUNCTION_NAMES[1], params: [I32, F64, F64], locals: [[2, I32], [3, V128]], code: affineBody() },
    ],
  });
}

let kernels: SimdKernels | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is unavailable (the scalar path then runs). */
export function simdKernels(): SimdKernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    const ex = instantiate(simdModuleBytes()) as { memory: { buffer: ArrayBuffer }; minmax: (count: number) => void; affine: (count: number, offset: number, scale: number) => void } | null;
    if (ex === null) return null;
    kernels = {
      data: new Float32Array(ex.memory.buffer, DATA, SIMD_CHUNK),
      acc: new Float32Array(ex.memory.buffer, 0, 32),
      minmax: ex.minmax,
      affine: ex.affine,
    };
  } catch {
    kernels = null;
  }
  return kernels;
}

/**
 * WebAssembly SIMD kernels for min-max normalisation of Float32Array volumes (issue 17).
 *
 * V8 does not vectorise JavaScript loops, so the scalar min/max and scale passes cost about
 * 1.7 cycles per voxel each; these kernels do four lanes per instruction. The module is
 * assembled here, byte by byte, from the instruction listings below (no toolchain, no
 * binary blob): `minmax` and `affine` over a fixed 128 KiB data window of the module's own
 * memory, which the caller fills chunk by chunk with `Float32Array.prototype.set` (a memcpy).
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

// --- a minimal WebAssembly binary writer -------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

// Core instructions.
const localGet = (i: number): number[] => [0x20, ...uleb(i)];
const localSet = (i: number): number[] => [0x21, ...uleb(i)];
const localTee = (i: number): number[] => [0x22, ...uleb(i)];
const i32Const = (v: number): number[] => [0x41, ...sleb(v)];
const I32_ADD = [0x6a];
const I32_LT_U = [0x49];
const LOOP = [0x03, 0x40];
const BR_IF_0 = [0x0d, 0x00];
const END = [0x0b];

// SIMD instructions (prefix 0xfd, then the LEB128 opcode).
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
const v128Load = (offset: number): number[] => simd(0x00, 4, ...uleb(offset)); // align 2^4
const v128Store = (offset: number): number[] => simd(0x0b, 4, ...uleb(offset));
const shuffle = (lanes: number[]): number[] => simd(0x0d, ...lanes);
const F64X2_SPLAT = simd(0x14);
const F32X4_DEMOTE_F64X2_ZERO = simd(0x5e);
const F64X2_PROMOTE_LOW_F32X4 = simd(0x5f);
const F32X4_PMIN = simd(0xea);
const F32X4_PMAX = simd(0xeb);
const F64X2_SUB = simd(0xf1);
const F64X2_MUL = simd(0xf2);

/** Lanes 8..15 of the first operand into lanes 0..7 (the upper two float32 into the lower half). */
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
/** The low 8 bytes of each operand: two demoted f64x2 results side by side. */
const LOW_LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/** minmax(count): param 0 = count; locals 1 = p, 2 = end, 3..6 = min vectors, 7..10 = max vectors, 11 = x. */
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
  return [...vec([[...uleb(2), I32], [...uleb(9), V128]]), ...code];
}

/** affine(count, offset, scale): params 0..2; locals 3 = p, 4 = end, 5 = offset x2, 6 = scale x2, 7 = x. */
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
    code.push(...localGet(3), ...half([]), ...half([...localGet(7), ...shuffle(HIGH_TO_LOW)]), ...shuffle(LOW_LOW), ...v128Store(16 * k));
  }
  code.push(...localGet(3), ...i32Const(32), ...I32_ADD, ...localTee(3), ...localGet(4), ...I32_LT_U, ...BR_IF_0, ...END);
  code.push(...END);
  return [...vec([[...uleb(2), I32], [...uleb(3), V128]]), ...code];
}

/** The module's bytes. */
export function simdModuleBytes(): Uint8Array {
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    // types: 0 = (i32) -> (), 1 = (i32, f64, f64) -> ()
    ...section(1, vec([[0x60, 1, I32, 0], [0x60, 3, I32, F64, F64, 0]])),
    // functions: minmax: type 0, affine: type 1
    ...section(3, vec([[0], [1]])),
    // memory: 3 pages (accumulators, then the 2-page data window), no maximum
    ...section(5, vec([[0x00, 3]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('minmax'), 0x00, 0], [...name('affine'), 0x00, 1]])),
    ...section(10, vec([minmaxBody(), affineBody()].map((b) => [...uleb(b.length), ...b]))),
  ];
  return Uint8Array.from(bytes);
}

/** The part of the WebAssembly JS API used here (the repository compiles without the DOM lib). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

let kernels: SimdKernels | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is unavailable (the scalar path then runs). */
export function simdKernels(): SimdKernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = simdModuleBytes();
    if (wasm === undefined || !wasm.validate(bytes)) return null;
    const instance = new wasm.Instance(new wasm.Module(bytes));
    const ex = instance.exports as { memory: { buffer: ArrayBuffer }; minmax: (count: number) => void; affine: (count: number, offset: number, scale: number) => void };
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

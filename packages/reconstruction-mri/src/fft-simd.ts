/**
 * WebAssembly SIMD radix-4 and radix-5 Stockham stages (forward DFT) and the centring signs
 * for the 2D FFT (issue 17).
 *
 * V8 does not vectorise JavaScript loops; here one complex float64 value is one f64x2 lane
 * pair, so a complex add is one instruction and a complex multiply by a twiddle w is
 *
 *   c · w = c · (wr, wr) + swap(c) · (-wi, wi)          (swap(c) = (ci, cr))
 *
 * two multiplies, one shuffle and one add, with the per-stage twiddle table stored as those
 * two vectors. The stage is the scalar `radix4` of fft1d-mixed-radix.ts with sign = -1,
 * operation for operation in the same order (c·w's two products and one sum per lane are
 * the scalar ones; -(-0) and exact negations aside), so the result is identical to the
 * scalar Stockham's:
 *
 *   for q < count, j < m, t < s:   (x, y at byte offsets x + q·stride, y + q·stride)
 *     x_r = x[t + s(j + r m)], r < 4
 *     y[t + s(4j + k)] = w^{jk} · Σ_r x_r (-i)^{rk}
 *
 * `count` sequences at `stride` bytes apart run in one call (the rows of an image); the
 * columns of an [n, cols] image are one sequence with s multiplied by cols. The module is
 * assembled here with @rhenium-perf/wasm-asm, byte by byte, from the instruction listing below
 * (no toolchain, no binary blob), with the memory size the plan needs.
 */

import {
  BR_IF_0,
  END,
  F64,
  F64X2_ADD,
  F64X2_MUL,
  F64X2_NEG,
  F64X2_SPLAT,
  F64X2_SUB,
  I32,
  I32_ADD,
  I32_LT_U,
  I32_MUL,
  I32_SHL,
  LOOP,
  V128,
  f64x2ReplaceLane,
  i32Const as i32c,
  i8x16Shuffle,
  instantiate,
  localGet as get,
  localSet as set,
  localTee as tee,
  moduleBytes,
  pagesFor,
  v128ConstF64,
  v128Load as load,
  v128Store,
} from '@rhenium-perf/wasm-asm';

const store = v128Store(0);
/** (a, b) -> (b, a) of one f64x2 (both shuffle operands the same vector). */
const SWAP = i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]);

// radix4(x, y, tw, m, s, count, stride): params 0..6 (i32, bytes or counts).
const X = 0, Y = 1, TW = 2, M = 3, S = 4, COUNT = 5, STRIDE = 6;
// i32 locals
const Q = 7, J = 8, A0 = 9, B0 = 10, AEND = 11, SM16 = 12, S16 = 13, XB = 14, YB = 15, TWP = 16, ADDR = 17;
// v128 locals
const W1A = 18, W1B = 19, W2A = 20, W2B = 21, W3A = 22, W3B = 23;
const X0 = 24, X1 = 25, X2 = 26, X3 = 27, SUM = 28, DIF = 29, T = 30, E = 31, C = 32, NEG_IM = 33;

/** c · w for c in local C: c·wa + swap(c)·wb, left on the stack. */
const cmulC = (wa: number, wb: number): number[] => [...get(C), ...get(wa), ...F64X2_MUL, ...get(C), ...get(C), ...SWAP, ...get(wb), ...F64X2_MUL, ...F64X2_ADD];

function radix4Body(): number[] {
  const c: number[] = [];
  c.push(...get(S), ...i32c(4), ...I32_SHL, ...set(S16));
  c.push(...get(S16), ...get(M), ...I32_MUL, ...set(SM16));
  // (1, -1): swap(u) · (1, -1) = (ui, -ur) = -i · u
  c.push(...v128ConstF64(1, -1), ...set(NEG_IM));
  c.push(...get(X), ...set(XB), ...get(Y), ...set(YB), ...i32c(0), ...set(Q));
  c.push(...LOOP); // sequences
  c.push(...i32c(0), ...set(J), ...get(TW), ...set(TWP));
  c.push(...LOOP); // j
  for (const [k, l] of [W1A, W1B, W2A, W2B, W3A, W3B].entries()) c.push(...get(TWP), ...load(16 * k), ...set(l));
  // a0 = xb + j·s16; b0 = yb + 4·j·s16; aEnd = a0 + s16
  c.push(...get(J), ...get(S16), ...I32_MUL, ...set(ADDR));
  c.push(...get(XB), ...get(ADDR), ...I32_ADD, ...tee(A0), ...get(S16), ...I32_ADD, ...set(AEND));
  c.push(...get(YB), ...get(ADDR), ...i32c(2), ...I32_SHL, ...I32_ADD, ...set(B0));
  c.push(...LOOP); // t
  c.push(...get(A0), ...load(0), ...set(X0));
  c.push(...get(A0), ...get(SM16), ...I32_ADD, ...tee(ADDR), ...load(0), ...set(X1));
  c.push(...get(ADDR), ...get(SM16), ...I32_ADD, ...tee(ADDR), ...load(0), ...set(X2));
  c.push(...get(ADDR), ...get(SM16), ...I32_ADD, ...load(0), ...set(X3));
  c.push(...get(X0), ...get(X2), ...F64X2_ADD, ...set(SUM));
  c.push(...get(X0), ...get(X2), ...F64X2_SUB, ...set(DIF));
  c.push(...get(X1), ...get(X3), ...F64X2_ADD, ...set(T));
  c.push(...get(X1), ...get(X3), ...F64X2_SUB, ...set(E));
  c.push(...get(E), ...get(E), ...SWAP, ...get(NEG_IM), ...F64X2_MUL, ...set(E));
  // y[b0] = sum + t
  c.push(...get(B0), ...get(SUM), ...get(T), ...F64X2_ADD, ...store);
  // y[b0 + s16] = (dif + e) · w1
  c.push(...get(DIF), ...get(E), ...F64X2_ADD, ...set(C));
  c.push(...get(B0), ...get(S16), ...I32_ADD, ...tee(ADDR), ...cmulC(W1A, W1B), ...store);
  // y[b0 + 2 s16] = (sum - t) · w2
  c.push(...get(SUM), ...get(T), ...F64X2_SUB, ...set(C));
  c.push(...get(ADDR), ...get(S16), ...I32_ADD, ...tee(ADDR), ...cmulC(W2A, W2B), ...store);
  // y[b0 + 3 s16] = (dif - e) · w3
  c.push(...get(DIF), ...get(E), ...F64X2_SUB, ...set(C));
  c.push(...get(ADDR), ...get(S16), ...I32_ADD, ...cmulC(W3A, W3B), ...store);
  c.push(...get(B0), ...i32c(16), ...I32_ADD, ...set(B0));
  c.push(...get(A0), ...i32c(16), ...I32_ADD, ...tee(A0), ...get(AEND), ...I32_LT_U, ...BR_IF_0, ...END);
  // next j
  c.push(...get(TWP), ...i32c(96), ...I32_ADD, ...set(TWP));
  c.push(...get(J), ...i32c(1), ...I32_ADD, ...tee(J), ...get(M), ...I32_LT_U, ...BR_IF_0, ...END);
  // next sequence
  c.push(...get(XB), ...get(STRIDE), ...I32_ADD, ...set(XB), ...get(YB), ...get(STRIDE), ...I32_ADD, ...set(YB));
  c.push(...get(Q), ...i32c(1), ...I32_ADD, ...tee(Q), ...get(COUNT), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...END);
  return c;
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

/**
 * radix5(x, y, tw, m, s, count, stride): the scalar `radix5` with sign = -1, same operation
 * order: t1 = x1 + x4, t2 = x2 + x3, t3 = x1 - x4, t4 = x2 - x3,
 * u1 = x0 + C1 t1 + C2 t2, u2 = x0 + C2 t1 + C1 t2, v1 = -S1 t3 - S2 t4, v2 = -S2 t3 + S1 t4,
 * y0 = x0 + t1 + t2, y1,4 = (u1 ± i v1) w^{j,4j}, y2,3 = (u2 ± i v2) w^{2j,3j};
 * i·v = swap(v) · (-1, 1). Twiddle table: per j, k = 1..4, (wr, wr) then (-wi, wi).
 */
function radix5Body(): number[] {
  // v128 locals beyond radix4's: 34..41 = w4a, w4b, x4, t2, t3, t4, u/v scratch, consts
  const W4A = 34, W4B = 35, X4 = 36, T2 = 37, T3 = 38, T4 = 39, U = 40, V = 41, IM = 42;
  const K_C1 = 43, K_C2 = 44, K_S1 = 45, K_S2 = 46;
  const c: number[] = [];
  c.push(...get(S), ...i32c(4), ...I32_SHL, ...set(S16));
  c.push(...get(S16), ...get(M), ...I32_MUL, ...set(SM16));
  c.push(...v128ConstF64(-1, 1), ...set(IM));
  // sign = -1: s1 = -S1, s2s = -S2
  c.push(...v128ConstF64(C1, C1), ...set(K_C1), ...v128ConstF64(C2, C2), ...set(K_C2));
  c.push(...v128ConstF64(-S1, -S1), ...set(K_S1), ...v128ConstF64(-S2, -S2), ...set(K_S2));
  c.push(...get(X), ...set(XB), ...get(Y), ...set(YB), ...i32c(0), ...set(Q));
  c.push(...LOOP);
  c.push(...i32c(0), ...set(J), ...get(TW), ...set(TWP));
  c.push(...LOOP);
  for (const [k, l] of [W1A, W1B, W2A, W2B, W3A, W3B, W4A, W4B].entries()) c.push(...get(TWP), ...load(16 * k), ...set(l));
  c.push(...get(J), ...get(S16), ...I32_MUL, ...set(ADDR));
  c.push(...get(XB), ...get(ADDR), ...I32_ADD, ...tee(A0), ...get(S16), ...I32_ADD, ...set(AEND));
  // b0 = yb + 5 j s16
  c.push(...get(YB), ...get(ADDR), ...i32c(5), ...I32_MUL, ...I32_ADD, ...set(B0));
  c.push(...LOOP);
  c.push(...get(A0), ...load(0), ...set(X0));
  c.push(...get(A0), ...get(SM16), ...I32_ADD, ...tee(ADDR), ...load(0), ...set(X1));
  c.push(...get(ADDR), ...get(SM16), ...I32_ADD, ...tee(ADDR), ...load(0), ...set(X2));
  c.push(...get(ADDR), ...get(SM16), ...I32_ADD, ...tee(ADDR), ...load(0), ...set(X3));
  c.push(...get(ADDR), ...get(SM16), ...I32_ADD, ...load(0), ...set(X4));
  c.push(...get(X1), ...get(X4), ...F64X2_ADD, ...set(T)); // t1
  c.push(...get(X2), ...get(X3), ...F64X2_ADD, ...set(T2));
  c.push(...get(X1), ...get(X4), ...F64X2_SUB, ...set(T3));
  c.push(...get(X2), ...get(X3), ...F64X2_SUB, ...set(T4));
  // y0 = x0 + t1 + t2
  c.push(...get(B0), ...get(X0), ...get(T), ...F64X2_ADD, ...get(T2), ...F64X2_ADD, ...store);
  // u1 = x0 + C1 t1 + C2 t2; v1 = s1 t3 + s2s t4; i v1 = swap(v1) (-1, 1)
  c.push(...get(X0), ...get(K_C1), ...get(T), ...F64X2_MUL, ...F64X2_ADD, ...get(K_C2), ...get(T2), ...F64X2_MUL, ...F64X2_ADD, ...set(U));
  c.push(...get(K_S1), ...get(T3), ...F64X2_MUL, ...get(K_S2), ...get(T4), ...F64X2_MUL, ...F64X2_ADD, ...set(V));
  c.push(...get(V), ...get(V), ...SWAP, ...get(IM), ...F64X2_MUL, ...set(V));
  // y1 = (u1 + i v1) w1 at b0 + s16; y4 = (u1 - i v1) w4 at b0 + 4 s16
  c.push(...get(U), ...get(V), ...F64X2_ADD, ...set(C));
  c.push(...get(B0), ...get(S16), ...I32_ADD, ...cmulC(W1A, W1B), ...store);
  c.push(...get(U), ...get(V), ...F64X2_SUB, ...set(C));
  c.push(...get(B0), ...get(S16), ...i32c(2), ...I32_SHL, ...I32_ADD, ...cmulC(W4A, W4B), ...store);
  // u2 = x0 + C2 t1 + C1 t2; v2 = s2s t3 - s1 t4
  c.push(...get(X0), ...get(K_C2), ...get(T), ...F64X2_MUL, ...F64X2_ADD, ...get(K_C1), ...get(T2), ...F64X2_MUL, ...F64X2_ADD, ...set(U));
  c.push(...get(K_S2), ...get(T3), ...F64X2_MUL, ...get(K_S1), ...get(T4), ...F64X2_MUL, ...F64X2_SUB, ...set(V));
  c.push(...get(V), ...get(V), ...SWAP, ...get(IM), ...F64X2_MUL, ...set(V));
  // y2 = (u2 + i v2) w2 at b0 + 2 s16; y3 = (u2 - i v2) w3 at b0 + 3 s16
  c.push(...get(U), ...get(V), ...F64X2_ADD, ...set(C));
  c.push(...get(B0), ...get(S16), ...i32c(1), ...I32_SHL, ...I32_ADD, ...tee(ADDR), ...cmulC(W2A, W2B), ...store);
  c.push(...get(U), ...get(V), ...F64X2_SUB, ...set(C));
  c.push(...get(ADDR), ...get(S16), ...I32_ADD, ...cmulC(W3A, W3B), ...store);
  c.push(...get(B0), ...i32c(16), ...I32_ADD, ...set(B0));
  c.push(...get(A0), ...i32c(16), ...I32_ADD, ...tee(A0), ...get(AEND), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...get(TWP), ...i32c(128), ...I32_ADD, ...set(TWP));
  c.push(...get(J), ...i32c(1), ...I32_ADD, ...tee(J), ...get(M), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...get(XB), ...get(STRIDE), ...I32_ADD, ...set(XB), ...get(YB), ...get(STRIDE), ...I32_ADD, ...set(YB));
  c.push(...get(Q), ...i32c(1), ...I32_ADD, ...tee(Q), ...get(COUNT), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...END);
  return c;
}

/**
 * signs(p, rows, rowBytes, re, im): in place, value l of row r times (re, im) · (-1)^(r + l)
 * (rowBytes a positive multiple of 32: the rows hold an even count of complex values).
 * With re = c, im = ±c it is the `even` pipelines' input step; with (1, ±1) their output step.
 */
function signsBody(): number[] {
  // params 0 p, 1 rows, 2 rowBytes (i32), 3 re, 4 im (f64); locals 5 r, 6 end (i32), 7 f, 8 g (v128)
  const P = 0, ROWS = 1, RB = 2, RE = 3, IMV = 4, R = 5, ENDP = 6, F = 7, G = 8;
  const c: number[] = [];
  c.push(...get(RE), ...F64X2_SPLAT, ...get(IMV), ...f64x2ReplaceLane(1), ...set(F));
  c.push(...i32c(0), ...set(R));
  c.push(...LOOP);
  c.push(...get(F), ...F64X2_NEG, ...set(G));
  c.push(...get(P), ...get(RB), ...I32_ADD, ...set(ENDP));
  c.push(...LOOP);
  c.push(...get(P), ...get(P), ...load(0), ...get(F), ...F64X2_MUL, ...store);
  c.push(...get(P), ...get(P), ...load(16), ...get(G), ...F64X2_MUL, ...v128Store(16));
  c.push(...get(P), ...i32c(32), ...I32_ADD, ...tee(P), ...get(ENDP), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...get(G), ...set(F));
  c.push(...get(R), ...i32c(1), ...I32_ADD, ...tee(R), ...get(ROWS), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...END);
  return c;
}

/** The functions' names in profiles (the module's name section). */
export const FUNCTION_NAMES = ['fftRadix4Simd', 'fftRadix5Simd', 'fftSignsSimd'] as const;

/** radix4 and radix5's parameters: x, y, tw, m, s, count, stride. */
const STAGE_PARAMS = [I32, I32, I32, I32, I32, I32, I32] as const;

/** The module's bytes, with `pages` 64 KiB pages of memory (exported as `memory`). */
export function fftSimdModuleBytes(pages: number): Uint8Array {
  return moduleBytes({
    memoryPages: pages,
    functions: [
      { exportName: 'radix4', name: FUNCTION_NAMES[0], params: STAGE_PARAMS, locals: [[11, I32], [16, V128]], code: radix4Body() },
      { exportName: 'radix5', name: FUNCTION_NAMES[1], params: STAGE_PARAMS, locals: [[11, I32], [29, V128]], code: radix5Body() },
      { exportName: 'signs', name: FUNCTION_NAMES[2], params: [I32, I32, I32, F64, F64], locals: [[2, I32], [2, V128]], code: signsBody() },
    ],
  });
}

/** One instance: its memory and the radix-4 stage. All arguments are bytes or counts. */
export interface FftSimd {
  readonly buffer: ArrayBuffer;
  radix4(x: number, y: number, tw: number, m: number, s: number, count: number, stride: number): void;
  radix5(x: number, y: number, tw: number, m: number, s: number, count: number, stride: number): void;
  signs(p: number, rows: number, rowBytes: number, re: number, im: number): void;
}

/** An instance with at least `bytes` of memory, or null where WebAssembly SIMD is unavailable. */
export function createFftSimd(bytes: number): FftSimd | null {
  const ex = instantiate(fftSimdModuleBytes(pagesFor(bytes))) as ({ memory: { buffer: ArrayBuffer } } & Omit<FftSimd, 'buffer'>) | null;
  return ex === null ? null : { buffer: ex.memory.buffer, radix4: ex.radix4, radix5: ex.radix5, signs: ex.signs };
}

/**
 * The SIMD twiddle table of one radix-p stage (p = 4 or 5) from the scalar forward table
 * `twF` (w^{jk} for k = 1..p-1 at 2(j(p-1) + k - 1)): per j, for each k, (wr, wr) then
 * (-wi, wi). 16·4·(p-1)·m bytes.
 */
export function simdTwiddles(twF: Float64Array, p: number, m: number, into: Float64Array, at: number): void {
  const q = p - 1;
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < q; k++) {
      const wr = j === 0 ? 1 : twF[2 * (q * j + k)]!;
      const wi = j === 0 ? 0 : twF[2 * (q * j + k) + 1]!;
      const o = at + 4 * q * j + 4 * k;
      into[o] = wr;
      into[o + 1] = wr;
      into[o + 2] = -wi;
      into[o + 3] = wi;
    }
  }
}

/**
 * The multiply-add throughput this machine reaches from JavaScript: the bound quoted beside a
 * network's achieved GFLOP/s.
 *
 * What it is, honestly: one thread running `acc = acc * m + c` on CHAINS independent
 * accumulators (enough to hide the add latency), float64 (JS numbers) and float32 (every
 * result rounded by Math.fround, which V8 compiles to single-precision instructions). V8 emits
 * a scalar multiply and a scalar add (no fused FMA, no SIMD), so this is the JS-reachable
 * scalar peak, not the hardware's: onnxruntime's kernels (MLAS) use AVX2/AVX-512 FMA on 8-16
 * float32 lanes and two threads, so a network may run well above this bound. The ratio
 * `achieved / JS peak` says how many "JS loops' worth" of arithmetic onnxruntime delivers.
 *
 * The WebAssembly SIMD figures (`simdFloat32Gflops`, `simdFloat64Gflops`) are the same loop on
 * 128-bit vectors (f32x4 / f64x2 mul then add; relaxed-SIMD FMA is not enabled on Node 20),
 * the route preprocessing's simd.ts already takes: the bound a hand-written WASM kernel can
 * reach on one thread. It is still not the hardware peak (256/512-bit FMA units, two cores).
 *
 * Each figure is the best of `rounds` timed runs of ~`roundMs` (the fastest run is the one
 * least disturbed by the other processes of a shared machine).
 */

import { BR_IF_0, END, F64, F64X2_ADD, F64X2_MUL, F64X2_SPLAT, I32, LOOP, V128, i32Const, instantiate, localGet, localSet, localTee, moduleBytes, simd, type FunctionSpec } from '@rhenium-perf/wasm-asm';

/** Independent accumulator chains of the loop (>= the add latency x issue width). */
export const FMA_CHAINS = 8;
/** Iterations between clock reads: 8 chains x 2 FLOPs x this = FLOPs per block. */
export const FMA_BLOCK = 100_000;

/** Throughput figures of one measurement. */
export interface FmaPeak {
  /** Best float64 multiply-add throughput, GFLOP/s (2 FLOPs per multiply-add). */
  readonly float64Gflops: number;
  /** Best float32 (Math.fround) multiply-add throughput, GFLOP/s. */
  readonly float32Gflops: number;
  /** Best WebAssembly SIMD f32x4 multiply-add throughput, GFLOP/s (null without WASM SIMD). */
  readonly simdFloat32Gflops: number | null;
  /** Best WebAssembly SIMD f64x2 multiply-add throughput, GFLOP/s (null without WASM SIMD). */
  readonly simdFloat64Gflops: number | null;
  readonly rounds: number;
  /** A result of the loops (kept so the work cannot be removed as dead code). */
  readonly checksum: number;
}

/**
 * The float64 loop: BLOCK multiply-add steps on each of 8 chains starting at seed..seed+7;
 * returns the sum of the chains (closed form: sum_i m^BLOCK·(seed+i) + 8·c·(1 - m^BLOCK)/(1 - m)).
 * @example fmaBlockFloat64(0.999, 0.001, 0) // ~8.0 (each chain tends to c / (1 - m) = 1)
 */
export function fmaBlockFloat64(m: number, c: number, seed: number): number {
  let a0 = seed,
    a1 = seed + 1,
    a2 = seed + 2,
    a3 = seed + 3,
    a4 = seed + 4,
    a5 = seed + 5,
    a6 = seed + 6,
    a7 = seed + 7;
  for (let i = 0; i < FMA_BLOCK; i++) {
    a0 = a0 * m + c;
    a1 = a1 * m + c;
    a2 = a2 * m + c;
    a3 = a3 * m + c;
    a4 = a4 * m + c;
    a5 = a5 * m + c;
    a6 = a6 * m + c;
    a7 = a7 * m + c;
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

/** The float32 loop (every operation rounded to float32), same closed form up to float32 rounding. */
export function fmaBlockFloat32(m: number, c: number, seed: number): number {
  const f = Math.fround;
  const mm = f(m);
  const cc = f(c);
  let a0 = f(seed),
    a1 = f(seed + 1),
    a2 = f(seed + 2),
    a3 = f(seed + 3),
    a4 = f(seed + 4),
    a5 = f(seed + 5),
    a6 = f(seed + 6),
    a7 = f(seed + 7);
  for (let i = 0; i < FMA_BLOCK; i++) {
    a0 = f(f(a0 * mm) + cc);
    a1 = f(f(a1 * mm) + cc);
    a2 = f(f(a2 * mm) + cc);
    a3 = f(f(a3 * mm) + cc);
    a4 = f(f(a4 * mm) + cc);
    a5 = f(f(a5 * mm) + cc);
    a6 = f(f(a6 * mm) + cc);
    a7 = f(f(a7 * mm) + cc);
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

/** Best GFLOP/s of `block` over `rounds` runs of about `roundMs` each. */
function best(block: (m: number, c: number, seed: number) => number, rounds: number, roundMs: number, sink: { v: number }): number {
  // NOTE: m < 1 keeps the accumulators bounded (they converge to c / (1 - m)) and normal:
  // denormals or infinities would run on a slow path and understate the peak.
  const m = 0.999;
  const c = 0.001;
  for (let w = 0; w < 3; w++) sink.v += block(m, c, w); // warm-up: optimised code before timing
  let bestRate = 0;
  for (let r = 0; r < rounds; r++) {
    let blocks = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      sink.v += block(m, c, r);
      blocks++;
      t = performance.now();
    } while (t - t0 < roundMs);
    const flops = blocks * FMA_BLOCK * FMA_CHAINS * 2;
    bestRate = Math.max(bestRate, flops / ((t - t0) * 1e6));
  }
  return bestRate;
}

/**
 * Measure the JS-reachable multiply-add peak of one thread (~rounds x roundMs x 2 of time).
 * @example measureFmaPeak({ rounds: 5, roundMs: 20 }) // { float64Gflops: 2.9, float32Gflops: 2.8, ... }
 */
export function measureFmaPeak(options: { rounds?: number; roundMs?: number } = {}): FmaPeak {
  const rounds = options.rounds ?? 5;
  const roundMs = options.roundMs ?? 20;
  const sink = { v: 0 };
  const float64Gflops = best(fmaBlockFloat64, rounds, roundMs, sink);
  const float32Gflops = best(fmaBlockFloat32, rounds, roundMs, sink);
  const f32x4 = simdFmaLoop('f32x4');
  const f64x2 = simdFmaLoop('f64x2');
  // FLOPs per loop iteration per chain: lanes x 2; the JS harness counts FMA_CHAINS x 2 per
  // step, so scale by the lane count.
  const simdFloat32Gflops = f32x4 ? 4 * best((m, c, seed) => f32x4(FMA_BLOCK, m, c + seed * 0), rounds, roundMs, sink) : null;
  const simdFloat64Gflops = f64x2 ? 2 * best((m, c, seed) => f64x2(FMA_BLOCK, m, c + seed * 0), rounds, roundMs, sink) : null;
  return Object.freeze({ float64Gflops, float32Gflops, simdFloat32Gflops, simdFloat64Gflops, rounds, checksum: sink.v });
}

// --- WebAssembly SIMD: the same loop on 128-bit vectors (wasm-asm, the repository's one assembler). ---

/** Opcodes wasm-asm does not name: i32.sub, f32.demote_f64, f64.promote_f32. */
const I32_SUB = [0x6b];
const F32_DEMOTE_F64 = [0xb6];
const F64_PROMOTE_F32 = [0xbb];

/** Per lane type: splat of an f64 parameter, mul, add, and lane 0 back as f64. */
const LANES = {
  f32x4: { splat: [...F32_DEMOTE_F64, ...simd(0x13)], mul: simd(0xe6), add: simd(0xe4), lane0: [...simd(0x1f, 0), ...F64_PROMOTE_F32] },
  f64x2: { splat: F64X2_SPLAT, mul: F64X2_MUL, add: F64X2_ADD, lane0: simd(0x21, 0) },
} as const;

/**
 * `(n, m, c) -> f64`: n >= 1 iterations of acc_k = acc_k * m + c on FMA_CHAINS vector chains
 * (all starting at c); returns lane 0 of the sum of the chains.
 * Params 0 = n (i32), 1 = m, 2 = c (f64); locals 3..10 = chains, 11 = m splat, 12 = c splat.
 */
function simdFunction(kind: keyof typeof LANES): FunctionSpec {
  const L = LANES[kind];
  const code: number[] = [...localGet(1), ...L.splat, ...localSet(11), ...localGet(2), ...L.splat, ...localSet(12)];
  for (let k = 0; k < FMA_CHAINS; k++) code.push(...localGet(12), ...localSet(3 + k));
  code.push(...LOOP);
  for (let k = 0; k < FMA_CHAINS; k++) code.push(...localGet(3 + k), ...localGet(11), ...L.mul, ...localGet(12), ...L.add, ...localSet(3 + k));
  code.push(...localGet(0), ...i32Const(1), ...I32_SUB, ...localTee(0), ...BR_IF_0, ...END); // n -= 1; repeat while n != 0
  code.push(...localGet(3));
  for (let k = 1; k < FMA_CHAINS; k++) code.push(...localGet(3 + k), ...L.add);
  code.push(...L.lane0, ...END);
  return { exportName: kind, name: `fmaPeak_${kind}`, params: [I32, F64, F64], results: [F64], locals: [[FMA_CHAINS + 2, V128]], code };
}

let simdExports: Record<string, unknown> | null | undefined;

/**
 * The SIMD loop as a function `(n, m, c) => lane 0 of the chains' sum`, or null when this
 * runtime has no WebAssembly SIMD.
 * @example simdFmaLoop('f64x2')!(1, 0.5, 1) // 8 * (1 * 0.5 + 1) = 12
 */
export function simdFmaLoop(kind: 'f32x4' | 'f64x2'): ((n: number, m: number, c: number) => number) | null {
  if (simdExports === undefined) simdExports = instantiate(moduleBytes({ memoryPages: 1, functions: [simdFunction('f32x4'), simdFunction('f64x2')] }));
  return (simdExports?.[kind] as ((n: number, m: number, c: number) => number) | undefined) ?? null;
}

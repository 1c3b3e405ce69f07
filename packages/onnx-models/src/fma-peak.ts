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
 * Each figure is the best of `rounds` timed runs of ~`roundMs` (the fastest run is the one
 * least disturbed by the other processes of a shared machine).
 */

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
  return Object.freeze({ float64Gflops, float32Gflops, rounds, checksum: sink.v });
}

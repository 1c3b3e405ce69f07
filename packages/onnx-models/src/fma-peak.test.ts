import { describe, expect, it } from 'vitest';
import { FMA_BLOCK, FMA_CHAINS, fmaBlockFloat32, fmaBlockFloat64, measureFmaPeak, simdFmaLoop } from './fma-peak';

/** Closed form of the loops: sum over chains of m^n·a_i + c·(1 - m^n)/(1 - m). */
function closedForm(m: number, c: number, seed: number): number {
  const mn = m ** FMA_BLOCK;
  let s = 0;
  for (let i = 0; i < FMA_CHAINS; i++) s += mn * (seed + i) + (c * (1 - mn)) / (1 - m);
  return s;
}

describe('the JS multiply-add peak loops', () => {
  it('compute the multiply-add chains they claim (closed form)', () => {
    for (const [m, c, seed] of [
      [0.999, 0.001, 0],
      [0.9999, 0.5, 3],
      [0.5, -2, 1],
    ] as const) {
      expect(fmaBlockFloat64(m, c, seed)).toBeCloseTo(closedForm(m, c, seed), 9);
      // float32: every step rounds; the fixed point c/(1-m) is reached up to float32 precision.
      expect(Math.abs(fmaBlockFloat32(m, c, seed) - closedForm(m, c, seed))).toBeLessThan(1e-3 * Math.abs(closedForm(m, c, seed)) + 1e-3);
    }
  });

  it('reports finite positive throughputs and the number of rounds', () => {
    const p = measureFmaPeak({ rounds: 2, roundMs: 5 });
    expect(p.rounds).toBe(2);
    expect(Number.isFinite(p.float64Gflops) && p.float64Gflops > 0).toBe(true);
    expect(Number.isFinite(p.float32Gflops) && p.float32Gflops > 0).toBe(true);
    expect(Number.isFinite(p.checksum)).toBe(true);
  });
});

describe('the WebAssembly SIMD peak loops', () => {
  it('compute the chains they claim: 8 · (m^n·c + c·(1 - m^n)/(1 - m)) in lane 0', () => {
    const f64 = simdFmaLoop('f64x2')!;
    const f32 = simdFmaLoop('f32x4')!;
    expect(f64(1, 0.5, 1)).toBe(12); // each chain: 1 * 0.5 + 1 = 1.5
    for (const [n, m, c] of [
      [1000, 0.999, 0.001],
      [37, 0.5, -2],
    ] as const) {
      const mn = m ** n;
      const want = 8 * (mn * c + (c * (1 - mn)) / (1 - m));
      expect(f64(n, m, c)).toBeCloseTo(want, 10);
      expect(Math.abs(f32(n, m, c) - want)).toBeLessThan(1e-4 * Math.abs(want) + 1e-5);
    }
  });

  it('are reported by measureFmaPeak when the runtime has WASM SIMD', () => {
    const p = measureFmaPeak({ rounds: 1, roundMs: 5 });
    expect(p.simdFloat32Gflops !== null && p.simdFloat32Gflops > 0).toBe(true);
    expect(p.simdFloat64Gflops !== null && p.simdFloat64Gflops > 0).toBe(true);
  });
});

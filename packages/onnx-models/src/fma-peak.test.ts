import { describe, expect, it } from 'vitest';
import { FMA_BLOCK, FMA_CHAINS, fmaBlockFloat32, fmaBlockFloat64, measureFmaPeak } from './fma-peak';

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

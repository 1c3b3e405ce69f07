import { describe, expect, it } from 'vitest';
import { calibrateBatch } from './calibrate';

describe('calibrateBatch', () => {
  it('grows the batch until one batch reaches the target (a call of 0.013 ms, target 2 ms)', async () => {
    const tried: number[] = [];
    const r = await calibrateBatch(async (b) => (tried.push(b), b * 0.013), 2, 100_000);
    // 1 call = 0.013 ms -> aim ceil(1.2 x 2 / 0.013) = 185 calls, capped at x100 per step: 100;
    // 100 calls = 1.3 ms -> aim 185, but at least double: 200 calls = 2.6 ms >= 2, confirmed once.
    expect(tried).toEqual([1, 100, 200, 200]);
    expect(r.batch).toBe(200);
    expect(r.elapsedMs).toBeCloseTo(2.6, 12);
  });
  it('one call is enough when it already reaches the target', async () => {
    const r = await calibrateBatch(async (b) => b * 5, 2);
    expect(r).toEqual({ batch: 1, elapsedMs: 5 });
  });
  it('a batch that runs faster on its confirming repeat (the JIT kicked in) keeps growing', async () => {
    // 0.01 ms per call until a batch of 1000 or more has run once, then 0.0025 ms per call.
    let optimised = false;
    const tried: number[] = [];
    const r = await calibrateBatch(async (b) => {
      tried.push(b);
      const ms = b * (optimised ? 0.0025 : 0.01);
      if (b >= 200) optimised = true;
      return ms;
    }, 2);
    // 1 -> 100 (1 ms) -> 240 (2.4 ms, the JIT optimises) -> confirm 240: 0.6 ms -> 960 (2.4 ms) -> confirm 960 (2.4 ms)
    expect(tried).toEqual([1, 100, 240, 240, 960, 960]);
    expect(r.batch).toBe(960);
  });
  it('stops at the largest batch', async () => {
    const r = await calibrateBatch(async (b) => b * 1e-9, 2, 1000);
    expect(r.batch).toBe(1000);
  });
});

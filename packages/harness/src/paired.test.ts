import { describe, expect, it } from 'vitest';
import { alternatedPairs } from './paired';

describe('alternatedPairs', () => {
  it('alternates which side goes first and gives the medians of the sides, the differences and the ratios', async () => {
    const order: string[] = [];
    const as = [110, 130, 120, 400];
    const bs = [100, 100, 80, 100];
    let ia = 0;
    let ib = 0;
    const p = await alternatedPairs(
      4,
      async () => (order.push('a'), as[ia++]!),
      async () => (order.push('b'), bs[ib++]!),
    );
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
    expect(p.aMs).toEqual(as);
    expect(p.bMs).toEqual(bs);
    expect(p.aMedianMs).toBe(125); // (120 + 130) / 2
    expect(p.bMedianMs).toBe(100);
    // differences 10, 30, 40, 300 -> (30 + 40) / 2; ratios 1.1, 1.3, 1.5, 4 -> (1.3 + 1.5) / 2
    expect(p.differenceMedianMs).toBe(35);
    expect(p.ratioMedian).toBeCloseTo(1.4, 12);
  });

  it('rejects a count that is not a positive integer, and passes a side\'s failure on', async () => {
    await expect(alternatedPairs(0, async () => 1, async () => 1)).rejects.toThrow(/count must be a positive integer, received 0/);
    await expect(alternatedPairs(1.5, async () => 1, async () => 1)).rejects.toThrow(RangeError);
    await expect(alternatedPairs(2, async () => 1, async () => Promise.reject(new Error('the floor printed nothing')))).rejects.toThrow('the floor printed nothing');
  });
});

import { describe, expect, it } from 'vitest';
import { evenSpans } from './backproject-simd';
import { circleSpans } from './geometry';

describe('evenSpans', () => {
  it('widens odd spans by one pixel, to the right or at the row end to the left, and keeps empty rows', () => {
    // rows: [1, 3] odd -> [1, 4]; [2, 4] at the end (n = 5) -> [1, 4]; [1, 0] empty; [0, 3] even; [2, 2] -> [2, 3]
    const got = evenSpans(Int32Array.from([1, 3, 2, 4, 1, 0, 0, 3, 2, 2]), 5);
    expect(Array.from(got!)).toEqual([1, 4, 1, 4, 1, 0, 0, 3, 2, 3]);
  });

  it('gives up on an odd full row (the scalar loop runs then)', () => {
    expect(evenSpans(Int32Array.from([0, 4]), 5)).toBeNull();
  });

  it('gives even lengths containing the original spans for the reconstruction circle of an even size (odd: null)', () => {
    expect(evenSpans(circleSpans(21), 21)).toBeNull();
    for (const n of [20, 256]) {
      const spans = circleSpans(n);
      const wide = evenSpans(spans, n)!;
      for (let r = 0; r < n; r++) {
        if (spans[2 * r]! > spans[2 * r + 1]!) continue;
        expect((wide[2 * r + 1]! - wide[2 * r]! + 1) % 2).toBe(0);
        expect(wide[2 * r]!).toBeLessThanOrEqual(spans[2 * r]!);
        expect(wide[2 * r + 1]!).toBeGreaterThanOrEqual(spans[2 * r + 1]!);
        expect(wide[2 * r + 1]!).toBeLessThan(n);
      }
    }
  });
});

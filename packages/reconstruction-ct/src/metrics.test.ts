import { describe, expect, it } from 'vitest';
import { rmsError } from './metrics';

describe('rmsError', () => {
  it('is sqrt(mean((a - b)^2)) over all values', () => {
    expect(rmsError(Float64Array.of(1, 2), Float64Array.of(1, 4))).toBeCloseTo(Math.SQRT2, 15);
    expect(rmsError(Float64Array.of(0, 0, 0, 0), Float64Array.of(1, -1, 1, -1))).toBe(1);
    expect(() => rmsError(new Float64Array(3), new Float64Array(4))).toThrow(/has 4 values; expected 3/);
  });
});

import { describe, expect, it } from 'vitest';
import { downsampleMean, psnr } from './quality';

describe('psnr', () => {
  it('is 10 log10(range^2 / MSE) (hand-computed)', () => {
    // MSE = (0 + 0.01) / 2 = 0.005 -> 10 log10(200) = 23.0103
    expect(psnr([0, 1], [0, 0.9], 1)).toBeCloseTo(23.0103, 4);
    expect(psnr([0, 100], [0, 90], 100)).toBeCloseTo(23.0103, 4);
    expect(psnr([1, 2], [1, 2], 1)).toBe(Infinity);
    expect(() => psnr([1], [1, 2], 1)).toThrow(RangeError);
    expect(() => psnr([1], [1], 0)).toThrow(RangeError);
  });
});

describe('downsampleMean', () => {
  it('averages 2x2 blocks per slice', () => {
    // two slices of 2x4 -> two slices of 1x2
    const x = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 10, 10, 0, 0, 10, 10, 0, 4]);
    expect(Array.from(downsampleMean(x, [2, 2, 4], 2, new Float64Array(4)))).toEqual([3.5, 5.5, 10, 1]);
    expect(() => downsampleMean(x, [2, 2, 4], 3, new Float64Array(4))).toThrow(RangeError);
    expect(() => downsampleMean(x, [2, 2, 4], 2, new Float64Array(3))).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { gaussianImportance, planWindows } from './sliding-window';

describe('planWindows (MONAI scan)', () => {
  it('covers 64x128x128 with 27 patches of 32x64x64 at overlap 0.25', () => {
    const p = planWindows([64, 128, 128], [32, 64, 64], 0.25);
    // interval z = floor(32 * 0.75) = 24: starts 0, 24, 48 -> 48 + 32 > 64 pulled back to 32.
    const zs = [...new Set(p.starts.map((s) => s[0]))];
    const xs = [...new Set(p.starts.map((s) => s[2]))];
    expect(zs).toEqual([0, 24, 32]);
    expect(xs).toEqual([0, 48, 64]);
    expect(p.starts.length).toBe(27);
    expect(p.padBefore).toEqual([0, 0, 0]);
  });

  it('uses one patch when the patch equals the volume, whatever the overlap', () => {
    expect(planWindows([8, 16, 16], [8, 16, 16], 0.5).starts).toEqual([[0, 0, 0]]);
  });

  it('pads a volume smaller than the patch symmetrically (half before, rounded down)', () => {
    const p = planWindows([1, 16, 13], [8, 16, 16], 0.25);
    expect(p.paddedShape).toEqual([8, 16, 16]);
    expect(p.padBefore).toEqual([3, 0, 1]);
    expect(p.starts).toEqual([[0, 0, 0]]);
  });

  it('refuses overlap outside [0, 1)', () => {
    expect(() => planWindows([8, 8, 8], [4, 4, 4], 1)).toThrow(expect.objectContaining({ code: 'RPERF_PERCEPTION_INVALID_OPTIONS' }));
  });
});

describe('gaussianImportance', () => {
  it('is the separable Gaussian with sigma = 0.125 * patch, peak 1 at an odd centre', () => {
    const w = gaussianImportance([1, 1, 3], 0.125);
    // sigma = 0.375, ends at distance 1: exp(-1 / (2 * 0.140625)).
    expect(w[1]).toBe(1);
    expect(w[0]).toBeCloseTo(Math.exp(-1 / 0.28125), 7);
    expect(w[2]).toBe(w[0]);
  });

  it('clamps tiny weights to 1e-3 (MONAI) so border voxels still count', () => {
    const w = gaussianImportance([32, 32, 32]);
    let min = Infinity;
    let max = 0;
    for (const v of w) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeCloseTo(1e-3, 9);
    // Centre of an even patch lies between voxels: 3 axes at distance 0.5, sigma 4.
    expect(max).toBeCloseTo(Math.exp((-3 * 0.25) / 32), 6);
  });
});

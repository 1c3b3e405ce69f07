import { describe, expect, it } from 'vitest';
import { axisAlignedAffine, voxelToWorld } from '@rhenium-perf/fixtures';
import { upsampledGeometry } from './geometry';

describe('upsampledGeometry', () => {
  it('halves the in-plane spacing and moves the origin by a quarter voxel (x2)', () => {
    const g = upsampledGeometry([2, 1, 1], axisAlignedAffine([2, 1, 1]), 2);
    expect(g.spacingMm).toEqual([2, 0.5, 0.5]);
    expect(g.affine).toEqual([0.5, 0, 0, -0.25, 0, 0.5, 0, -0.25, 0, 0, 2, 0, 0, 0, 0, 1]);
  });

  it('keeps the patient-space extent and centres for an oblique affine', () => {
    // A rotated, anisotropic affine: the new voxels 2i, 2i+1 must straddle the old centre i,
    // and the outer edge (index -1/2) must stay where it was.
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const A = [0.9 * c, -0.8 * s, 0.1, 10, 0.9 * s, 0.8 * c, 0.2, -20, 0, 0.05, 3, 5, 0, 0, 0, 1];
    const g = upsampledGeometry([3, 0.8, 0.9], A, 2);
    for (const [i, j, k] of [[0, 0, 0], [3, 5, 2], [7, 1, 4]] as const) {
      const old = voxelToWorld(A, i, j, k);
      const mean = [0, 0, 0];
      for (const di of [0, 1]) for (const dj of [0, 1]) {
        const w = voxelToWorld(g.affine, 2 * i + di, 2 * j + dj, k);
        for (let a = 0; a < 3; a++) mean[a]! += w[a]! / 4;
      }
      for (let a = 0; a < 3; a++) expect(mean[a]).toBeCloseTo(old[a]!, 12);
    }
    const edgeOld = voxelToWorld(A, -0.5, -0.5, 1);
    const edgeNew = voxelToWorld(g.affine, -0.5, -0.5, 1);
    for (let a = 0; a < 3; a++) expect(edgeNew[a]).toBeCloseTo(edgeOld[a]!, 12);
  });
});

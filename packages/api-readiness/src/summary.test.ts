import { describe, expect, it } from 'vitest';
import { axisAlignedAffine } from '@rhenium-perf/fixtures';
import { labelSummary } from './summary';

describe('labelSummary', () => {
  it('counts every non-zero label and multiplies by the voxel volume (hand-computed)', () => {
    // 2 x 2 x 3 voxels of 2 x 1.5 x 0.5 mm = 1.5 mm^3 each.
    const data = Uint8Array.of(0, 3, 3, 1, 0, 0, 3, 1, 0, 0, 0, 7);
    const s = labelSummary({ data, shape: [2, 2, 3], spacingMm: [2, 1.5, 0.5], affine: axisAlignedAffine([2, 1.5, 0.5]), modality: null });
    expect(s).toEqual([
      { label: 1, voxels: 2, volumeMm3: 3 },
      { label: 3, voxels: 3, volumeMm3: 4.5 },
      { label: 7, voxels: 1, volumeMm3: 1.5 },
    ]);
  });

  it('an all-background map has no labels', () => {
    expect(labelSummary({ data: new Uint8Array(8), shape: [2, 2, 2], spacingMm: [1, 1, 1], affine: axisAlignedAffine([1, 1, 1]), modality: 'CT' })).toEqual([]);
  });
});

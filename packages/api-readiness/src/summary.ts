/**
 * The label statistics of the JSON answer: voxels and volume per non-zero label.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import type { LabelSummary } from './types';

/**
 * Voxel count and volume (voxels x sx x sy x sz mm^3) of every non-zero label, ascending.
 * Labels must be integers in 0..65535 (what label maps hold).
 * @example labelSummary({ data: Uint8Array.of(0, 1, 1, 2), shape: [1, 2, 2], spacingMm: [2, 1, 1], ... })
 *          // [{ label: 1, voxels: 2, volumeMm3: 4 }, { label: 2, voxels: 1, volumeMm3: 2 }]
 */
export function labelSummary(labelMap: Volume): LabelSummary[] {
  const counts = new Map<number, number>();
  const data = labelMap.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== 0) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const [sz, sy, sx] = labelMap.spacingMm;
  const voxelMm3 = sz * sy * sx;
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([label, voxels]) => ({ label, voxels, volumeMm3: voxels * voxelMm3 }));
}

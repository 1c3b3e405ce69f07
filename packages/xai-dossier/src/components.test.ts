import { describe, expect, it } from 'vitest';
import { axisAlignedAffine, type Volume } from '@rhenium-perf/fixtures';
import { boxToPatient, connectedComponents, labelVolumes, voxelVolumeMm3 } from './components';

function labelMap(shape: [number, number, number], voxels: [number, number, number, number][], spacing: [number, number, number] = [1, 1, 1], affine?: number[]): Volume<Uint8Array> {
  const [nz, ny, nx] = shape;
  const data = new Uint8Array(nz * ny * nx);
  for (const [i, j, k, l] of voxels) data[(k * ny + j) * nx + i] = l;
  return { data, shape, spacingMm: spacing, affine: affine ?? axisAlignedAffine(spacing), modality: null };
}

describe('connectedComponents (26-connectivity)', () => {
  it('joins voxels touching by a corner only, and keeps a one-voxel gap apart', () => {
    const m = labelMap([4, 4, 4], [
      [0, 0, 0, 1],
      [1, 1, 1, 1], // corner neighbour of (0,0,0)
      [3, 3, 3, 1], // gap of one voxel from (1,1,1)
    ]);
    const r = connectedComponents(m);
    expect(r.components.map((c) => c.voxels)).toEqual([2, 1]);
    expect(r.map[0]).toBe(1);
    expect(r.map[(1 * 4 + 1) * 4 + 1]).toBe(1);
    expect(r.map[(3 * 4 + 3) * 4 + 3]).toBe(2);
  });

  it('never joins different labels, and counts sizes, boxes and centroids exactly', () => {
    // label 1: an L of 4 voxels in slice 0; label 2: a 2x2x2 cube touching it by a face.
    const vox: [number, number, number, number][] = [
      [0, 0, 0, 1], [1, 0, 0, 1], [2, 0, 0, 1], [2, 1, 0, 1],
    ];
    for (const k of [0, 1]) for (const j of [2, 3]) for (const i of [2, 3]) vox.push([i, j, k, 2]);
    const m = labelMap([2, 5, 5], vox, [2, 0.5, 1.5]);
    const r = connectedComponents(m);
    expect(r.components).toHaveLength(2);
    const [a, b] = r.components;
    expect(a).toMatchObject({ id: 1, label: 1, voxels: 4, bboxVoxel: { min: [0, 0, 0], max: [2, 1, 0] } });
    expect(a!.centroidVoxel).toEqual([5 / 4, 1 / 4, 0]);
    expect(b).toMatchObject({ id: 2, label: 2, voxels: 8, bboxVoxel: { min: [2, 2, 0], max: [3, 3, 1] } });
    // voxel volume 2 * 0.5 * 1.5 = 1.5 mm³
    expect(voxelVolumeMm3(m)).toBe(1.5);
    expect(a!.volumeMm3).toBe(6);
    expect(b!.volumeMm3).toBe(12);
    // centroid of the cube (2.5, 2.5, 0.5) in mm: x = 2.5 * 1.5, y = 2.5 * 0.5, z = 0.5 * 2
    expect(b!.centroidMm).toEqual([3.75, 1.25, 1]);
    // box faces: i in [1.5, 3.5] -> x [2.25, 5.25]; j [1.5, 3.5] -> y [0.75, 1.75]; k [-0.5, 1.5] -> z [-1, 3]
    expect(b!.bboxMm).toEqual({ min: [2.25, 0.75, -1], max: [5.25, 1.75, 3] });
  });

  it('maps centroids through a general affine (flip and origin)', () => {
    // x flipped (RAS from LPS-like), origin (10, -20, 5)
    const affine = [-2, 0, 0, 10, 0, 1, 0, -20, 0, 0, 3, 5, 0, 0, 0, 1];
    const m = labelMap([3, 3, 3], [[1, 1, 1, 5], [2, 1, 1, 5]], [3, 1, 2], affine);
    const c = connectedComponents(m).components[0]!;
    expect(c.centroidVoxel).toEqual([1.5, 1, 1]);
    expect(c.centroidMm).toEqual([10 - 3, -19, 8]);
    expect(boxToPatient(affine, c.bboxVoxel)).toEqual({ min: [10 - 5, -19.5, 6.5], max: [10 - 1, -18.5, 9.5] });
  });

  it('a filled volume is one component; an empty one has none', () => {
    const full = labelMap([3, 4, 5], []);
    full.data.fill(3);
    expect(connectedComponents(full).components.map((c) => c.voxels)).toEqual([60]);
    expect(connectedComponents(labelMap([3, 4, 5], [])).components).toEqual([]);
  });

  it('agrees with a brute-force union of neighbours on a random map', () => {
    const shape: [number, number, number] = [6, 7, 8];
    const V = 6 * 7 * 8;
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const m = labelMap(shape, []);
    for (let v = 0; v < V; v++) m.data[v] = rnd() < 0.25 ? 1 + Math.floor(rnd() * 2) : 0;
    // reference: union-find over all 26-neighbour pairs of equal labels
    const parent = Int32Array.from({ length: V }, (_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
    const at = (i: number, j: number, k: number): number => (k * 7 + j) * 8 + i;
    for (let k = 0; k < 6; k++) for (let j = 0; j < 7; j++) for (let i = 0; i < 8; i++) {
      const v = at(i, j, k);
      if (!m.data[v]) continue;
      for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
        const [a, b, c] = [i + di, j + dj, k + dk];
        if (a < 0 || b < 0 || c < 0 || a >= 8 || b >= 7 || c >= 6) continue;
        const u = at(a, b, c);
        if (m.data[u] === m.data[v]) parent[find(u)] = find(v);
      }
    }
    const sizes = new Map<number, number>();
    for (let v = 0; v < V; v++) if (m.data[v]) sizes.set(find(v), (sizes.get(find(v)) ?? 0) + 1);
    const r = connectedComponents(m);
    expect(r.components.map((c) => c.voxels).sort((a, b) => a - b)).toEqual([...sizes.values()].sort((a, b) => a - b));
    // same partition: voxels share a component id iff they share a root
    for (let v = 0; v < V; v++) for (const u of [v + 1, v + 8, v + 56]) {
      if (u < V && m.data[v] && m.data[u]) expect(r.map[v] === r.map[u]).toBe(find(v) === find(u));
    }
  });
});

describe('labelVolumes', () => {
  it('counts every label and multiplies by the voxel volume', () => {
    const m = labelMap([1, 2, 3], [[0, 0, 0, 1], [1, 0, 0, 1], [2, 1, 0, 4]], [2, 0.5, 3]);
    expect(labelVolumes(m)).toEqual([
      { label: 1, voxels: 2, volumeMm3: 6 },
      { label: 4, voxels: 1, volumeMm3: 3 },
    ]);
  });
});

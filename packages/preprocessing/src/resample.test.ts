import { axisAlignedAffine, createRng, voxelToWorld, type Volume } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { planResample, resampleNearest, resampleTrilinear, resampleVolume } from './resample';

function volume(shape: [number, number, number], spacingMm: [number, number, number], f: (i: number, j: number, k: number) => number, origin: [number, number, number] = [0, 0, 0]): Volume<Float32Array> {
  const [nz, ny, nx] = shape;
  const data = new Float32Array(nz * ny * nx);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[(k * ny + j) * nx + i] = f(i, j, k);
  return { data, shape, spacingMm, affine: axisAlignedAffine(spacingMm, origin), modality: 'MRI' };
}

describe('planResample geometry', () => {
  it('computes the output shape, spacing and origin (hand-computed)', () => {
    // x: 4 voxels of 1 mm -> 2 voxels of 2 mm; centres of the input at 0..3, extent [-0.5, 3.5];
    // output centres at 0.5 and 2.5 (extent [-0.5, 3.5] again). z: 3 of 2 mm -> 6 of 1 mm.
    const plan = planResample([3, 5, 4], [2, 1, 1], axisAlignedAffine([2, 1, 1], [10, 20, 30]), [1, 1, 2]);
    expect(plan.outShape).toEqual([6, 5, 2]);
    expect(plan.outSpacingMm).toEqual([1, 1, 2]);
    // z: input centres 30, 32, 34 (extent 29..35); output 6 voxels of 1 mm centred -> first at 29.5.
    expect(plan.outAffine).toEqual([2, 0, 0, 10.5, 0, 1, 0, 20, 0, 0, 1, 29.5, 0, 0, 0, 1]);
  });
  it('covers the same physical extent as the input', () => {
    const spacing: [number, number, number] = [2.5, 0.8, 0.7];
    const shape: [number, number, number] = [12, 40, 50];
    const affine = axisAlignedAffine(spacing, [-3, 7, 100]);
    const plan = planResample(shape, spacing, affine, [1.25, 1.6, 0.35]);
    // Extent of a grid along an axis: first centre - s/2 .. last centre + s/2.
    const lo = (aff: readonly number[]) => voxelToWorld(aff, -0.5, -0.5, -0.5);
    const hi = (aff: readonly number[], sh: readonly number[]) => voxelToWorld(aff, sh[2]! - 0.5, sh[1]! - 0.5, sh[0]! - 0.5);
    expect(plan.outShape).toEqual([24, 20, 100]);
    lo(plan.outAffine).forEach((v, a) => expect(v).toBeCloseTo(lo(affine)[a]!, 10));
    hi(plan.outAffine, plan.outShape).forEach((v, a) => expect(v).toBeCloseTo(hi(affine, shape)[a]!, 10));
  });
  it('keeps the direction cosines of an oblique affine and scales the columns', () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    // Rotation about z; spacing x 2, y 2, z 3.
    const affine = [2 * c, -2 * s, 0, 5, 2 * s, 2 * c, 0, -4, 0, 0, 3, 1, 0, 0, 0, 1];
    const plan = planResample([4, 8, 8], [3, 2, 2], affine, [3, 1, 1]);
    expect(plan.outShape).toEqual([4, 16, 16]);
    const col = (a: readonly number[], j: number) => [a[j]!, a[4 + j]!, a[8 + j]!];
    expect(col(plan.outAffine, 0).map((v, r) => v - col(affine, 0)[r]! / 2)).toEqual([0, 0, 0]);
    expect(col(plan.outAffine, 2)).toEqual(col(affine, 2));
    // Output voxel 0 in x/y sits at input index -0.25 (centred 2x upsampling); z unchanged.
    voxelToWorld(plan.outAffine, 0, 0, 0).forEach((v, a) => expect(v).toBeCloseTo(voxelToWorld(affine, -0.25, -0.25, 0)[a]!, 12));
  });
});

describe('resampleTrilinear', () => {
  it('is the identity at the same spacing', () => {
    const rng = createRng(5);
    const v = volume([5, 6, 7], [1.2, 0.9, 0.9], () => rng.normal());
    const r = resampleVolume(v, v.spacingMm, 'trilinear');
    expect(r.shape).toEqual(v.shape);
    expect(r.affine).toEqual(v.affine);
    expect(Array.from(r.data)).toEqual(Array.from(v.data));
  });
  it('reproduces a linear function exactly (downsampling: every sample inside the grid)', () => {
    const f = (x: number, y: number, z: number) => 3 + 0.5 * x - 0.25 * y + 2 * z;
    const v = volume([8, 12, 16], [1, 1, 1], f);
    const r = resampleVolume(v, [2, 1.5, 4], 'trilinear');
    expect(r.shape).toEqual([4, 8, 4]);
    const [mz, my, mx] = r.shape;
    let maxErr = 0;
    for (let k = 0; k < mz; k++) {
      for (let j = 0; j < my; j++) {
        for (let i = 0; i < mx; i++) {
          // Where the output voxel centre falls in input index space (spacing 1, origin 0).
          const [x, y, z] = voxelToWorld(r.affine, i, j, k);
          maxErr = Math.max(maxErr, Math.abs(r.data[(k * my + j) * mx + i]! - f(x, y, z)));
        }
      }
    }
    expect(maxErr).toBeLessThan(1e-5); // float32 output of values up to ~20
  });
  it('reproduces a linear function inside the grid when upsampling, and clamps to the edge outside', () => {
    const f = (x: number, y: number, z: number) => x + 2 * y + 3 * z;
    const v = volume([3, 4, 5], [1, 1, 1], f);
    const r = resampleVolume(v, [0.5, 0.5, 0.5], 'trilinear');
    const [mz, my, mx] = r.shape;
    expect(r.shape).toEqual([6, 8, 10]);
    for (let k = 0; k < mz; k++) {
      for (let j = 0; j < my; j++) {
        for (let i = 0; i < mx; i++) {
          const [x, y, z] = voxelToWorld(r.affine, i, j, k);
          const clamp = (u: number, n: number) => Math.min(n - 1, Math.max(0, u));
          expect(r.data[(k * my + j) * mx + i]).toBeCloseTo(f(clamp(x, 5), clamp(y, 4), clamp(z, 3)), 5);
        }
      }
    }
  });
  it('interpolates a hand-computed 2x2x2 cube to its centre', () => {
    // Eight corners 0..7; downsampling to one voxel samples the centre: the mean 3.5.
    const v: Volume = { data: new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]), shape: [2, 2, 2], spacingMm: [1, 1, 1], affine: axisAlignedAffine([1, 1, 1]), modality: null };
    const r = resampleVolume(v, [2, 2, 2], 'trilinear');
    expect(r.shape).toEqual([1, 1, 1]);
    expect(r.data[0]).toBe(3.5);
    expect(r.affine.slice(0, 12)).toEqual([2, 0, 0, 0.5, 0, 2, 0, 0.5, 0, 0, 2, 0.5]);
  });
  it('reuses a plan on several inputs and refuses a wrong-size out', () => {
    const plan = planResample([2, 2, 2], [1, 1, 1], axisAlignedAffine([1, 1, 1]), [1, 1, 1]);
    const out = new Float32Array(8);
    expect(Array.from(resampleTrilinear(plan, new Float32Array(8).fill(2), out))).toEqual(new Array(8).fill(2));
    expect(() => resampleTrilinear(plan, new Float32Array(8), new Float32Array(7))).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_SHAPE_MISMATCH' }));
    expect(() => resampleTrilinear(plan, new Float32Array(9), out)).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_SHAPE_MISMATCH' }));
    expect(() => resampleTrilinear(plan, out, out)).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_OUT_ALIASES_INPUT' }));
  });
});

describe('resampleNearest', () => {
  it('keeps only labels of the input and the input type', () => {
    const rng = createRng(9);
    const labels = new Uint8Array(6 * 10 * 10).map(() => [0, 0, 0, 2, 5][rng.int(5)]!);
    const v: Volume = { data: labels, shape: [6, 10, 10], spacingMm: [3, 0.7, 0.7], affine: axisAlignedAffine([3, 0.7, 0.7]), modality: 'CT' };
    for (const target of [[1, 1, 1], [4.5, 1.5, 0.3], [3, 0.7, 0.7]] as const) {
      const r = resampleVolume(v, target, 'nearest');
      expect(r.data).toBeInstanceOf(Uint8Array);
      for (const l of new Set(r.data)) expect([0, 2, 5]).toContain(l);
    }
    expect(Array.from(resampleVolume(v, [3, 0.7, 0.7], 'nearest').data)).toEqual(Array.from(labels));
  });
  it('picks the hand-computed nearest voxel when upsampling 2x', () => {
    // 1D along x: [7, 9] -> 4 samples at input index -0.25, 0.25, 0.75, 1.25 -> 7, 7, 9, 9.
    const v: Volume = { data: new Int16Array([7, 9]), shape: [1, 1, 2], spacingMm: [1, 1, 2], affine: axisAlignedAffine([1, 1, 2]), modality: null };
    expect(Array.from(resampleVolume(v, [1, 1, 1], 'nearest').data)).toEqual([7, 7, 9, 9]);
  });
});

describe('bad input', () => {
  const v = volume([2, 2, 2], [1, 1, 1], () => 0);
  it('refuses non-positive or non-finite spacings with a typed error', () => {
    for (const bad of [[0, 1, 1], [1, -1, 1], [1, 1, NaN], [1, 1]]) {
      expect(() => resampleVolume(v, bad, 'trilinear')).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_BAD_SPACING' }));
      expect(() => resampleVolume({ ...v, spacingMm: bad as unknown as [number, number, number] }, [1, 1, 1], 'trilinear')).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_BAD_SPACING' }));
    }
  });
  it('refuses data that does not match the shape, and an unknown interpolation', () => {
    expect(() => resampleVolume({ ...v, data: new Float32Array(7) }, [1, 1, 1], 'nearest')).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_SHAPE_MISMATCH' }));
    expect(() => resampleVolume(v, [1, 1, 1], 'cubic' as 'nearest')).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_BAD_OPTION' }));
  });
});

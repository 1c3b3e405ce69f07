import { axisAlignedAffine, voxelToWorld, type Volume } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { cropOrPadVolume, cropPad, planCropPad } from './crop-pad';

/** Direct reference: out[o] = input[o + start] inside, padValue outside. */
function reference(input: ArrayLike<number>, inShape: readonly number[], outShape: readonly number[], start: readonly number[], pad: number): number[] {
  const out: number[] = [];
  for (let z = 0; z < outShape[0]!; z++)
    for (let y = 0; y < outShape[1]!; y++)
      for (let x = 0; x < outShape[2]!; x++) {
        const [iz, iy, ix] = [z + start[0]!, y + start[1]!, x + start[2]!];
        const inside = iz >= 0 && iy >= 0 && ix >= 0 && iz < inShape[0]! && iy < inShape[1]! && ix < inShape[2]!;
        out.push(inside ? input[(iz * inShape[1]! + iy) * inShape[2]! + ix]! : pad);
      }
  return out;
}

describe('planCropPad', () => {
  it('pads up and crops down to the multiple, centred (hand-computed)', () => {
    expect(planCropPad([30, 61, 64], 16, 'pad')).toEqual({ inShape: [30, 61, 64], outShape: [32, 64, 64], start: [-1, -1, 0] });
    expect(planCropPad([30, 61, 70], 16, 'crop')).toEqual({ inShape: [30, 61, 70], outShape: [16, 48, 64], start: [7, 6, 3] });
    expect(planCropPad([1, 100, 100], [1, 32, 32], 'pad').outShape).toEqual([1, 128, 128]);
    expect(planCropPad([5, 8, 8], 8, 'crop')).toEqual({ inShape: [5, 8, 8], outShape: [8, 8, 8], start: [-1, 0, 0] });
  });
  it('refuses a bad multiple or mode', () => {
    for (const m of [0, 1.5, [1, 2]] as const) expect(() => planCropPad([4, 4, 4], m)).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_BAD_OPTION' }));
    expect(() => planCropPad([4, 4, 4], 4, 'grow' as 'pad')).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_BAD_OPTION' }));
  });
});

describe('cropPad', () => {
  it('matches the direct reference for pad, crop and mixed axes', () => {
    const inShape = [5, 7, 9] as const;
    const input = new Int16Array(5 * 7 * 9).map((_, i) => i);
    for (const [mult, mode] of [[4, 'pad'], [4, 'crop'], [[8, 2, 4], 'pad'], [[2, 8, 4], 'crop'], [1, 'pad']] as const) {
      const plan = planCropPad(inShape, mult, mode);
      const out = cropPad(plan, input, new Int16Array(plan.outShape[0] * plan.outShape[1] * plan.outShape[2]), -7);
      expect(Array.from(out)).toEqual(reference(input, inShape, plan.outShape, plan.start, -7));
    }
  });
  it('refuses a wrong-size out or an aliased one', () => {
    const plan = planCropPad([2, 2, 2], 4);
    expect(() => cropPad(plan, new Float32Array(8), new Float32Array(63))).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_SHAPE_MISMATCH' }));
    const same = planCropPad([2, 2, 2], 2);
    const x = new Float32Array(8);
    expect(() => cropPad(same, x, x)).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_OUT_ALIASES_INPUT' }));
  });
});

describe('cropOrPadVolume', () => {
  it('keeps every voxel at the same physical position', () => {
    const v: Volume = { data: new Float32Array(3 * 5 * 6).map((_, i) => i + 1), shape: [3, 5, 6], spacingMm: [2, 0.5, 0.5], affine: axisAlignedAffine([2, 0.5, 0.5], [10, -20, 5]), modality: 'CT' };
    const r = cropOrPadVolume(v, 4, { padValue: -1000 });
    expect(r.shape).toEqual([4, 8, 8]);
    expect(r.data).toBeInstanceOf(Float32Array);
    // Input voxel (i=2, j=3, k=1) has value ((1*5+3)*6+2)+1 = 51; find it in the output and compare positions.
    const p = Array.from(r.data).indexOf(51);
    const [oi, oj, ok] = [p % 8, Math.floor(p / 8) % 8, Math.floor(p / 64)];
    expect(voxelToWorld(r.affine, oi, oj, ok)).toEqual(voxelToWorld(v.affine, 2, 3, 1));
    expect(r.data.filter((x) => x === -1000).length).toBe(4 * 8 * 8 - 3 * 5 * 6);
    expect(r.spacingMm).toEqual(v.spacingMm);
  });
});

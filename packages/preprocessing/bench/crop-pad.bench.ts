/**
 * Crop/pad cases: a CT volume of a shape no U-Net accepts (odd sizes) padded up, or
 * cropped down, to a multiple of 16 voxels per axis, centred, pad value -1000 HU (air).
 */
import { expectQuality, sweep, type BenchCase } from '@rhenium-perf/harness';
import type { Volume, VolumeArray } from '@rhenium-perf/fixtures';
import { cropPad, planCropPad, type CropPadMode, type CropPadPlan } from '../src/index';
import { sharedBenchVolume } from './support';

interface State {
  volume: Volume;
  plan: CropPadPlan;
  out: Int16Array;
}

/** Odd shapes near the named sizes. */
const ODD_SHAPES = { small: [15, 30, 29], medium: [30, 61, 59], large: [62, 125, 123] } as const;
const PAD_HU = -1000;
const MULTIPLE = 16;

const cases = sweep({ mode: ['pad', 'crop'] as CropPadMode[], size: ['small', 'medium', 'large'] as (keyof typeof ODD_SHAPES)[] }, (p) => {
  const shape = ODD_SHAPES[p.size];
  return {
    id: `preprocess_croppad_${p.mode}_m${MULTIPLE}_ct_${p.size}`,
    category: 'preprocessing',
    task: `crop_pad_${p.mode}`,
    modality: 'CT',
    // One item = one volume cropped or padded to a multiple of 16; input voxels counted.
    inputShape: [...shape],
    dtype: 'int16',
    tags: ['full'],
    params: { multiple: MULTIPLE },
    setup: async (): Promise<State> => {
      const volume = (await sharedBenchVolume('CT', shape)).image;
      const plan = planCropPad(volume.shape, MULTIPLE, p.mode);
      return { volume, plan, out: new Int16Array(plan.outShape[0] * plan.outShape[1] * plan.outShape[2]) };
    },
    run: (s: State): VolumeArray => cropPad(s.plan, s.volume.data, s.out, PAD_HU),
    verify: (s: State, out: VolumeArray, ctx) => {
      ctx.record('output_shape', s.plan.outShape);
      const [nz, ny, nx] = s.volume.shape;
      const [mz, my, mx] = s.plan.outShape;
      if (![mz, my, mx].every((d) => d % MULTIPLE === 0)) throw new Error(`output shape ${s.plan.outShape} is not a multiple of ${MULTIPLE}`);
      let wrong = 0;
      for (let z = 0; z < mz; z++)
        for (let y = 0; y < my; y++)
          for (let x = 0; x < mx; x++) {
            const [iz, iy, ix] = [z + s.plan.start[0], y + s.plan.start[1], x + s.plan.start[2]];
            const inside = iz >= 0 && iy >= 0 && ix >= 0 && iz < nz && iy < ny && ix < nx;
            const want = inside ? s.volume.data[(iz * ny + iy) * nx + ix]! : PAD_HU;
            if (out[(z * my + y) * mx + x] !== want) wrong++;
          }
      return { wrong_voxels: expectQuality('wrong_voxels', wrong, { max: 0, unit: 'voxels' }) };
    },
  };
});

export default cases;

/**
 * Centred crop or pad of a volume to a multiple of N voxels per axis, what a U-Net with
 * L pooling levels needs (N = 2^L).
 *
 * Per axis of n voxels and multiple N: `pad` grows it to n' = ceil(n / N) N (every voxel
 * kept), `crop` shrinks it to n' = max(N, floor(n / N) N) (padding when n < N). The
 * difference d = n' - n is split centred: floor(|d| / 2) before, the rest after. Output
 * index o reads input index o + start with start = -floor(d / 2) when padding and
 * floor(-d / 2) when cropping; voxels outside the input take `padValue`.
 * The output affine is the input's with the origin moved to the centre of output voxel 0,
 * i.e. the input affine applied to (start_x, start_y, start_z); spacing is unchanged.
 */
import { voxelToWorld, type Volume, type VolumeArray } from '@rhenium-perf/fixtures';
import { DEFAULT_PAD_VALUE } from './defaults';
import { PreprocessError } from './errors';
import { checkLength, checkNoAlias, checkShape, checkVolume } from './geometry';
import type { CropPadMode, Triple } from './types';

/** A planned crop/pad: both shapes and the input index of output voxel (0, 0, 0) per axis. */
export interface CropPadPlan {
  readonly inShape: Triple;
  readonly outShape: Triple;
  /** `[z, y, x]` input index of output voxel 0 (negative where padding adds voxels before). */
  readonly start: Triple;
}

/**
 * Plan a centred crop or pad of `shape` to a multiple per axis (`16` or `[1, 16, 16]`).
 * @example planCropPad([30, 61, 64], 16, 'pad') // { outShape: [32, 64, 64], start: [-1, -1, 0] }
 */
export function planCropPad(shape: readonly number[], multiple: number | readonly number[], mode: CropPadMode = 'pad'): CropPadPlan {
  const fn = 'planCropPad';
  const inShape = checkShape(fn, shape);
  const mult = typeof multiple === 'number' ? [multiple, multiple, multiple] : multiple;
  if (mult.length !== 3 || !mult.every((m) => Number.isInteger(m) && m >= 1)) {
    throw new PreprocessError('RPERF_PREPROCESS_BAD_OPTION', `${fn}: multiple must be a positive integer or three of them [mz, my, mx], received ${JSON.stringify(multiple)}`);
  }
  if (mode !== 'pad' && mode !== 'crop') {
    throw new PreprocessError('RPERF_PREPROCESS_BAD_OPTION', `${fn}: mode must be 'pad' or 'crop', received ${String(mode)}`);
  }
  const outShape = [0, 0, 0] as [number, number, number];
  const start = [0, 0, 0] as [number, number, number];
  for (let a = 0; a < 3; a++) {
    const n = inShape[a]!;
    const m = mult[a]!;
    const target = mode === 'pad' ? Math.ceil(n / m) * m : Math.max(m, Math.floor(n / m) * m);
    const d = target - n;
    outShape[a] = target;
    start[a] = d >= 0 ? 0 - Math.floor(d / 2) + 0 : Math.floor(-d / 2); // + 0 turns -0 into 0
  }
  return Object.freeze({ inShape, outShape, start });
}

/**
 * Crop/pad kernel: copies the overlapping rows (typed-array `set`, a memcpy) and fills the
 * rest with `padValue`. `out` has the plan's output size and must not overlap the input.
 * @example cropPad(planCropPad([1, 1, 3], [1, 1, 4]), new Float32Array([1, 2, 3]), new Float32Array(4), -1) // [1, 2, 3, -1]
 */
export function cropPad<T extends VolumeArray>(plan: CropPadPlan, input: VolumeArray, out: T, padValue: number = DEFAULT_PAD_VALUE): T {
  const fn = 'cropPad';
  const [nz, ny, nx] = plan.inShape;
  const [mz, my, mx] = plan.outShape;
  checkLength(fn, 'the input', input, nz * ny * nx, plan.inShape);
  checkLength(fn, 'out', out, mz * my * mx, plan.outShape);
  checkNoAlias(fn, input, out);
  const [sz, sy, sx] = plan.start;
  // Output ranges that read inside the input, per axis.
  const zLo = Math.max(0, -sz);
  const zHi = Math.min(mz, nz - sz);
  const yLo = Math.max(0, -sy);
  const yHi = Math.min(my, ny - sy);
  const xLo = Math.max(0, -sx);
  const xHi = Math.min(mx, nx - sx);
  const fullCopy = zLo === 0 && yLo === 0 && xLo === 0 && zHi === mz && yHi === my && xHi === mx;
  if (!fullCopy) out.fill(padValue);
  if (xHi <= xLo) return out;
  for (let oz = zLo; oz < zHi; oz++) {
    for (let oy = yLo; oy < yHi; oy++) {
      const src = ((oz + sz) * ny + (oy + sy)) * nx + (xLo + sx);
      const dst = (oz * my + oy) * mx + xLo;
      out.set(input.subarray(src, src + (xHi - xLo)), dst);
    }
  }
  return out;
}

/**
 * Crop or pad a volume to a multiple per axis, allocating an output of the input's type.
 * @example cropOrPadVolume(vol, [1, 16, 16], { mode: 'pad', padValue: -1000 }).shape
 */
export function cropOrPadVolume(volume: Volume, multiple: number | readonly number[], options: { mode?: CropPadMode; padValue?: number } = {}): Volume {
  const { shape } = checkVolume('cropOrPadVolume', volume);
  const plan = planCropPad(shape, multiple, options.mode ?? 'pad');
  const count = plan.outShape[0] * plan.outShape[1] * plan.outShape[2];
  const data = cropPad(plan, volume.data, new (volume.data.constructor as new (n: number) => VolumeArray)(count), options.padValue ?? DEFAULT_PAD_VALUE);
  const affine = volume.affine.slice(0, 16);
  const origin = voxelToWorld(volume.affine, plan.start[2], plan.start[1], plan.start[0]);
  affine[3] = origin[0];
  affine[7] = origin[1];
  affine[11] = origin[2];
  return { data, shape: plan.outShape, spacingMm: volume.spacingMm, affine, modality: volume.modality };
}

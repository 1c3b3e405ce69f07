/**
 * Resampling a volume to a target voxel spacing: trilinear for images, nearest neighbour
 * for label maps.
 *
 * Convention: the affine maps a voxel index to the CENTRE of that voxel (NIfTI, DICOM), so
 * an axis of n voxels of spacing s covers the physical extent [-s/2, (n - 1/2) s] around
 * index space. The output axis has n' = max(1, round(n s / s')) voxels of spacing s' and is
 * centred on the same extent: output index o samples the input at continuous index
 *
 *     u(o) = (o - (n' - 1) / 2) * r + (n - 1) / 2,      r = s' / s.
 *
 * When n s / s' is an integer the two grids cover exactly the same extent (u(-1/2) = -1/2);
 * otherwise the output extent differs from the input's by less than one output voxel,
 * split evenly on both sides. Same spacing gives u(o) = o: the identity.
 * Samples outside [0, n - 1] (the outer half voxel when upsampling) take the edge value.
 *
 * Output geometry: each affine column (the direction and length of one index step) is
 * multiplied by r of its axis, so the direction cosines are kept and the spacing becomes
 * s'; the new origin is the old affine applied to (u_x(0), u_y(0), u_z(0)).
 */
import { voxelToWorld, type Volume, type VolumeArray } from '@rhenium-perf/fixtures';
import { PreprocessError } from './errors';
import { checkLength, checkNoAlias, checkShape, checkSpacing, checkVolume } from './geometry';
import type { Interpolation, NumericArray, Triple } from './types';

/** Sampling tables of one output axis. */
export interface AxisSampling {
  /** Input index at or below the sample (clamped). */
  readonly i0: Int32Array;
  /** Input index above the sample (clamped; equal to i0 at the edges). */
  readonly i1: Int32Array;
  /** Weight of i1 in [0, 1): value = a[i0] + w (a[i1] - a[i0]). */
  readonly w: Float64Array;
  /** Nearest input index (round half up, clamped). */
  readonly nearest: Int32Array;
}

/** A planned resampling: geometry of both grids and per-axis sampling tables. */
export interface ResamplePlan {
  readonly inShape: Triple;
  readonly outShape: Triple;
  readonly inSpacingMm: Triple;
  readonly outSpacingMm: Triple;
  /** 4x4 row-major affine of the output grid (voxel centre -> RAS+ mm). */
  readonly outAffine: readonly number[];
  /** Tables for the z, y, x axes (slowest first, like the shape). */
  readonly axes: readonly [AxisSampling, AxisSampling, AxisSampling];
}

/**
 * Plan resampling of a grid (shape, spacing, affine) to a target spacing. Plan once per
 * geometry, then run `resampleTrilinear` / `resampleNearest` on any number of volumes.
 * @example planResample([32, 64, 64], [1, 1, 1], affine, [1.5, 1.5, 1.5]).outShape // [21, 43, 43]
 */
export function planResample(
  shape: readonly number[],
  spacingMm: readonly number[],
  affine: readonly number[],
  targetSpacingMm: readonly number[],
): ResamplePlan {
  const fn = 'planResample';
  const inShape = checkShape(fn, shape);
  const inSpacing = checkSpacing(fn, 'the input spacing', spacingMm);
  const outSpacing = checkSpacing(fn, 'the target spacing', targetSpacingMm);
  const outShape = [0, 0, 0] as [number, number, number];
  const start = [0, 0, 0] as [number, number, number];
  const ratio = [0, 0, 0] as [number, number, number];
  const axes = [0, 1, 2].map((a) => {
    const n = inShape[a]!;
    const r = outSpacing[a]! / inSpacing[a]!;
    // NOTE: the 1e-9 keeps n s / s' = 42.5000000001 and 42.4999999999 on the same side.
    const m = Math.max(1, Math.round((n * inSpacing[a]!) / outSpacing[a]! + 1e-9));
    outShape[a] = m;
    ratio[a] = r;
    start[a] = (-(m - 1) / 2) * r + (n - 1) / 2;
    return axisTables(n, m, r);
  }) as unknown as [AxisSampling, AxisSampling, AxisSampling];
  if (affine.length !== 16 || !affine.every(Number.isFinite)) {
    throw new PreprocessError('RPERF_PREPROCESS_SHAPE_MISMATCH', `${fn}: affine must be 16 finite numbers (4x4 row-major), received ${affine.length}`);
  }
  // Affine columns: 0 = i (x, shape axis 2), 1 = j (y, axis 1), 2 = k (z, axis 0).
  const colScale = [ratio[2], ratio[1], ratio[0]];
  const outAffine = affine.slice(0, 16);
  for (let row = 0; row < 3; row++) for (let col = 0; col < 3; col++) outAffine[row * 4 + col] = affine[row * 4 + col]! * colScale[col]!;
  const origin = voxelToWorld(affine, start[2], start[1], start[0]);
  outAffine[3] = origin[0];
  outAffine[7] = origin[1];
  outAffine[11] = origin[2];
  outAffine[12] = 0;
  outAffine[13] = 0;
  outAffine[14] = 0;
  outAffine[15] = 1;
  return Object.freeze({ inShape, outShape, inSpacingMm: inSpacing, outSpacingMm: outSpacing, outAffine: Object.freeze(outAffine), axes });
}

function axisTables(n: number, m: number, r: number): AxisSampling {
  const i0 = new Int32Array(m);
  const i1 = new Int32Array(m);
  const w = new Float64Array(m);
  const nearest = new Int32Array(m);
  const c = (n - 1) / 2;
  const c2 = (m - 1) / 2;
  for (let o = 0; o < m; o++) {
    let u = (o - c2) * r + c;
    const ru = Math.round(u);
    if (Math.abs(u - ru) < 1e-9) u = ru; // exact grid hits stay exact (identity, 2x downsampling)
    if (u <= 0) {
      i0[o] = 0;
      i1[o] = 0;
    } else if (u >= n - 1) {
      i0[o] = n - 1;
      i1[o] = n - 1;
    } else {
      const f = Math.floor(u);
      i0[o] = f;
      i1[o] = f + 1;
      w[o] = u - f;
    }
    nearest[o] = Math.min(n - 1, Math.max(0, Math.floor(u + 0.5)));
  }
  return { i0, i1, w, nearest };
}

/**
 * Trilinear resampling of an image into `out` (Float32Array of the plan's output size).
 * Each output voxel is the separable linear interpolation of its 8 input neighbours, so a
 * function linear in (i, j, k) is reproduced exactly (up to float32 rounding) inside the grid.
 * @example resampleTrilinear(planResample([2, 2, 2], [1, 1, 1], eye, [1, 1, 1]), x, new Float32Array(8)) // equals x
 */
export function resampleTrilinear(plan: ResamplePlan, input: NumericArray, out: Float32Array): Float32Array {
  const fn = 'resampleTrilinear';
  const [nz, ny, nx] = plan.inShape;
  const [mz, my, mx] = plan.outShape;
  checkLength(fn, 'the input', input, nz * ny * nx, plan.inShape);
  checkLength(fn, 'out', out, mz * my * mx, plan.outShape);
  checkNoAlias(fn, input, out);
  const [az, ay, ax] = plan.axes;
  const { i0: x0s, i1: x1s, w: wxs } = ax;
  let p = 0;
  for (let oz = 0; oz < mz; oz++) {
    const z0 = az.i0[oz]! * ny;
    const z1 = az.i1[oz]! * ny;
    const wz = az.w[oz]!;
    for (let oy = 0; oy < my; oy++) {
      const y0 = ay.i0[oy]!;
      const y1 = ay.i1[oy]!;
      const wy = ay.w[oy]!;
      const r00 = (z0 + y0) * nx;
      const r01 = (z0 + y1) * nx;
      const r10 = (z1 + y0) * nx;
      const r11 = (z1 + y1) * nx;
      for (let ox = 0; ox < mx; ox++) {
        const x0 = x0s[ox]!;
        const x1 = x1s[ox]!;
        const wx = wxs[ox]!;
        const a00 = input[r00 + x0]!;
        const a01 = input[r01 + x0]!;
        const a10 = input[r10 + x0]!;
        const a11 = input[r11 + x0]!;
        const c00 = a00 + wx * (input[r00 + x1]! - a00);
        const c01 = a01 + wx * (input[r01 + x1]! - a01);
        const c10 = a10 + wx * (input[r10 + x1]! - a10);
        const c11 = a11 + wx * (input[r11 + x1]! - a11);
        const c0 = c00 + wy * (c01 - c00);
        const c1 = c10 + wy * (c11 - c10);
        out[p++] = c0 + wz * (c1 - c0);
      }
    }
  }
  return out;
}

/**
 * Nearest-neighbour resampling (label maps): every output voxel copies one input voxel, so
 * the output holds only labels present in the input. `out` may be any typed array of the
 * plan's output size (normally the input's type).
 * @example resampleNearest(plan, labels, new Uint8Array(voxelCount(plan.outShape)))
 */
export function resampleNearest<T extends VolumeArray>(plan: ResamplePlan, input: VolumeArray, out: T): T {
  const fn = 'resampleNearest';
  const [nz, ny, nx] = plan.inShape;
  const [mz, my, mx] = plan.outShape;
  checkLength(fn, 'the input', input, nz * ny * nx, plan.inShape);
  checkLength(fn, 'out', out, mz * my * mx, plan.outShape);
  checkNoAlias(fn, input, out);
  const nzs = plan.axes[0].nearest;
  const nys = plan.axes[1].nearest;
  const nxs = plan.axes[2].nearest;
  let p = 0;
  for (let oz = 0; oz < mz; oz++) {
    const z = nzs[oz]! * ny;
    for (let oy = 0; oy < my; oy++) {
      const row = (z + nys[oy]!) * nx;
      for (let ox = 0; ox < mx; ox++) out[p++] = input[row + nxs[ox]!]!;
    }
  }
  return out;
}

/**
 * Resample a volume to a target spacing, allocating the output: a Float32Array image for
 * `trilinear`, an array of the input's type for `nearest` (label maps).
 * @example resampleVolume(ct, [1.5, 1.5, 1.5], 'trilinear').spacingMm // [1.5, 1.5, 1.5]
 */
export function resampleVolume(volume: Volume, targetSpacingMm: readonly number[], interpolation: Interpolation): Volume {
  const fn = 'resampleVolume';
  const { shape, spacingMm } = checkVolume(fn, volume);
  if (interpolation !== 'trilinear' && interpolation !== 'nearest') {
    throw new PreprocessError('RPERF_PREPROCESS_BAD_OPTION', `${fn}: interpolation must be 'trilinear' or 'nearest', received ${String(interpolation)}`);
  }
  const plan = planResample(shape, spacingMm, volume.affine, targetSpacingMm);
  const count = plan.outShape[0] * plan.outShape[1] * plan.outShape[2];
  const data =
    interpolation === 'trilinear'
      ? resampleTrilinear(plan, volume.data, new Float32Array(count))
      : resampleNearest(plan, volume.data, new (volume.data.constructor as new (n: number) => VolumeArray)(count));
  return { data, shape: plan.outShape, spacingMm: plan.outSpacingMm, affine: plan.outAffine, modality: volume.modality };
}

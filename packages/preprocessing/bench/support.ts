/**
 * Inputs and independent references for the preprocessing cases.
 *
 * The references are deliberately the plainest possible loops (a full sort for percentiles,
 * world coordinates and an 8-term weight sum for trilinear), sharing no code with the
 * kernels, so a fast wrong answer fails `verify`.
 */
import { syntheticVolume, voxelToWorld, type Volume, type VolumeArray, type VolumeModality, type VolumeSizeName } from '@rhenium-perf/fixtures';

/** Size names the cases sweep. */
export const BENCH_SIZES = ['small', 'medium', 'large'] as const satisfies readonly VolumeSizeName[];

/** The seeded synthetic image (and labels) of a modality and size. */
export function benchVolume(modality: VolumeModality, size: VolumeSizeName | readonly [number, number, number]): { image: Volume; labels: Volume<Uint8Array> } {
  const { image, labels } = syntheticVolume(modality, size);
  return { image, labels };
}

/** The shape a named size gives for a modality (X-ray is one slice). */
export function shapeOf(modality: VolumeModality, size: VolumeSizeName | readonly [number, number, number]): [number, number, number] {
  const s = typeof size === 'string' ? { small: [16, 32, 32], medium: [32, 64, 64], large: [64, 128, 128], tiny: [8, 16, 16] }[size] : size;
  return modality === 'XR' ? [1, s[1]!, s[2]!] : [s[0]!, s[1]!, s[2]!];
}

/** Largest |a - b| over the elements, counting NaN against NaN as equal and NaN against a number as Infinity. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
      continue;
    }
    const d = Math.abs(x - y);
    if (d > m) m = d;
  }
  return m;
}

/** Plain min-max reference. */
export function refMinMax(x: ArrayLike<number>): Float64Array {
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) continue;
    mn = Math.min(mn, x[i]!);
    mx = Math.max(mx, x[i]!);
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = mx > mn ? (x[i]! - mn) / (mx - mn) : Number.isNaN(x[i]!) ? NaN : 0;
  return out;
}

/** Plain z-score reference (one-pass in float64 is fine for a reference at these magnitudes). */
export function refZScore(x: ArrayLike<number>, lo = -Infinity, hi = Infinity): Float64Array {
  const vals: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) vals.push(Math.min(hi, Math.max(lo, x[i]!)));
  const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
  const std = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = std > 0 ? (Math.min(hi, Math.max(lo, x[i]!)) - mean) / std : 0;
  return out;
}

/** numpy's linear-rule percentile by a full sort. */
export function refPercentile(x: ArrayLike<number>, p: number): number {
  const a = Array.from(x)
    .filter((v) => !Number.isNaN(v))
    .sort((u, v) => u - v);
  const h = ((a.length - 1) * p) / 100;
  const k = Math.floor(h);
  return k + 1 < a.length ? a[k]! + (h - k) * (a[k + 1]! - a[k]!) : a[k]!;
}

/** Window reference: clip to [lo, hi], map to [0, 1]. */
export function refWindow(x: ArrayLike<number>, lo: number, hi: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (Math.min(hi, Math.max(lo, x[i]!)) - lo) / (hi - lo);
  return out;
}

/**
 * Resampling reference for axis-aligned inputs: each output voxel centre is mapped to world
 * coordinates with the output affine and back to continuous input indices with the input's
 * (diagonal) affine; trilinear is the 8-term sum of products of weights, nearest rounds.
 */
export function refResample(input: Volume, outShape: readonly number[], outAffine: readonly number[], interpolation: 'trilinear' | 'nearest'): Float64Array {
  const [nz, ny, nx] = input.shape;
  const a = input.affine;
  const [mz, my, mx] = outShape as [number, number, number];
  const out = new Float64Array(mz * my * mx);
  const clamp = (u: number, n: number) => Math.min(n - 1, Math.max(0, u));
  const at = (i: number, j: number, k: number) => input.data[(k * ny + j) * nx + i]!;
  let p = 0;
  for (let k = 0; k < mz; k++) {
    for (let j = 0; j < my; j++) {
      for (let i = 0; i < mx; i++) {
        const [wx, wy, wz] = voxelToWorld(outAffine, i, j, k);
        const u = clamp((wx - a[3]!) / a[0]!, nx);
        const v = clamp((wy - a[7]!) / a[5]!, ny);
        const w = clamp((wz - a[11]!) / a[10]!, nz);
        if (interpolation === 'nearest') {
          out[p++] = at(Math.floor(u + 0.5 + 1e-9), Math.floor(v + 0.5 + 1e-9), Math.floor(w + 0.5 + 1e-9));
          continue;
        }
        const [i0, j0, k0] = [Math.floor(u), Math.floor(v), Math.floor(w)];
        let s = 0;
        for (let dk = 0; dk <= 1; dk++)
          for (let dj = 0; dj <= 1; dj++)
            for (let di = 0; di <= 1; di++) {
              const weight = (di ? u - i0 : 1 - (u - i0)) * (dj ? v - j0 : 1 - (v - j0)) * (dk ? w - k0 : 1 - (w - k0));
              if (weight !== 0) s += weight * at(Math.min(nx - 1, i0 + di), Math.min(ny - 1, j0 + dj), Math.min(nz - 1, k0 + dk));
            }
        out[p++] = s;
      }
    }
  }
  return out;
}

/** Fraction of output voxels whose label differs from the reference. */
export function mismatchFraction(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) bad++;
  return bad / a.length;
}

/** Distinct values of an integer array. */
export function distinct(x: VolumeArray): Set<number> {
  return new Set(x);
}

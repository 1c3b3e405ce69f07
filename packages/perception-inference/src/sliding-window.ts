/**
 * Sliding-window geometry and Gaussian importance weights, as MONAI's
 * `sliding_window_inference` computes them.
 *
 * Scan (MONAI `_get_scan_interval` + `dense_patch_slices`), per axis with image size n
 * (after padding to at least the patch) and patch p:
 *   interval = p if p == n, else max(1, floor(p * (1 - overlap)));
 *   count = the first c with (c - 1) * interval + p >= n;
 *   start_i = i * interval, pulled back to n - p when it would overrun.
 * Padding (MONAI pads a volume smaller than the patch): pad = max(p - n, 0), half of it
 * (rounded down) before the volume, the rest after.
 *
 * Importance map (MONAI `compute_importance_map`, mode gaussian): per axis
 *   g(x) = exp(-(x - (p - 1) / 2)^2 / (2 sigma^2)), sigma = sigma_scale * p, x = 0..p-1,
 * the product over axes, clamped below at max(min, 1e-3). Blended output:
 *   out(v) = sum_patches w(v - s) * y_patch(v - s) / sum_patches w(v - s).
 */
import { GAUSSIAN_SIGMA_SCALE, MIN_IMPORTANCE_WEIGHT } from './defaults';
import { PerceptionError } from './errors';

/** A planned sliding window over a [z, y, x] grid. */
export interface WindowPlan {
  readonly volumeShape: readonly [number, number, number];
  readonly patchSize: readonly [number, number, number];
  /** Size of the padded grid (at least the patch per axis). */
  readonly paddedShape: readonly [number, number, number];
  /** Padding before the volume per axis (volume voxel v is padded voxel v + padBefore). */
  readonly padBefore: readonly [number, number, number];
  /** Patch start corners in the padded grid, z slowest. */
  readonly starts: readonly (readonly [number, number, number])[];
}

function axisStarts(n: number, p: number, overlap: number): number[] {
  const interval = p === n ? p : Math.max(1, Math.floor(p * (1 - overlap)));
  let count = 1;
  while ((count - 1) * interval + p < n) count++;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = i * interval;
    out.push(s - Math.max(s + p - n, 0));
  }
  return out;
}

/**
 * Plan the patches of a sliding window.
 * @example planWindows([64, 128, 128], [32, 64, 64], 0.25).starts.length // 27 (z: 0, 24, 32; y, x: 0, 48, 64)
 */
export function planWindows(volumeShape: readonly [number, number, number], patchSize: readonly [number, number, number], overlap: number): WindowPlan {
  if (!(overlap >= 0 && overlap < 1)) {
    throw new PerceptionError('RPERF_PERCEPTION_INVALID_OPTIONS', `overlap must be in [0, 1), received ${overlap}`);
  }
  for (const [what, s] of [['volume', volumeShape], ['patchSize', patchSize]] as const) {
    if (s.length !== 3 || !s.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new PerceptionError('RPERF_PERCEPTION_INVALID_OPTIONS', `${what} must be three positive integers [z, y, x], received ${JSON.stringify(s)}`);
    }
  }
  const padded = volumeShape.map((n, d) => Math.max(n, patchSize[d]!)) as [number, number, number];
  const padBefore = volumeShape.map((n, d) => Math.floor((padded[d]! - n) / 2)) as [number, number, number];
  const [zs, ys, xs] = padded.map((n, d) => axisStarts(n, patchSize[d]!, overlap)) as [number[], number[], number[]];
  const starts: [number, number, number][] = [];
  for (const z of zs) for (const y of ys) for (const x of xs) starts.push([z, y, x]);
  return { volumeShape, patchSize, paddedShape: padded, padBefore, starts };
}

const importanceCache = new Map<string, Float32Array>();

/**
 * The Gaussian importance map of a patch ([z, y, x], x fastest), cached per size and sigma scale.
 * @example gaussianImportance([1, 1, 3])[1] // 1 (the centre); the ends are exp(-1 / (2 * 0.375^2)) ≈ 0.0286
 */
export function gaussianImportance(patchSize: readonly [number, number, number], sigmaScale: number = GAUSSIAN_SIGMA_SCALE): Float32Array {
  const key = `${patchSize.join('x')}:${sigmaScale}`;
  const hit = importanceCache.get(key);
  if (hit) return hit;
  const axes = patchSize.map((p) => {
    const sigma = sigmaScale * p;
    const c = (p - 1) / 2;
    return Float64Array.from({ length: p }, (_, x) => Math.exp(-((x - c) ** 2) / (2 * sigma * sigma)));
  });
  const [pz, py, px] = patchSize;
  const w = new Float32Array(pz * py * px);
  let min = Infinity;
  for (let z = 0, i = 0; z < pz; z++) {
    for (let y = 0; y < py; y++) {
      const zy = axes[0]![z]! * axes[1]![y]!;
      for (let x = 0; x < px; x++, i++) {
        const v = zy * axes[2]![x]!;
        w[i] = v;
        if (v < min) min = v;
      }
    }
  }
  const floor = Math.max(min, MIN_IMPORTANCE_WEIGHT);
  for (let i = 0; i < w.length; i++) if (w[i]! < floor) w[i] = floor;
  importanceCache.set(key, w);
  return w;
}

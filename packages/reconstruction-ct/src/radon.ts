/**
 * Parallel-beam Radon transform (the forward projector), ray-driven with bilinear
 * interpolation: scikit-image's `radon` (rotate with order-1 interpolation, sum columns),
 * without building the rotated image.
 *
 * For angle θ and detector bin b (t = b - floor(D/2)), the ray is sampled at D points one
 * pixel apart, s = k - floor(D/2), k = 0..D-1:
 *   column = c + t cos θ + s sin θ,   row = c - t sin θ + s cos θ,   c = floor(n/2)
 *   p(θ, t) = Σ_k bilinear(image, row, column)     (pixels outside the image are 0)
 * Only the samples that can touch the image are visited: the k-range is solved per ray
 * from -1 < column, row < n (widened by one step; a zero border of PAD pixels absorbs it),
 * so the hot loop has no bounds checks and the result equals the full sum.
 */
import { createGeometry } from './geometry';
import type { GeometryOptions, ParallelBeamGeometry } from './types';
import { checkFinite, checkLength, checkNotAliased, squareImageSize } from './validate';

/** Zero border around the padded copy of the image, in pixels. */
const PAD = 3;

/** A planned forward projection: geometry plus a zero-bordered scratch copy of the image. */
export interface RadonPlan {
  readonly geometry: ParallelBeamGeometry;
  /** Side of the zero-bordered scratch image: imageSize + 2 * PAD. */
  readonly paddedSize: number;
  /** Scratch: the image inside a zero border (internal; reused by every call). */
  readonly padded: Float64Array;
}

/**
 * Plan a forward projection for one geometry (allocate the scratch once).
 * @example const plan = planRadon(createGeometry({ imageSize: 128, angles: 180 }))
 */
export function planRadon(geometry: ParallelBeamGeometry): RadonPlan {
  const paddedSize = geometry.imageSize + 2 * PAD;
  return Object.freeze({ geometry, paddedSize, padded: new Float64Array(paddedSize * paddedSize) });
}

/** Range of s for which `base + s * slope` lies in [lo, hi]; empty as [1, 0]. */
function sRange(base: number, slope: number, lo: number, hi: number, out: Float64Array): void {
  if (Math.abs(slope) < 1e-12) {
    if (base >= lo && base <= hi) {
      out[0] = -Infinity;
      out[1] = Infinity;
    } else {
      out[0] = 1;
      out[1] = 0;
    }
  } else if (slope > 0) {
    out[0] = (lo - base) / slope;
    out[1] = (hi - base) / slope;
  } else {
    out[0] = (hi - base) / slope;
    out[1] = (lo - base) / slope;
  }
}

/**
 * Project `image` (size x size, row-major) into `out` (angles x detectors, angle-major).
 * @example radon(planRadon(createGeometry({ imageSize: 4, angles: [0] })), new Float64Array(16).fill(1), new Float64Array(4))
 * // [4, 4, 4, 4]: each column of a constant image sums to 4 at θ = 0
 */
export function radon(plan: RadonPlan, image: Float64Array, out: Float64Array): Float64Array {
  const g = plan.geometry;
  const n = g.imageSize;
  const nDet = g.detectorCount;
  const nAng = g.anglesDeg.length;
  checkLength('radon: image', image, n * n, `${n} x ${n}`);
  checkLength('radon: out', out, nAng * nDet, `${nAng} angles x ${nDet} detectors`);
  checkNotAliased('radon', image, out);
  checkFinite('radon: image', image);

  const W = plan.paddedSize;
  const img = plan.padded;
  for (let r = 0; r < n; r++) img.set(image.subarray(r * n, r * n + n), (r + PAD) * W + PAD);

  const c = g.imageCenter;
  const dc = g.detectorCenter;
  const range = new Float64Array(2);
  for (let a = 0; a < nAng; a++) {
    const cs = g.cos[a]!;
    const sn = g.sin[a]!;
    const row = a * nDet;
    for (let b = 0; b < nDet; b++) {
      const t = b - dc;
      const col0 = c + t * cs; // column at s = 0
      const row0 = c - t * sn; // row at s = 0
      sRange(col0, sn, -1, n, range);
      let sLo = range[0]!;
      let sHi = range[1]!;
      sRange(row0, cs, -1, n, range);
      sLo = Math.max(sLo, range[0]!);
      sHi = Math.min(sHi, range[1]!);
      if (!(sLo <= sHi)) {
        out[row + b] = 0; // the ray misses the image
        continue;
      }
      // Widen by one step (rounding at the edges); the zero border makes the extra samples 0.
      const kLo = Math.max(0, Math.ceil(sLo + dc) - 1);
      const kHi = Math.min(nDet - 1, Math.floor(sHi + dc) + 1);
      let sum = 0;
      if (kLo <= kHi) {
        const s0 = kLo - dc;
        // Padded coordinates of the first sample; >= PAD - 2 > 0, so `| 0` is floor.
        let x = col0 + s0 * sn + PAD;
        let y = row0 + s0 * cs + PAD;
        for (let k = kLo; k <= kHi; k++) {
          const ix = x | 0;
          const iy = y | 0;
          const fx = x - ix;
          const fy = y - iy;
          const i = iy * W + ix;
          const v00 = img[i]!;
          const v01 = img[i + 1]!;
          const v10 = img[i + W]!;
          const v11 = img[i + W + 1]!;
          const top = v00 + fx * (v01 - v00);
          const bottom = v10 + fx * (v11 - v10);
          sum += top + fy * (bottom - top);
          x += sn;
          y += cs;
        }
      }
      out[row + b] = sum;
    }
  }
  return out;
}

/**
 * One-shot Radon transform of a square image: plans, allocates and projects.
 * `shape` ([rows, cols]) is checked to be square; without it the length must be size^2.
 * @example radonTransform(sheppLogan2d(160, { supersample: 4 }), { angles: 160 }) // 160 x 160 sinogram
 */
export function radonTransform(
  image: Float64Array,
  options: Omit<GeometryOptions, 'imageSize'> & { shape?: readonly [number, number] },
): Float64Array {
  const imageSize = squareImageSize('radonTransform: image', image, options.shape);
  const plan = planRadon(createGeometry({ ...options, imageSize }));
  return radon(plan, image, new Float64Array(plan.geometry.anglesDeg.length * plan.geometry.detectorCount));
}

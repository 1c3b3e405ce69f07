/**
 * Parallel-beam geometry, the conventions every kernel of this package shares
 * (scikit-image's, so results compare number for number).
 *
 * - Image: size x size pixels of side 1, row 0 at the top. The rotation centre is the
 *   centre of pixel (c, c) with c = floor(size / 2) (NOTE: not (size - 1) / 2; this is
 *   scikit-image's choice and keeps integer centres).
 * - Detector: `detectorCount` bins of spacing 1 pixel; bin b sits at t = b - floor(detectorCount / 2).
 *   `detectorCount = size` covers the inscribed circle of radius floor(size / 2) (the
 *   reconstruction circle; the object must lie inside it), `ceil(sqrt(2) size)` the whole square.
 * - Angle θ (degrees, taken over [0, 180)): pixel (row r, column k) projects onto
 *   t = (k - c) cos θ - (r - c) sin θ, i.e. t = x cos θ + y sin θ with x right and y up.
 *   At θ = 0 the detector runs along the columns and the rays go down the rows.
 */
import { HALF_TURN_DEG } from './defaults';
import { ReconstructionCtError } from './errors';
import type { GeometryOptions, ParallelBeamGeometry } from './types';
import { checkFinite, checkInteger } from './validate';

/**
 * `count` angles in degrees spread uniformly over [0, 180): k * 180 / count.
 * @example uniformAnglesDeg(4) // Float64Array [0, 45, 90, 135]
 */
export function uniformAnglesDeg(count: number): Float64Array {
  checkInteger('angle count', count, 1);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = (k * HALF_TURN_DEG) / count;
  return out;
}

/** Detector bins covering the whole size x size square: ceil(sqrt(2) * size). */
export function diagonalDetectorCount(imageSize: number): number {
  return Math.ceil(Math.SQRT2 * imageSize);
}

/** Resolve angles given as a count or a list into a fresh Float64Array. */
export function resolveAngles(angles: Float64Array | readonly number[] | number): Float64Array {
  if (typeof angles === 'number') return uniformAnglesDeg(angles);
  const out = Float64Array.from(angles);
  if (out.length === 0) throw new ReconstructionCtError('RPERF_CT_INVALID_ARGUMENT', 'angles is empty; expected at least one projection angle.');
  checkFinite('angles', out);
  return out;
}

/**
 * Resolve and freeze a parallel-beam geometry (angles, detector bins, centres, trig tables).
 * @example createGeometry({ imageSize: 256, angles: 180 }).detectorCount // 256
 */
export function createGeometry(options: GeometryOptions): ParallelBeamGeometry {
  const { imageSize } = options;
  checkInteger('imageSize', imageSize, 2);
  const anglesDeg = resolveAngles(options.angles);
  const det = options.detectors ?? 'circle';
  const detectorCount = det === 'circle' ? imageSize : det === 'diagonal' ? diagonalDetectorCount(imageSize) : det;
  checkInteger('detectorCount', detectorCount, 2);
  const cos = new Float64Array(anglesDeg.length);
  const sin = new Float64Array(anglesDeg.length);
  for (let a = 0; a < anglesDeg.length; a++) {
    const th = (anglesDeg[a]! * Math.PI) / HALF_TURN_DEG;
    cos[a] = Math.cos(th);
    sin[a] = Math.sin(th);
  }
  return Object.freeze({
    imageSize,
    detectorCount,
    anglesDeg,
    imageCenter: Math.floor(imageSize / 2),
    detectorCenter: Math.floor(detectorCount / 2),
    cos,
    sin,
  });
}

/**
 * Column spans of the reconstruction circle, one [first, last] pair per row (inclusive):
 * the pixels with (r - c)^2 + (k - c)^2 <= radius^2, radius = floor(size / 2). A row the
 * circle misses has first > last.
 * @example circleSpans(4) // Int32Array [2,2, 1,3, 0,3, 1,3] (row 2's [0,4] clipped to the image)
 */
export function circleSpans(imageSize: number): Int32Array {
  const c = Math.floor(imageSize / 2);
  const r2 = c * c;
  const spans = new Int32Array(2 * imageSize);
  for (let r = 0; r < imageSize; r++) {
    const dy = r - c;
    const rest = r2 - dy * dy;
    if (rest < 0) {
      spans[2 * r] = 1;
      spans[2 * r + 1] = 0;
      continue;
    }
    let h = Math.floor(Math.sqrt(rest));
    // Exact integer test: guard against sqrt rounding either way.
    while ((h + 1) * (h + 1) <= rest) h++;
    while (h * h > rest) h--;
    spans[2 * r] = Math.max(0, c - h);
    spans[2 * r + 1] = Math.min(imageSize - 1, c + h);
  }
  return spans;
}

/** Spans covering every pixel of every row (no circle). */
export function fullSpans(imageSize: number): Int32Array {
  const spans = new Int32Array(2 * imageSize);
  for (let r = 0; r < imageSize; r++) spans[2 * r + 1] = imageSize - 1;
  return spans;
}

/**
 * Types of the CT reconstruction package.
 *
 * Layouts (all float64, row-major):
 * - image: `size * size`, row 0 at the top, column 0 at the left.
 * - sinogram: `angles * detectors`, one projection per row (angle-major), so a projection is
 *   contiguous. NOTE: scikit-image's `radon` returns the transpose (detectors x angles).
 * - stack: `slices` sinograms (or images) one after the other.
 */

/** FBP filter names, as scikit-image's `iradon` spells them. */
export const FBP_FILTER_NAMES = Object.freeze(['ramp', 'shepp-logan', 'cosine', 'hamming', 'hann'] as const);

/** One of `FBP_FILTER_NAMES`. */
export type FbpFilterName = (typeof FBP_FILTER_NAMES)[number];

/**
 * Parallel-beam geometry, resolved and frozen (see geometry.ts for the conventions).
 */
export interface ParallelBeamGeometry {
  /** Image side in pixels (the image is size x size). */
  readonly imageSize: number;
  /** Detector bins per projection (spacing 1 pixel). */
  readonly detectorCount: number;
  /** Projection angles in degrees. */
  readonly anglesDeg: Float64Array;
  /** Pixel index of the rotation centre in both axes: floor(imageSize / 2). */
  readonly imageCenter: number;
  /** Detector index of the central ray (t = 0): floor(detectorCount / 2). */
  readonly detectorCenter: number;
  /** cos and sin of each angle, precomputed. */
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

/** Options of `createGeometry`. */
export interface GeometryOptions {
  /** Image side in pixels. */
  imageSize: number;
  /** Angles in degrees, or a count of angles spread uniformly over [0, 180). */
  angles: Float64Array | readonly number[] | number;
  /**
   * Detector bins: a number, `'circle'` (= imageSize: covers the inscribed reconstruction
   * circle, scikit-image's `circle=True`) or `'diagonal'` (= ceil(sqrt(2) * imageSize): covers
   * the whole square, scikit-image's `circle=False`). Default `'circle'`.
   */
  detectors?: number | 'circle' | 'diagonal';
}

/** Options of `planFbp`. */
export interface FbpOptions extends GeometryOptions {
  /** Frequency window applied to the ramp. Default `'ramp'`. */
  filter?: FbpFilterName;
  /**
   * Limit the output to the reconstruction circle of radius floor(size / 2) (zeros outside),
   * as scikit-image's `circle=True`. Default true.
   */
  circle?: boolean;
}

/** Options of `planSart`. */
export interface SartOptions {
  /** Image side in pixels; the sinogram must have as many detector bins. */
  imageSize: number;
  /** Angles in degrees, or a count spread uniformly over [0, 180). */
  angles: Float64Array | readonly number[] | number;
  /** Update step factor. Default 0.15. */
  relaxation?: number;
  /** Clamp the image to [min, max] after each angle's update. Default: no clamp. */
  clip?: readonly [number, number] | null;
}

/** Per-call options of `sart`. */
export interface SartRunOptions {
  /** Full sweeps over all angles. Default 1. */
  iterations?: number;
  /** Initial estimate (size x size); default zeros. May be `out` itself to continue iterating. */
  prior?: Float64Array | null;
}

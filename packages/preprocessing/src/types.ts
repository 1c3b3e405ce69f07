/**
 * Types shared by the preprocessing kernels.
 */
import type { VolumeArray } from '@rhenium-perf/fixtures';

/** Any numeric typed array a volume may hold (inputs of the normalisation kernels). */
export type NumericArray = VolumeArray;

/**
 * What NaN voxels become in the output. Statistics (min, max, mean, std, percentiles)
 * always ignore NaN; `keep` writes NaN back (so a later step still sees "no data"),
 * `zero` writes 0 (what a network input needs).
 */
export type NanPolicy = 'keep' | 'zero';

/** Options of every normalisation kernel. */
export interface NormalizeOptions {
  /** Default `keep`. */
  readonly nan?: NanPolicy;
}

/** How the percentile clip rescales the clipped values. */
export type ClipScaling = 'minmax' | 'zscore';

/** Options of `percentileClipNormalize`. */
export interface PercentileClipOptions extends NormalizeOptions {
  /** Lower percentile in percent (0..100), default 0.5. */
  readonly lowPercentile?: number;
  /** Upper percentile in percent (0..100), default 99.5. */
  readonly highPercentile?: number;
  /** `minmax` maps [p_low, p_high] to [0, 1] (default); `zscore` standardises the clipped values. */
  readonly scaling?: ClipScaling;
  /** Scratch of at least `input.length` values for the selection; allocated when absent. */
  readonly scratch?: Float64Array;
}

/** Minimum and maximum over the non-NaN voxels; both NaN when every voxel is NaN (or there is none). */
export interface FiniteStats {
  readonly min: number;
  readonly max: number;
}

/** Interpolation of the resampler: trilinear for images, nearest for label maps. */
export type Interpolation = 'trilinear' | 'nearest';

/** `[nz, ny, nx]` or `[sz, sy, sx]`: slowest axis first, like `Volume.shape`. */
export type Triple = readonly [number, number, number];

/** Crop/pad rule: pad up to the next multiple (keeps every voxel) or crop down to the previous one. */
export type CropPadMode = 'pad' | 'crop';

/**
 * Inputs shared by the benchmark cases: the phantom, its coil maps, masks and k-space.
 * Built in `setup` (outside the timed region), never at module top level.
 */
import { cartesianMask, coilSensitivityMaps, sheppLogan2d, type CoilMaps } from '@rhenium-perf/fixtures';
import { simulateKspace } from '../src/index';

/** Fully sampled centre lines of the undersampled cases (about 9% of 256). */
export const CENTER_LINES = 24;
/** Noise sd per real / imaginary k-space sample of the undersampled cases (phantom peak 1). */
export const NOISE_SD = 0.002;
/** Seed of that noise. */
export const NOISE_SEED = 1;

/** An acquisition of the modified Shepp–Logan phantom. */
export interface Acquisition {
  readonly n: number;
  readonly coils: number;
  readonly phantom: Float64Array;
  readonly maps: CoilMaps;
  readonly mask: Uint8Array;
  /** Complex [coils, n, n]. */
  readonly kspace: Float64Array;
}

/**
 * The phantom's k-space, n x n, `coils` coils; R = 1 means fully sampled and noiseless,
 * R > 1 an equispaced mask with a fully sampled centre and seeded noise.
 */
export function acquire(n: number, coils: number, acceleration = 1): Acquisition {
  const phantom = sheppLogan2d(n);
  const maps = coilSensitivityMaps(coils, n, n);
  const full = acceleration === 1;
  const mask = full ? new Uint8Array(n).fill(1) : cartesianMask(n, { acceleration, centerLines: CENTER_LINES });
  const kspace = simulateKspace(phantom, maps, mask, full ? {} : { noiseSd: NOISE_SD, seed: NOISE_SEED });
  return { n, coils, phantom, maps, mask, kspace };
}

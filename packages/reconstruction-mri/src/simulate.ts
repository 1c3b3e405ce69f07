/**
 * Synthetic acquisitions for tests and benchmarks: multi-coil Cartesian k-space of a known
 * image, undersampled by a line mask, with optional seeded complex Gaussian noise.
 */
import { createRng } from '@rhenium-perf/fixtures';
import { MriReconError } from './errors';
import { SenseOperator } from './sense';
import type { CoilMapsLike, ComplexArray } from './types';
import { checkFinite, checkLength } from './validate';

/** Options of {@link simulateKspace}. */
export interface SimulateOptions {
  /** Standard deviation of the noise added to the real and imaginary part of each acquired sample. Default 0. */
  noiseSd?: number;
  /** Seed of the noise. Default 1. */
  seed?: number;
}

/**
 * Masked multi-coil k-space y = M F(S_c x) (+ noise on acquired samples) of a real image
 * `[ny, nx]`: complex `[coils, ny, nx]`.
 * @example simulateKspace(sheppLogan2d(256), coilSensitivityMaps(8, 256, 256), mask)
 */
export function simulateKspace(image: Float64Array, maps: CoilMapsLike, mask: Uint8Array, options: SimulateOptions = {}): ComplexArray {
  checkLength('simulateKspace', 'image', image, maps.ny * maps.nx, `ny * nx of the coil maps [${maps.coils}, ${maps.ny}, ${maps.nx}]`);
  checkFinite('simulateKspace', 'image', image);
  const noiseSd = options.noiseSd ?? 0;
  if (!(noiseSd >= 0) || !Number.isFinite(noiseSd)) {
    throw new MriReconError('RPERF_MRI_BAD_OPTION', `simulateKspace: noiseSd must be a finite number >= 0, received ${String(noiseSd)}`);
  }
  const op = new SenseOperator(maps, mask);
  const x = new Float64Array(2 * image.length);
  for (let i = 0; i < image.length; i++) x[2 * i] = image[i]!;
  const y = op.forward(x, new Float64Array(2 * maps.coils * image.length));
  if (noiseSd > 0) {
    const rng = createRng(options.seed ?? 1);
    const row = 2 * maps.nx;
    for (let c = 0; c < maps.coils; c++) {
      for (let r = 0; r < maps.ny; r++) {
        if (!mask[r]) continue;
        const o = (c * maps.ny + r) * row;
        for (let i = 0; i < row; i++) y[o + i] += noiseSd * rng.normal();
      }
    }
  }
  return y;
}

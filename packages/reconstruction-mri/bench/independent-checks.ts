/**
 * Checks of the MRI cases that do not go through our FFT (so a wrong FFT, shift or scale
 * cannot hide behind a round trip through itself). Run in `verify`, never timed.
 * (Not a bench module: the runner only loads `*.bench.ts`.)
 *
 * - Direct pixels: a few pixels of the timed output recomputed from the case's k-space by
 *   the direct inverse DFT (centredDftBin, O(N^2) per pixel) and root-sum-of-squares,
 *     img(r) = sqrt( Σ_c |(F^H k_c)(r)|^2 ),
 *   compared with what the reconstruction returned (max abs difference).
 * - Direct k-space bins: a few bins of the case's k-space (made by simulateKspace, through
 *   our FFT) recomputed by the direct forward DFT of S_c ⊙ x (max abs difference; acquired
 *   rows only, the others are zero by construction).
 * - Analytic k-space: the closed-form Fourier transform of the Shepp–Logan ellipses
 *   (fixtures' sheppLoganKspace2d, Bessel J1, no FFT), given to every coil with weight
 *   e^(iθ_c) / sqrt(C) (uniform coils with distinct constant phases, so the RSS of the coil
 *   images is |image|), reconstructed by the case's own reconstructor and compared with the
 *   rasterised phantom by NRMSE. Not zero by nature: the continuous object's k-space
 *   reconstructs to its Fourier partial sum (Gibbs ringing at every edge), while the phantom
 *   is point-sampled (aliased edges); see ANALYTIC_NRMSE_MAX.
 */
import { sheppLoganKspace2d, type CoilMaps, type Ellipse2d } from '@rhenium-perf/fixtures';
import { centredDftBin } from '../src/direct-dft';
import { nrmse } from '../src/metrics';
import type { ZeroFilledRecon } from '../src/zero-filled';
import { sharedFloat64 } from './support';

/**
 * Largest NRMSE of a reconstruction from analytic k-space against the point-sampled
 * phantom. Measured: 0.158 (2D, 256), 0.141 (2D, 320), at most 0.156 (slices 8, 16, 24 of
 * the 32x256x256 volume); a wrong shift, sign or scale gives 0.9 or more.
 */
export const ANALYTIC_NRMSE_MAX = 0.25;
/** Largest |direct DFT - FFT| accepted (float64; measured ~1e-13 on values up to ~80). */
export const DIRECT_DFT_MAX_ABS_ERROR = 1e-9;
/**
 * Largest |acquired - direct DFT| / noise sd over the checked bins of a noisy acquisition
 * (each real and imaginary part is N(0, sd^2) when the k-space is right; measured 4.8 over
 * the 192 values of 12 bins x 8 coils of the seeded R = 4 scenario; a wrong transform
 * misses by the k-space values themselves, 10^2 to 10^4 sd).
 */
export const MAX_NOISE_Z = 6;
/** Pixels / bins checked directly per case (O(N^2) each, times the coils). */
export const DIRECT_SAMPLES = 12;

/**
 * Deterministic positions on an ny x nx grid: the centre, the first corner, and the rest
 * spread by a golden-ratio sequence (no rng state; the same every run).
 */
export function samplePositions(ny: number, nx: number, count = DIRECT_SAMPLES, rows?: (r: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  const push = (r: number, c: number): void => {
    if (!rows || rows(r)) out.push([r, c]);
  };
  push(ny >> 1, nx >> 1);
  push(0, 0);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 1; out.length < count && i < 100 * count; i++) push(Math.floor(((i * g) % 1) * ny), Math.floor(((i * g * g + 0.5) % 1) * nx));
  return out;
}

/**
 * sqrt(Σ_c |direct inverse DFT of coil c at (r, c)|^2) for each of `positions`, for k-space
 * complex [coils, ny, nx] starting at `kOffset` (the reference values of directPixelsError).
 */
export function directPixelValues(kspace: Float64Array, coils: number, ny: number, nx: number, positions: readonly [number, number][], kOffset = 0): Float64Array {
  const values = new Float64Array(positions.length);
  positions.forEach(([r, c], i) => {
    let ss = 0;
    for (let k = 0; k < coils; k++) {
      const [re, im] = centredDftBin(kspace, ny, nx, r, c, 'inverse', kOffset + 2 * k * ny * nx);
      ss += re * re + im * im;
    }
    values[i] = Math.sqrt(ss);
  });
  return values;
}

/**
 * max over `positions` of |out[r, c] - sqrt(Σ_c |direct inverse DFT of coil c at (r, c)|^2)|
 * for k-space complex [coils, ny, nx] starting at `kOffset` and out [ny, nx] at `outOffset`.
 * `direct`: those reference values made already (directPixelValues, e.g. shared in a run).
 */
export function directPixelsError(
  kspace: Float64Array,
  coils: number,
  ny: number,
  nx: number,
  out: Float64Array,
  positions: readonly [number, number][],
  kOffset = 0,
  outOffset = 0,
  direct?: Float64Array,
): number {
  const values = direct ?? directPixelValues(kspace, coils, ny, nx, positions, kOffset);
  if (values.length !== positions.length) throw new Error(`${values.length} direct pixel values for ${positions.length} positions`);
  let worst = 0;
  positions.forEach(([r, c], i) => {
    const d = Math.abs(values[i]! - out[outOffset + r * nx + c]!);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  });
  return worst;
}

/** Direct complex image inverse DFT pixels against a complex output: max |Δre|, |Δim|. */
export function directComplexPixelsError(kspace: Float64Array, ny: number, nx: number, out: Float64Array, positions: readonly [number, number][]): number {
  let worst = 0;
  for (const [r, c] of positions) {
    const [re, im] = centredDftBin(kspace, ny, nx, r, c, 'inverse');
    const o = 2 * (r * nx + c);
    const d = Math.max(Math.abs(re - out[o]!), Math.abs(im - out[o + 1]!));
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

/**
 * The direct forward DFT of S_c ⊙ image at each of `positions`, per coil: complex
 * [coils, positions] interleaved (the reference values of directKspaceBinsError).
 */
export function directKspaceBinValues(image: Float64Array, maps: CoilMaps, positions: readonly [number, number][]): Float64Array {
  const { coils, ny, nx } = maps;
  const n = ny * nx;
  const coilImage = new Float64Array(2 * n);
  const values = new Float64Array(2 * coils * positions.length);
  for (let k = 0; k < coils; k++) {
    for (let p = 0; p < n; p++) {
      coilImage[2 * p] = maps.data[2 * (k * n + p)]! * image[p]!;
      coilImage[2 * p + 1] = maps.data[2 * (k * n + p) + 1]! * image[p]!;
    }
    positions.forEach(([r, c], i) => {
      const [re, im] = centredDftBin(coilImage, ny, nx, r, c, 'forward');
      values[2 * (k * positions.length + i)] = re;
      values[2 * (k * positions.length + i) + 1] = im;
    });
  }
  return values;
}

/**
 * max over coils and `positions` of max(|Δre|, |Δim|) between the k-space [coils, ny, nx]
 * and the direct forward DFT of S_c ⊙ image (image real [ny, nx]). `direct`: those
 * reference values made already (directKspaceBinValues, e.g. shared in a run).
 */
export function directKspaceBinsError(kspace: Float64Array, image: Float64Array, maps: CoilMaps, positions: readonly [number, number][], direct?: Float64Array): number {
  const { coils, ny, nx } = maps;
  const n = ny * nx;
  const values = direct ?? directKspaceBinValues(image, maps, positions);
  if (values.length !== 2 * coils * positions.length) throw new Error(`${values.length} direct bin values for ${coils} coils x ${positions.length} positions`);
  let worst = 0;
  for (let k = 0; k < coils; k++) {
    positions.forEach(([r, c], i) => {
      const o = 2 * (k * n + r * nx + c);
      const v = 2 * (k * positions.length + i);
      const d = Math.max(Math.abs(values[v]! - kspace[o]!), Math.abs(values[v + 1]! - kspace[o + 1]!));
      worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
    });
  }
  return worst;
}

/**
 * The closed-form k-space of `ellipses` (default: the 2D modified Shepp–Logan) on an ny x nx
 * grid (sheppLoganKspace2d), made once per run and read by the run's later processes.
 */
export async function sharedAnalyticKspace(ny: number, nx: number, ellipses?: readonly Ellipse2d[]): Promise<Float64Array> {
  const what = ellipses ? JSON.stringify(ellipses) : 'modified Shepp-Logan 2D';
  const [k] = await sharedFloat64(`analytic kspace ${ny}x${nx} of ${what}`, 1, () => [sheppLoganKspace2d(ny, nx, ellipses ? { ellipses } : {})]);
  return k!;
}

/**
 * Reconstruct the analytic k-space of `ellipses` (default: the 2D modified Shepp–Logan) with
 * `recon` (all its coils, weights e^(2πi c / C) / sqrt(C)) and return the NRMSE against
 * `phantom`, the same object rasterised on the recon's grid. `analytic`: that k-space made
 * already (sharedAnalyticKspace), else it is computed here.
 */
export function analyticKspaceNrmse(recon: ZeroFilledRecon, phantom: Float64Array, ellipses?: readonly Ellipse2d[], analytic?: Float64Array): number {
  const { ny, nx, coils } = recon;
  const single = analytic ?? sheppLoganKspace2d(ny, nx, ellipses ? { ellipses } : {});
  if (single.length !== 2 * ny * nx) throw new Error(`analytic k-space of ${single.length} numbers for a ${ny}x${nx} grid`);
  const k = new Float64Array(2 * coils * ny * nx);
  for (let c = 0; c < coils; c++) {
    const wr = Math.cos((2 * Math.PI * c) / coils) / Math.sqrt(coils);
    const wi = Math.sin((2 * Math.PI * c) / coils) / Math.sqrt(coils);
    const o = 2 * c * ny * nx;
    for (let p = 0; p < ny * nx; p++) {
      const a = single[2 * p]!;
      const b = single[2 * p + 1]!;
      k[o + 2 * p] = a * wr - b * wi;
      k[o + 2 * p + 1] = a * wi + b * wr;
    }
  }
  return nrmse(phantom, recon.run(k, new Float64Array(ny * nx)));
}

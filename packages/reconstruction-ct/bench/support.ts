/**
 * Inputs and checks shared by the CT benchmark cases: the supersampled modified Shepp–Logan
 * phantom, its sinogram (our Radon transform, built in setup, outside the timed region) and
 * the RMS bounds each case's verify enforces.
 */
import { expectQuality, quality, runFixture, type QualityFigures } from '@rhenium-perf/harness';
import { sheppLogan2d } from '@rhenium-perf/fixtures';
import { PHANTOM_SUPERSAMPLE, planRadon, radon, createGeometry, rmsError, type FbpFilterName } from '../src/index';

/** A phantom and its sinogram at one size and angle count. */
export interface PhantomSinogram {
  readonly size: number;
  readonly angles: number;
  /** size x size, the modified Shepp–Logan averaged over 4 x 4 sub-samples per pixel. */
  readonly phantom: Float64Array;
  /** angles x size (detectors = size), angles k * 180 / angles degrees. */
  readonly sinogram: Float64Array;
}

/** Render the phantom and project it (setup work: ~0.1 s at 128, ~3 s at 512). */
export function phantomSinogram(size: number, angles: number): PhantomSinogram {
  const phantom = sheppLogan2d(size, { supersample: PHANTOM_SUPERSAMPLE });
  const plan = planRadon(createGeometry({ imageSize: size, angles }));
  const sinogram = radon(plan, phantom, new Float64Array(angles * size));
  return { size, angles, phantom, sinogram };
}

/**
 * `phantomSinogram`, made once per run and shared by the run's processes (`runFixture`: the
 * first process that asks renders and projects, the later ones read the bytes; outside a
 * runner it is simply made). The phantom stays each process's reference for its own check.
 */
export async function sharedPhantomSinogram(size: number, angles: number): Promise<PhantomSinogram> {
  const pixels = size * size;
  const bins = angles * size;
  const bytes = await runFixture(`reconstruction-ct:shepp-logan-2d:supersample=${PHANTOM_SUPERSAMPLE}:size=${size}:radon-angles=${angles}:f64`, () => {
    const made = phantomSinogram(size, angles);
    const out = new Float64Array(pixels + bins);
    out.set(made.phantom);
    out.set(made.sinogram, pixels);
    return new Uint8Array(out.buffer);
  });
  if (bytes.byteLength !== 8 * (pixels + bins)) throw new Error(`shared phantom/sinogram ${size}/${angles}: ${bytes.byteLength} bytes, expected ${8 * (pixels + bins)}`);
  const all = new Float64Array(bytes.buffer, bytes.byteOffset, pixels + bins);
  return { size, angles, phantom: all.subarray(0, pixels), sinogram: all.subarray(pixels) };
}

/**
 * Largest RMS error each FBP case accepts against its phantom: the value measured with this
 * package (equal to scikit-image's iradon to 1e-10 at 160) plus about 10%, so a regression
 * in accuracy fails the case. Keys: `<filter>_<size>_a<angles>`.
 */
export const FBP_RMS_MAX: Readonly<Record<string, number>> = Object.freeze({
  ramp_128_a180: 0.04, // measured 0.0361
  ramp_128_a360: 0.04, // 0.0360
  ramp_256_a180: 0.027, // 0.0241
  ramp_256_a360: 0.026, // 0.0236
  ramp_512_a180: 0.023, // 0.0205
  ramp_512_a360: 0.019, // 0.0172
  'shepp-logan_256_a180': 0.03, // 0.0273
  cosine_256_a180: 0.037, // 0.0340
  hamming_256_a180: 0.043, // 0.0391
  hann_256_a180: 0.045, // 0.0406
});

/** The bound for one FBP case (throws for a combination without one: add it above). */
export function fbpRmsMax(filter: FbpFilterName, size: number, angles: number): number {
  const key = `${filter}_${size}_a${angles}`;
  const max = FBP_RMS_MAX[key];
  if (max === undefined) throw new Error(`no RMS bound for ${key}; add one to FBP_RMS_MAX in bench/support.ts`);
  return max;
}

/** RMS error over the whole image (scikit-image's convention), checked against `max`. */
export function rmsFigures(reconstruction: Float64Array, phantom: Float64Array, max: number): QualityFigures {
  const rms = rmsError(reconstruction, phantom);
  let peak = 0;
  for (let i = 0; i < phantom.length; i++) peak = Math.max(peak, Math.abs(reconstruction[i]! - phantom[i]!));
  return {
    rms_error: expectQuality('rms_error', rms, { max }),
    max_abs_error: quality(peak, '', false),
  };
}

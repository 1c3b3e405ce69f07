import { describe, expect, it } from 'vitest';
import { sheppLogan2d } from '@rhenium-perf/fixtures';
import { goldenRatioOrder, iradonSart, planSart, sart } from './sart';
import { uniformAnglesDeg } from './geometry';
import { radonTransform } from './radon';
import { rmsError } from './metrics';
import { ReconstructionCtError } from './errors';

const N = 160;
const phantom = sheppLogan2d(N, { supersample: 4 });
const sinogram = radonTransform(phantom, { angles: 160 });

describe('sart', () => {
  it('visits angles in scikit-image golden-ratio order', () => {
    // scikit-image 0.19 order_angles_golden_ratio(np.linspace(0, 180, 160, endpoint=False))[:20]
    const order = goldenRatioOrder(uniformAnglesDeg(160));
    expect(Array.from(order.subarray(0, 20))).toEqual([0, 61, 122, 23, 84, 146, 47, 108, 9, 70, 131, 32, 93, 154, 56, 117, 18, 79, 140, 41]);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 160 }, (_, i) => i));
    expect(Array.from(goldenRatioOrder(uniformAnglesDeg(4)))).toEqual([0, 2, 3, 1]);
    // Unsorted input: starts at the smallest angle.
    expect(goldenRatioOrder(Float64Array.of(90, 0, 45))[0]).toBe(1);
  });

  it('reaches RMS error <= 0.037 after 1 iteration and <= 0.025 after 2 on the 160 x 160 phantom', () => {
    const plan = planSart({ imageSize: N, angles: 160 });
    const one = sart(plan, sinogram, new Float64Array(N * N), { iterations: 1 });
    const two = sart(plan, sinogram, new Float64Array(N * N), { iterations: 2 });
    const rms1 = rmsError(one, phantom);
    const rms2 = rmsError(two, phantom);
    expect(rms1).toBeLessThanOrEqual(0.037);
    expect(rms2).toBeLessThanOrEqual(0.025);
    // scikit-image's iradon_sart on the same phantom: 0.0356 and 0.0236 (matched to 1e-14).
    expect(Math.abs(rms1 - 0.0356)).toBeLessThan(2e-4);
    expect(Math.abs(rms2 - 0.0236)).toBeLessThan(2e-4);
  });

  it('continues from a prior: 1 + 1 iterations equal 2', () => {
    const plan = planSart({ imageSize: 32, angles: 20 });
    const sino = radonTransform(sheppLogan2d(32, { supersample: 2 }), { angles: 20 });
    const two = sart(plan, sino, new Float64Array(32 * 32), { iterations: 2 });
    const out = sart(plan, sino, new Float64Array(32 * 32), { iterations: 1 });
    sart(plan, sino, out, { prior: out });
    expect(Array.from(out)).toEqual(Array.from(two));
    const copy = sart(plan, sino, new Float64Array(32 * 32), { prior: sart(plan, sino, new Float64Array(32 * 32)) });
    expect(Array.from(copy)).toEqual(Array.from(two));
  });

  it('clips the image after each update when asked', () => {
    const out = iradonSart(sinogram, { imageSize: N, angles: 160, clip: [0, 0.5] }, { iterations: 1 });
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(0.5);
  });

  it('rejects mismatched sinograms, NaN, bad parameters and aliasing with coded errors', () => {
    const plan = planSart({ imageSize: 16, angles: 10 });
    expect(() => sart(plan, new Float64Array(10 * 23), new Float64Array(256))).toThrow(
      /sart: sinogram has 230 values; expected 160 \(10 angles x 16 detectors \(SART needs as many detectors as the image size\)\)/,
    );
    const nan = new Float64Array(160);
    nan[3] = NaN;
    expect(() => sart(plan, nan, new Float64Array(256))).toThrow(/sart: sinogram holds NaN at index 3/);
    const prior = new Float64Array(256);
    prior[255] = NaN;
    expect(() => sart(plan, new Float64Array(160), new Float64Array(256), { prior })).toThrow(/sart: prior holds NaN at index 255/);
    expect(() => sart(plan, new Float64Array(160), new Float64Array(256), { iterations: 0 })).toThrow(/iterations must be an integer >= 1, received 0/);
    expect(() => planSart({ imageSize: 16, angles: 10, relaxation: -1 })).toThrow(/relaxation must be a finite number > 0, received -1/);
    expect(() => planSart({ imageSize: 16, angles: 10, clip: [1, 0] })).toThrow(/clip must be \[min, max\]/);
    try {
      sart(plan, new Float64Array(100), new Float64Array(256));
    } catch (e) {
      expect((e as ReconstructionCtError).code).toBe('RPERF_CT_SHAPE_MISMATCH');
    }
  });
});

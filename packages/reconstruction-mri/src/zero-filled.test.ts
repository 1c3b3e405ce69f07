import { describe, expect, it } from 'vitest';
import { cartesianMask, coilSensitivityMaps, createRng, sheppLogan2d, sheppLogan3d } from '@rhenium-perf/fixtures';
import { Fft2dPlan } from './fft2d';
import { nrmse, toComplex128 } from './metrics';
import { simulateKspace } from './simulate';
import { ZeroFilledRecon } from './zero-filled';

describe('ZeroFilledRecon', () => {
  it('single coil: the magnitude of the inverse FFT, NRMSE < 1e-6 on the fully sampled phantom', () => {
    const n = 256;
    const ph = sheppLogan2d(n);
    const k = simulateKspace(ph, coilSensitivityMaps(1, n, n), new Uint8Array(n).fill(1));
    const img = new ZeroFilledRecon(n, n, 1).run(k, new Float64Array(n * n));
    expect(nrmse(ph, img)).toBeLessThan(1e-6);
  });

  it('8 coils: root-sum-of-squares returns |x| for normalised maps (320 x 320, mixed radix)', () => {
    const n = 320;
    const ph = sheppLogan2d(n);
    const k = simulateKspace(ph, coilSensitivityMaps(8, n, n), new Uint8Array(n).fill(1));
    const img = new ZeroFilledRecon(n, n, 8).run(k, new Float64Array(n * n));
    expect(nrmse(ph, img)).toBeLessThan(1e-6);
  });

  it('float32 path: k-space stored as complex64, converted once, NRMSE < 1e-4', () => {
    const n = 256;
    const ph = sheppLogan2d(n);
    const k32 = Float32Array.from(simulateKspace(ph, coilSensitivityMaps(1, n, n), new Uint8Array(n).fill(1)));
    const img = new ZeroFilledRecon(n, n, 1).run(toComplex128(k32), new Float64Array(n * n));
    const e = nrmse(ph, img);
    expect(e).toBeLessThan(1e-4);
    expect(e).toBeGreaterThan(1e-9); // float32 rounding is visible, so this is not the float64 path
  });

  it('computes sqrt(sum_c |F^H k_c|^2) pixel by pixel on random data', () => {
    const [nc, ny, nx] = [3, 9, 12];
    const k = createRng(4).fillNormal(new Float64Array(2 * nc * ny * nx));
    const out = new ZeroFilledRecon(ny, nx, nc).run(k, new Float64Array(ny * nx));
    const plan = new Fft2dPlan(ny, nx);
    const ref = new Float64Array(ny * nx);
    for (let c = 0; c < nc; c++) {
      const img = plan.inverse(k.slice(2 * c * ny * nx, 2 * (c + 1) * ny * nx), new Float64Array(2 * ny * nx));
      for (let p = 0; p < ny * nx; p++) ref[p] += img[2 * p]! ** 2 + img[2 * p + 1]! ** 2;
    }
    for (let p = 0; p < ny * nx; p++) expect(out[p]).toBeCloseTo(Math.sqrt(ref[p]!), 12);
  });

  it('reconstructs a volume slice by slice', () => {
    const [nz, n] = [4, 32];
    const vol = sheppLogan3d(nz, n, n);
    const maps = coilSensitivityMaps(2, n, n);
    const full = new Uint8Array(n).fill(1);
    const k = new Float64Array(2 * nz * 2 * n * n);
    for (let z = 0; z < nz; z++) k.set(simulateKspace(vol.subarray(z * n * n, (z + 1) * n * n), maps, full), 2 * z * 2 * n * n);
    const out = new ZeroFilledRecon(n, n, 2).runVolume(k, nz, new Float64Array(nz * n * n));
    expect(nrmse(vol, out)).toBeLessThan(1e-9);
  });

  it('undersampling leaves aliasing: the R = 4 image differs from the phantom', () => {
    const n = 128;
    const ph = sheppLogan2d(n);
    const mask = cartesianMask(n, { acceleration: 4, centerLines: 12 });
    const img = new ZeroFilledRecon(n, n, 1).run(simulateKspace(ph, coilSensitivityMaps(1, n, n), mask), new Float64Array(n * n));
    expect(nrmse(ph, img)).toBeGreaterThan(0.1);
  });

  it('rejects bad input with what was received and what is expected', () => {
    const zf = new ZeroFilledRecon(8, 8, 2);
    expect(() => zf.run(new Float64Array(100), new Float64Array(64))).toThrow(/kspace has length 100, expected 256/);
    expect(() => zf.run(new Float64Array(256), new Float64Array(60))).toThrow(/out has length 60, expected 64/);
    const bad = new Float64Array(256);
    bad[17] = NaN;
    expect(() => zf.run(bad, new Float64Array(64))).toThrow(/RPERF_MRI_NON_FINITE.*NaN at index 17/);
    expect(() => new ZeroFilledRecon(8, 0, 1)).toThrow(/RPERF_MRI_BAD_SIZE.*nx must be a positive integer, received 0/);
    expect(() => new ZeroFilledRecon(8, 8, 1.5)).toThrow(/coils must be a positive integer, received 1.5/);
    expect(() => zf.runVolume(new Float64Array(256), -1, new Float64Array(64))).toThrow(/nz must be a positive integer, received -1/);
  });
});

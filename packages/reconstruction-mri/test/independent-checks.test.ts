import { describe, expect, it } from 'vitest';
import { coilSensitivityMaps, sheppLogan2d, sheppLogan3d, sheppLoganKspace2d, sheppLoganSliceEllipses } from '@rhenium-perf/fixtures';
import { nrmse, ZeroFilledRecon } from '../src/index';
import {
  ANALYTIC_NRMSE_MAX,
  DIRECT_DFT_MAX_ABS_ERROR,
  MAX_NOISE_Z,
  analyticKspaceNrmse,
  directKspaceBinsError,
  directPixelsError,
  samplePositions,
} from '../bench/independent-checks';
import { acquire, NOISE_SD } from '../bench/support';

describe('MRI checks independent of our FFT', () => {
  it.each([
    [256, 1, 0.1576],
    [320, 8, 0.1408],
  ])('analytic (Bessel) k-space of the phantom, %i px, %i coils, reconstructs to the rasterised phantom within ANALYTIC_NRMSE_MAX (measured %d)', (n, coils, measured) => {
    const e = analyticKspaceNrmse(new ZeroFilledRecon(n, n, coils), sheppLogan2d(n));
    expect(e).toBeLessThan(ANALYTIC_NRMSE_MAX);
    expect(Math.abs(e - measured)).toBeLessThan(1e-3);
  });

  it('analytic k-space of slices of the 3D phantom reconstructs to the rasterised slices (z = 8, 16, 24 of 32)', () => {
    const [nz, n] = [32, 128];
    const vol = sheppLogan3d(nz, n, n);
    const recon = new ZeroFilledRecon(n, n, 1);
    for (const z of [8, 16, 24]) {
      const e = analyticKspaceNrmse(recon, vol.subarray(z * n * n, (z + 1) * n * n), sheppLoganSliceEllipses(-1 + (2 * z + 1) / nz));
      expect(e).toBeLessThan(ANALYTIC_NRMSE_MAX);
    }
  });

  it('a broken transform fails the analytic figure: a k-space flipped along y (the conjugate-symmetric mix-up) reconstructs far from the phantom', () => {
    const n = 128;
    const k = sheppLoganKspace2d(n, n);
    const flipped = new Float64Array(k.length);
    for (let r = 0; r < n; r++) flipped.set(k.subarray(2 * r * n, 2 * (r + 1) * n), 2 * ((n - 1 - r) * n));
    const img = new ZeroFilledRecon(n, n, 1).run(flipped, new Float64Array(n * n));
    expect(nrmse(sheppLogan2d(n), img)).toBeGreaterThan(2 * ANALYTIC_NRMSE_MAX);
  });

  it('direct pixels and bins agree with the FFT path to 1e-9 (measured < 1e-13) and catch a 0.1% error', () => {
    const acq = acquire(128, 4);
    const recon = new ZeroFilledRecon(128, 128, 4);
    const out = recon.run(acq.kspace, new Float64Array(128 * 128));
    const pos = samplePositions(128, 128);
    expect(pos).toHaveLength(12);
    expect(pos[0]).toEqual([64, 64]);
    expect(directPixelsError(acq.kspace, 4, 128, 128, out, pos)).toBeLessThan(DIRECT_DFT_MAX_ABS_ERROR);
    expect(directKspaceBinsError(acq.kspace, acq.phantom, acq.maps, pos)).toBeLessThan(DIRECT_DFT_MAX_ABS_ERROR);
    const scaled = out.map((v) => v * 1.001);
    expect(directPixelsError(acq.kspace, 4, 128, 128, scaled, pos)).toBeGreaterThan(1e-4);
    const k2 = acq.kspace.map((v) => v * 1.001);
    expect(directKspaceBinsError(k2, acq.phantom, acq.maps, pos)).toBeGreaterThan(1e-4);
  });

  it('noisy R = 4 acquisition: acquired bins sit within MAX_NOISE_Z noise sd of the direct DFT (measured 4.84)', () => {
    const acq = acquire(256, 8, 4);
    const rows = samplePositions(256, 256, undefined, (r) => acq.mask[r] === 1);
    expect(rows.every(([r]) => acq.mask[r] === 1)).toBe(true);
    const z = directKspaceBinsError(acq.kspace, acq.phantom, acq.maps, rows) / NOISE_SD;
    expect(z).toBeLessThan(MAX_NOISE_Z);
    expect(z).toBeGreaterThan(1); // the noise is there
    // Data of another object (coil maps of another radius) miss by far more than the noise.
    const other = coilSensitivityMaps(8, 256, 256, { radius: 3 });
    expect(directKspaceBinsError(acq.kspace, acq.phantom, other, rows) / NOISE_SD).toBeGreaterThan(100);
  });
});

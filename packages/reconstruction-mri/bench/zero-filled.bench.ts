/**
 * Zero-filled reconstruction: inverse centred FFT per coil + root-sum-of-squares.
 * Fully sampled cases are checked against the phantom (NRMSE < 1e-6, float64 path).
 */
import { sheppLogan3d, sheppLoganSliceEllipses, coilSensitivityMaps } from '@rhenium-perf/fixtures';
import { defineBench, expectQuality, quality, sweep } from '@rhenium-perf/harness';
import { nrmse, psnr, simulateKspace, ZeroFilledRecon } from '../src/index';
import {
  ANALYTIC_NRMSE_MAX,
  DIRECT_DFT_MAX_ABS_ERROR,
  MAX_NOISE_Z,
  analyticKspaceNrmse,
  directKspaceBinValues,
  directKspaceBinsError,
  directPixelValues,
  directPixelsError,
  samplePositions,
  sharedAnalyticKspace,
} from './independent-checks';
import { NOISE_SD, acquisitionKey, sharedAcquire, sharedFloat64, sharedReference } from './support';

const MAX_NRMSE_FLOAT64 = 1e-6;

const fullySampled = sweep({ size: [256, 320], coils: [1, 8] }, (p) =>
  defineBench({
    id: `recon_mri_zf_${p.size}_c${p.coils}`,
    category: 'reconstruction_mri',
    task: p.coils === 1 ? 'zero_filled_magnitude' : 'zero_filled_rss',
    modality: 'MRI',
    // One item = one slice's k-space (all coils) reconstructed; output voxels counted (the size x size image).
    inputShape: [p.coils, p.size, p.size],
    outputShape: [p.size, p.size],
    voxelsCounted: 'output',
    dtype: 'complex128',
    tags: p.size === 256 && p.coils === 1 ? ['smoke', 'full'] : ['full'],
    setup: async () => {
      const acq = await sharedAcquire(p.size, p.coils);
      return { acq, recon: new ZeroFilledRecon(p.size, p.size, p.coils), out: new Float64Array(p.size * p.size) };
    },
    run: (s) => s.recon.run(s.acq.kspace, s.out),
    verify: async (s, out, ctx) => {
      ctx.record('fft_kinds', s.recon.plan.kinds);
      const { kspace, phantom, maps } = s.acq;
      const pos = samplePositions(p.size, p.size);
      const analytic = await sharedAnalyticKspace(p.size, p.size);
      // The direct-DFT reference values, made once per run (from the input and the phantom only).
      const at = `${acquisitionKey(p.size, p.coils)} at ${JSON.stringify(pos)}`;
      const pixels = await sharedReference(`direct pixels of ${at}`, () => directPixelValues(kspace, p.coils, p.size, p.size, pos));
      const bins = await sharedReference(`direct k-space bins of ${at}`, () => directKspaceBinValues(phantom, maps, pos));
      return {
        nrmse: expectQuality('nrmse', nrmse(phantom, out), { max: MAX_NRMSE_FLOAT64 }),
        psnr_db: quality(psnr(phantom, out, 1), 'dB', true),
        // Independent of our FFT: output pixels and input k-space bins by direct DFT sums,
        // and the reconstruction of the phantom's closed-form (Bessel) k-space.
        pixels_vs_direct_idft_max_abs_err: expectQuality('pixels_vs_direct_idft_max_abs_err', directPixelsError(kspace, p.coils, p.size, p.size, out, pos, 0, 0, pixels), { max: DIRECT_DFT_MAX_ABS_ERROR }),
        kspace_vs_direct_dft_max_abs_err: expectQuality('kspace_vs_direct_dft_max_abs_err', directKspaceBinsError(kspace, phantom, maps, pos, bins), { max: DIRECT_DFT_MAX_ABS_ERROR }),
        analytic_kspace_nrmse: expectQuality('analytic_kspace_nrmse', analyticKspaceNrmse(s.recon, phantom, undefined, analytic), { max: ANALYTIC_NRMSE_MAX }),
      };
    },
  }),
);

const NZ = 32;
const NV = 256;
const VOLUME_KEY = `volume ${NZ}x${NV}x${NV} sheppLogan3d, 1 coil, fully sampled k-space`;
/** Slices of the volume checked against their analytic k-space (z = -0.47, 0.03, 0.53). */
const ANALYTIC_SLICES = [8, 16, 24] as const;

const volume = defineBench({
  id: `recon_mri_zf_vol_${NZ}x${NV}x${NV}_c1`,
  category: 'reconstruction_mri',
  task: 'zero_filled_volume',
  modality: 'MRI',
  // One item = the whole volume's k-space reconstructed; output voxels counted (NZ x NV x NV).
  inputShape: [NZ, 1, NV, NV],
  outputShape: [NZ, NV, NV],
  voxelsCounted: 'output',
  dtype: 'complex128',
  tags: ['full'],
  // ~70 ms a run: 2 warm-up + 3 timed runs per process.
  warmupRunsPerProcess: 2,
  measuredRunsPerProcess: 3,
  setup: async () => {
    // The phantom volume and its k-space, made once per run.
    const [vol, kspace] = await sharedFloat64(VOLUME_KEY, 2, () => {
      const v = sheppLogan3d(NZ, NV, NV);
      const maps = coilSensitivityMaps(1, NV, NV);
      const full = new Uint8Array(NV).fill(1);
      const k = new Float64Array(2 * NZ * NV * NV);
      for (let z = 0; z < NZ; z++) k.set(simulateKspace(v.subarray(z * NV * NV, (z + 1) * NV * NV), maps, full), 2 * z * NV * NV);
      return [v, k];
    });
    return { vol: vol!, kspace: kspace!, recon: new ZeroFilledRecon(NV, NV, 1), out: new Float64Array(NZ * NV * NV) };
  },
  run: (s) => s.recon.runVolume(s.kspace, NZ, s.out),
  verify: async (s, out) => {
    // Independent of our FFT: three slices' analytic k-space (the ellipses each slice cuts from
    // the ellipsoids) reconstructed and compared with the rasterised slices (worst of three),
    // and output voxels of those slices by direct inverse DFT sums of the case's k-space.
    const npix = NV * NV;
    let analytic = 0;
    let pixels = 0;
    for (const z of ANALYTIC_SLICES) {
      const ellipses = sheppLoganSliceEllipses(-1 + (2 * z + 1) / NZ);
      const k = await sharedAnalyticKspace(NV, NV, ellipses);
      analytic = Math.max(analytic, analyticKspaceNrmse(s.recon, s.vol.subarray(z * npix, (z + 1) * npix), ellipses, k));
      const pos = samplePositions(NV, NV, 4);
      const direct = await sharedReference(`direct pixels of ${VOLUME_KEY} slice ${z} at ${JSON.stringify(pos)}`, () => directPixelValues(s.kspace, 1, NV, NV, pos, 2 * z * npix));
      pixels = Math.max(pixels, directPixelsError(s.kspace, 1, NV, NV, out, pos, 2 * z * npix, z * npix, direct));
    }
    return {
      nrmse: expectQuality('nrmse', nrmse(s.vol, out), { max: MAX_NRMSE_FLOAT64 }),
      pixels_vs_direct_idft_max_abs_err: expectQuality('pixels_vs_direct_idft_max_abs_err', pixels, { max: DIRECT_DFT_MAX_ABS_ERROR }),
      analytic_kspace_nrmse: expectQuality('analytic_kspace_nrmse', analytic, { max: ANALYTIC_NRMSE_MAX }),
    };
  },
});

const undersampled = defineBench({
  id: 'recon_mri_zf_256_c8_r4',
  category: 'reconstruction_mri',
  task: 'zero_filled_rss_undersampled',
  modality: 'MRI',
  // One item = one slice's undersampled k-space (8 coils) reconstructed; output voxels counted (256 x 256).
  inputShape: [8, 256, 256],
  outputShape: [256, 256],
  voxelsCounted: 'output',
  dtype: 'complex128',
  tags: ['full'],
  params: { size: 256, coils: 8, acceleration: 4 },
  setup: async () => {
    const acq = await sharedAcquire(256, 8, 4);
    return { acq, recon: new ZeroFilledRecon(256, 256, 8), out: new Float64Array(256 * 256) };
  },
  run: (s) => s.recon.run(s.acq.kspace, s.out),
  verify: async (s, out) => {
    const { kspace, phantom, maps, mask } = s.acq;
    const acquired = samplePositions(256, 256, undefined, (r) => mask[r] === 1);
    const all = samplePositions(256, 256);
    // The direct-DFT reference values, made once per run (from the input and the phantom only).
    const key = acquisitionKey(256, 8, 4);
    const pixels = await sharedReference(`direct pixels of ${key} at ${JSON.stringify(all)}`, () => directPixelValues(kspace, 8, 256, 256, all));
    const bins = await sharedReference(`direct k-space bins of ${key} at ${JSON.stringify(acquired)}`, () => directKspaceBinValues(phantom, maps, acquired));
    return {
      // Aliased by design; the bound only catches a broken transform (a wrong one lands far below).
      psnr_db: expectQuality('psnr_db', psnr(phantom, out, 1), { min: 15, unit: 'dB' }),
      nrmse: quality(nrmse(phantom, out), '', false),
      // Independent of our FFT: output pixels by direct inverse DFT sums of the zero-filled
      // k-space; acquired bins against the direct DFT of S_c x, in units of the noise sd.
      pixels_vs_direct_idft_max_abs_err: expectQuality('pixels_vs_direct_idft_max_abs_err', directPixelsError(kspace, 8, 256, 256, out, all, 0, 0, pixels), { max: DIRECT_DFT_MAX_ABS_ERROR }),
      kspace_vs_direct_dft_max_noise_z: expectQuality('kspace_vs_direct_dft_max_noise_z', directKspaceBinsError(kspace, phantom, maps, acquired, bins) / NOISE_SD, { max: MAX_NOISE_Z, unit: 'sd' }),
    };
  },
});

export default [...fullySampled, volume, undersampled];

/**
 * Zero-filled reconstruction: inverse centred FFT per coil + root-sum-of-squares.
 * Fully sampled cases are checked against the phantom (NRMSE < 1e-6, float64 path).
 */
import { sheppLogan3d, coilSensitivityMaps } from '@rhenium-perf/fixtures';
import { defineBench, expectQuality, quality, sweep } from '@rhenium-perf/harness';
import { nrmse, psnr, simulateKspace, ZeroFilledRecon } from '../src/index';
import { acquire } from './scenario';

const MAX_NRMSE_FLOAT64 = 1e-6;

const fullySampled = sweep({ size: [256, 320], coils: [1, 8] }, (p) =>
  defineBench({
    id: `recon_mri_zf_${p.size}_c${p.coils}`,
    category: 'reconstruction_mri',
    task: p.coils === 1 ? 'zero_filled_magnitude' : 'zero_filled_rss',
    modality: 'MRI',
    inputShape: [p.coils, p.size, p.size],
    dtype: 'complex128',
    voxels: p.size * p.size,
    tags: p.size === 256 && p.coils === 1 ? ['smoke', 'full'] : ['full'],
    setup: () => {
      const acq = acquire(p.size, p.coils);
      return { acq, recon: new ZeroFilledRecon(p.size, p.size, p.coils), out: new Float64Array(p.size * p.size) };
    },
    run: (s) => s.recon.run(s.acq.kspace, s.out),
    verify: (s, out, ctx) => {
      ctx.record('fft_kinds', s.recon.plan.kinds);
      return {
        nrmse: expectQuality('nrmse', nrmse(s.acq.phantom, out), { max: MAX_NRMSE_FLOAT64 }),
        psnr_db: quality(psnr(s.acq.phantom, out, 1), 'dB', true),
      };
    },
  }),
);

const NZ = 32;
const NV = 256;

const volume = defineBench({
  id: `recon_mri_zf_vol_${NZ}x${NV}x${NV}_c1`,
  category: 'reconstruction_mri',
  task: 'zero_filled_volume',
  modality: 'MRI',
  inputShape: [NZ, 1, NV, NV],
  dtype: 'complex128',
  voxels: NZ * NV * NV,
  tags: ['full'],
  warmupRuns: 2,
  measurementRuns: 5,
  setup: () => {
    const vol = sheppLogan3d(NZ, NV, NV);
    const maps = coilSensitivityMaps(1, NV, NV);
    const full = new Uint8Array(NV).fill(1);
    const kspace = new Float64Array(2 * NZ * NV * NV);
    for (let z = 0; z < NZ; z++) kspace.set(simulateKspace(vol.subarray(z * NV * NV, (z + 1) * NV * NV), maps, full), 2 * z * NV * NV);
    return { vol, kspace, recon: new ZeroFilledRecon(NV, NV, 1), out: new Float64Array(NZ * NV * NV) };
  },
  run: (s) => s.recon.runVolume(s.kspace, NZ, s.out),
  verify: (s, out) => ({ nrmse: expectQuality('nrmse', nrmse(s.vol, out), { max: MAX_NRMSE_FLOAT64 }) }),
});

const undersampled = defineBench({
  id: 'recon_mri_zf_256_c8_r4',
  category: 'reconstruction_mri',
  task: 'zero_filled_rss_undersampled',
  modality: 'MRI',
  inputShape: [8, 256, 256],
  dtype: 'complex128',
  voxels: 256 * 256,
  tags: ['full'],
  params: { size: 256, coils: 8, acceleration: 4 },
  setup: () => {
    const acq = acquire(256, 8, 4);
    return { acq, recon: new ZeroFilledRecon(256, 256, 8), out: new Float64Array(256 * 256) };
  },
  run: (s) => s.recon.run(s.acq.kspace, s.out),
  verify: (s, out) => ({
    // Aliased by design; the bound only catches a broken transform (a wrong one lands far below).
    psnr_db: expectQuality('psnr_db', psnr(s.acq.phantom, out, 1), { min: 15, unit: 'dB' }),
    nrmse: quality(nrmse(s.acq.phantom, out), '', false),
  }),
});

export default [...fullySampled, volume, undersampled];

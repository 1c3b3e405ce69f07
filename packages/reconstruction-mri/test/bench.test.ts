import { describe, expect, it } from 'vitest';
import { runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import iterative from '../bench/iterative.bench';
import reference from '../bench/reference.bench';
import zeroFilled from '../bench/zero-filled.bench';

const all: BenchCase[] = [...zeroFilled, ...iterative, ...reference];

describe('benchmark cases of reconstruction-mri', () => {
  it('have unique ids that name their parameters, and the expected matrix', () => {
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'recon_mri_zf_256_c1',
        'recon_mri_zf_256_c8',
        'recon_mri_zf_320_c1',
        'recon_mri_zf_320_c8',
        'recon_mri_zf_vol_32x256x256_c1',
        'recon_mri_zf_256_c8_r4',
        'recon_mri_cgsense_256_c8_r4_it10',
        'recon_mri_cgsense_256_c8_r4_it20',
        'recon_mri_fista_256_c8_r4_it10',
        'recon_mri_fista_256_c8_r4_it20',
        'recon_mri_ifft2_vs_numpy_256',
        'recon_mri_ifft2_vs_numpy_320',
      ]),
    );
    for (const c of all) {
      expect(c.category).toBe('reconstruction_mri');
      expect(c.modality).toBe('MRI');
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
      // Reference cases run in the full suite (issue 17: each row's figure is there) but never in smoke.
      if (c.tags.includes('reference')) expect(c.tags).toEqual(['reference', 'full']);
    }
  });

  for (const c of all.filter((x) => x.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline`, async () => {
      const r = await runCaseInline(c, { mode: 'smoke' });
      expect(r.error).toBeNull();
      expect(r.state).toBe('passed');
      expect(r.quality.nrmse!.value).toBeLessThan(1e-6);
      // Independent of our FFT: direct DFT sums and the analytic (Bessel) k-space.
      expect(r.quality.pixels_vs_direct_idft_max_abs_err!.value).toBeLessThan(1e-9);
      expect(r.quality.kspace_vs_direct_dft_max_abs_err!.value).toBeLessThan(1e-9);
      expect(r.quality.analytic_kspace_nrmse!.value).toBeLessThan(0.25);
      expect(r.throughput.voxels_per_sec).toBeGreaterThan(0);
    });
  }
});

/**
 * Every case of the package is well formed, and every smoke case runs inline (setup,
 * warm-up, runs, verify) and passes.
 */
import { runCaseInline } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import cases from '../bench/io.bench';

describe('io-parsing bench cases', () => {
  it('have distinct ids in the io_parsing category, smoke implies full', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.category).toBe('io_parsing');
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
    }
    expect(cases.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual(['io_dicom_series_brain_mr_20x256x256', 'io_nifti_read_mri_small_nii_gz']);
    expect(cases.length).toBe(7);
  });

  for (const c of cases.filter((c) => c.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'io-parsing' });
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
      expect(result.quality.mb_per_s?.value).toBeGreaterThan(0);
      expect(result.metadata.voxels_per_s).toBeGreaterThan(0);
    });
  }
});

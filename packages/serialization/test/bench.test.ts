/**
 * Every case of the package is well formed, and every smoke case runs inline (setup,
 * warm-up, runs, verify) and passes.
 */
import { runCaseInline } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import cases from '../bench/write.bench';

describe('serialization bench cases', () => {
  it('have distinct ids in the serialization category, smoke implies full', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.category).toBe('serialization');
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
    }
    expect(cases.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual(['ser_nifti_write_labels_small_nii_gz', 'ser_json_export_ct_small']);
    expect(cases.length).toBe(15);
  });

  for (const c of cases.filter((c) => c.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'serialization' });
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
      expect(result.quality.mb_per_s?.value).toBeGreaterThan(0);
    });
  }
});

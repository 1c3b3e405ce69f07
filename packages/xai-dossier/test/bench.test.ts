import { describe, expect, it } from 'vitest';
import { isBenchCase, runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import dossier from '../bench/dossier.bench';
import saliency from '../bench/saliency.bench';
import uncertainty from '../bench/uncertainty.bench';

const all: BenchCase[] = [...dossier, ...saliency, ...uncertainty];

describe('xai-dossier bench cases', () => {
  it('are defined cases with unique ids in the xai_dossier category, as the issue lists them', () => {
    expect(all.every(isBenchCase)).toBe(true);
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.every((c) => c.category === 'xai_dossier')).toBe(true);
    expect(ids).toEqual(
      expect.arrayContaining([
        'xai_dossier_mri_tiny',
        'xai_dossier_mri_small',
        'xai_dossier_ct_small',
        'xai_saliency_occlusion_mri_small_p8',
        'xai_saliency_occlusion_mri_small_p16',
        'xai_uncertainty_tta_flips_mri_small',
      ]),
    );
    for (const c of all) if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
  });

  it.each(all.filter((c) => c.tags.includes('smoke')).map((c) => [c.id, c] as const))('smoke case %s passes inline with its stages', async (_id, c) => {
    const r = await runCaseInline(c, { mode: 'smoke' });
    expect(r.state, r.error ?? '').toBe('passed');
    expect(r.metadata.model_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stages?.map((s) => s.name)).toEqual(['segment', 'uncertainty', 'saliency', 'measure', 'dossier', 'render']);
  });
});

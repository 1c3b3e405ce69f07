import { describe, expect, it } from 'vitest';
import { isBenchCase, runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import superResolution from '../bench/super-resolution.bench';
import denoise from '../bench/denoise.bench';
import { validateDisclosure } from '../src/disclosure';

const all: BenchCase[] = [...superResolution, ...denoise];

describe('gan-inference bench cases', () => {
  it('are defined cases with unique ids, the category, and the matrix of the issue', () => {
    expect(all.every(isBenchCase)).toBe(true);
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.every((c) => c.category === 'gan_inference')).toBe(true);
    for (const m of ['mri', 'ct']) for (const s of ['tiny', 'small']) expect(ids).toContain(`gan_sr_srgan2d_${m}_${s}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'gan_sr_srgan2d_slice_128',
        'gan_sr_srgan2d_slice_256',
        'gan_sr_srgan2d_mri_tiny_slice',
        'gan_denoise_dncnn2d_slice_128',
        'gan_denoise_dncnn2d_slice_256',
        'gan_denoise_dncnn3d_tiny',
        'gan_denoise_dncnn3d_small',
      ]),
    );
    expect(all.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual(['gan_sr_srgan2d_mri_tiny_slice']);
    for (const c of all) {
      expect(c.tags).toContain('full');
      expect(c.inputShape.length).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(all.filter((c) => c.tags.includes('smoke')).map((c) => [c.id, c] as const))('smoke case %s passes inline, discloses and records sha256 and threads', async (_id, c) => {
    const r = await runCaseInline(c, { mode: 'smoke' });
    expect(r.state, r.error ?? '').toBe('passed');
    expect(r.voxels_per_item).toBe(16 * 16);
    expect(r.voxels_counted).toBe('input');
    expect(r.metadata.model_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.metadata.intra_op_threads).toBeGreaterThanOrEqual(1);
    const d = r.metadata.disclosure as { synthetic: boolean; output: { shape: number[] } };
    expect(validateDisclosure(d).valid).toBe(true);
    expect(d.synthetic).toBe(true);
    expect(d.output.shape).toEqual([32, 32]);
    expect(r.quality.values_differing_between_runs!.value).toBe(0);
    expect(r.quality.non_finite_values!.value).toBe(0);
    expect(r.quality.max_abs_err_vs_reference!.value).toBeLessThan(1e-4); // independent of onnxruntime
    expect(r.quality.psnr_downsampled_vs_input!.threshold).toBeNull(); // recorded, never gated
    expect(r.stages?.map((s) => s.name).sort()).toEqual(['pre_post', 'session_run']);
  });

  // Every full case verifies too (one warm-up-free run each, to keep the test short).
  it.each(all.filter((c) => !c.tags.includes('smoke')).map((c) => [c.id, c] as const))('full case %s verifies inline', async (_id, c) => {
    const r = await runCaseInline(c, { mode: 'full', warmupRunsPerProcess: 0, measuredRunsPerProcess: 1 });
    expect(r.state, r.error ?? '').toBe('passed');
    expect(r.voxels_per_item).toBe(c.inputShape.reduce((a, b) => a * b, 1));
    expect(validateDisclosure(r.metadata.disclosure).valid).toBe(true);
    expect(r.metadata.model_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

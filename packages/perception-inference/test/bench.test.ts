import { describe, expect, it } from 'vitest';
import { isBenchCase, runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import segmentation from '../bench/segmentation.bench';
import classification from '../bench/classification.bench';
import detection from '../bench/detection.bench';
import userModel from '../bench/user-model.bench';
import { cudaStatus } from '../src/device';

const all: BenchCase[] = [...segmentation, ...classification, ...detection, ...userModel];

describe('perception-inference bench cases', () => {
  it('are defined cases with unique ids, the category, and the matrix of the issue', () => {
    expect(all.every(isBenchCase)).toBe(true);
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.every((c) => c.category === 'perception_inference')).toBe(true);
    for (const m of ['mri', 'ct', 'us', 'xr']) for (const s of ['tiny', 'small', 'medium']) expect(ids).toContain(`perception_seg_unet3d_${m}_${s}`);
    expect(ids).toEqual(expect.arrayContaining([
      'perception_seg_unet3d_mri_large_sliding_window',
      'perception_seg_unet3d_mri_medium_threads_1',
      'perception_seg_unet3d_mri_medium_threads_2',
      'perception_seg_unet3d_mri_medium_cuda',
      'perception_cls_classifier3d_mri_medium',
      'perception_det_detector3d_ct_medium',
    ]));
    expect(userModel).toEqual([]); // no RPERF_MODEL_PATH in tests
    for (const c of all) if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
  });

  it.each(all.filter((c) => c.tags.includes('smoke')).map((c) => [c.id, c] as const))('smoke case %s passes inline and records sha256 and threads', async (_id, c) => {
    const r = await runCaseInline(c, { mode: 'smoke' });
    expect(r.state, r.error ?? '').toBe('passed');
    expect(r.metadata.model_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.metadata.intra_op_threads).toBeGreaterThanOrEqual(1);
    expect(r.quality.softmax_sum_max_error!.value).toBeLessThan(1e-5);
    expect(r.quality.max_abs_err_vs_reference!.value).toBeLessThan(1e-4); // independent of onnxruntime
    expect(r.stages?.map((s) => s.name).sort()).toEqual(['pre_post', 'session_run']);
  });

  it.skipIf(cudaStatus().available)('the gpu case is skipped with the reason when CUDA is missing', async () => {
    const gpu = all.find((c) => c.tags.includes('gpu'))!;
    const r = await runCaseInline(gpu, { mode: 'full', device: 'cpu' });
    expect(r.state).toBe('skipped');
    expect(r.skipped_reason).toMatch(/^needs CUDA: /);
  });
});

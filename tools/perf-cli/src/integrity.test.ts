import { describe, expect, it } from 'vitest';
import { sampleBenchmark } from '@rhenium-perf/schema';
import { integrityProblems, resultProblems } from './integrity';

describe('report integrity', () => {
  it('the complete sample result has no problem', () => {
    // samples 1..1.4 ms, batches 1 and 2; input 256x256 = 65536 voxels; 862.07 items/s
    const b = sampleBenchmark({ throughput: { items_per_sec: 862.07, voxels_per_sec: 862.07 * 65536 } });
    expect(resultProblems(b)).toEqual([]);
  });
  it('a sample under 1 ms (batch 1) is named with its process', () => {
    const b = sampleBenchmark({ samples_ms: [1, 1.1, 0.39, 1.2, 1.4], process_samples: [3, 2], process_batch_sizes: [1, 2], throughput: { items_per_sec: 1, voxels_per_sec: 65536 } });
    expect(resultProblems(b)).toEqual(['recon_mri_zf_256_c1: a timed sample of process 1 lasted 0.390 ms (batch 1), under the 1 ms minimum']);
    // the same 0.39 ms per call in a batch of 4 is a 1.56 ms sample: fine
    expect(resultProblems({ ...b, process_batch_sizes: [4, 2] })).toEqual([]);
  });
  it('a check past its threshold on a passed case (the shown-but-not-enforced figure)', () => {
    const b = sampleBenchmark({
      quality: { pre_post_over_session_run: { value: 0.206, unit: '', higher_is_better: false, threshold: 0.1 } },
      throughput: { items_per_sec: 1, voxels_per_sec: 65536 },
    });
    expect(resultProblems(b)).toEqual(['recon_mri_zf_256_c1: check pre_post_over_session_run = 0.206 is past its threshold 0.1 on a passed case']);
    expect(resultProblems({ ...b, state: 'failed', success: false, error: 'x' })).toEqual([]);
  });
  it('voxels/s must be voxels per item x items/s; an input count must be the input shape (the CT stack overstated 32x)', () => {
    const stack = sampleBenchmark({
      input_shape: [180, 256], voxels_per_item: 32 * 65536, voxels_counted: 'input',
      throughput: { items_per_sec: 10, voxels_per_sec: 10 * 32 * 65536 },
    });
    expect(integrityProblems([stack])).toEqual(['recon_mri_zf_256_c1: voxels_per_item 2097152 counts the input but input_shape [180,256] has 46080 elements']);
    const wrongRate = sampleBenchmark({ throughput: { items_per_sec: 10, voxels_per_sec: 10 * 32 * 65536 } });
    expect(resultProblems(wrongRate)[0]).toMatch(/voxels\/s 20971520 is not voxels_per_item 65536 x items\/s 10/);
  });
});

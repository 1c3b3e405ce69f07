/**
 * Flip test-time augmentation of the U-Net on MRI small: 8 flips (z, y, x subsets) in one
 * batch. verify checks the maps' ranges, that the mean probabilities sum to 1, and that the
 * identity alone reproduces the segmentation's probabilities.
 */
import { defineBench, expectQuality, quality, VerifyError } from '@rhenium-perf/harness';
import { SIZES } from '@rhenium-perf/fixtures';
import { segmentVolume } from '@rhenium-perf/perception-inference';
import { ttaUncertainty } from '../src/uncertainty';
import type { UncertaintyResult } from '../src/types';
import { setupXai, UNET_MULTIPLE, type XaiState } from './support';

export default [
  defineBench<XaiState, UncertaintyResult>({
    id: 'xai_uncertainty_tta_flips_mri_small',
    category: 'xai_dossier',
    task: 'uncertainty_tta',
    modality: 'MRI',
    // One item = one volume's TTA uncertainty (8 flips); input voxels counted.
    inputShape: [...SIZES.small],
    dtype: 'float32',
    tags: ['full'],
    params: { augmentations: 8 },
    // ~80 ms a run: 1 warm-up + 2 timed runs per process.
    warmupRunsPerProcess: 1,
    measuredRunsPerProcess: 2,
    setup: (ctx) => setupXai(ctx, 'MRI', 'small'),
    run: (state, ctx) => ttaUncertainty(state.session, state.volume, { spatialMultiple: UNET_MULTIPLE, stage: ctx.stage }),
    verify: async (state, out) => {
      const V = state.volume.data.length;
      const C = out.classes;
      let sumErr = 0;
      for (let v = 0; v < V; v++) {
        let s = 0;
        for (let c = 0; c < C; c++) s += out.meanProbabilities[c * V + v]!;
        sumErr = Math.max(sumErr, Math.abs(s - 1));
        const h = out.entropy[v]!;
        if (!(h >= 0 && h <= Math.log(C) + 1e-5)) throw new VerifyError(`entropy ${h} at voxel ${v} is outside [0, ln ${C}]`);
        const s2 = out.variance[v]!;
        if (!(s2 >= 0 && s2 <= 0.25 + 1e-6)) throw new VerifyError(`variance ${s2} at voxel ${v} is outside [0, 1/4]`);
      }
      const id = await ttaUncertainty(state.session, state.volume, { spatialMultiple: UNET_MULTIPLE, axes: [] });
      const seg = await segmentVolume(state.session, state.volume, { spatialMultiple: UNET_MULTIPLE, probabilities: true });
      let idErr = 0;
      for (let i = 0; i < C * V; i++) idErr = Math.max(idErr, Math.abs(id.meanProbabilities[i]! - seg.probabilities![i]!));
      return {
        probability_sum_error: expectQuality('probability_sum_error', sumErr, { max: 1e-5 }),
        identity_vs_segmentation_error: expectQuality('identity_vs_segmentation_error', idErr, { max: 1e-5 }),
        mean_entropy: quality(out.summary.meanEntropy, 'nats', false),
        normalized_mean_entropy: quality(out.summary.normalizedMeanEntropy, '', false),
        mean_variance: quality(out.summary.meanVariance, '', false),
      };
    },
  }),
];

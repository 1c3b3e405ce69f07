/**
 * Occlusion saliency of the U-Net's dominant label on MRI small, at two patch sizes
 * (stride = patch), batched through onnxruntime. verify checks the baseline against the
 * segmentation and, with the same patch, that a probe model looking only at a known box
 * is explained by a map that peaks in that box.
 */
import { expectQuality, quality, sweep } from '@rhenium-perf/harness';
import { SIZES } from '@rhenium-perf/fixtures';
import { segmentVolume } from '@rhenium-perf/perception-inference';
import { DEFAULT_OCCLUSION_BATCH } from '../src/defaults';
import { occlusionSaliency } from '../src/occlusion';
import type { LabelMap, SaliencyResult } from '../src/types';
import { checkBaseline, checkProbeLocalisation, dominantLabel, setupXai, UNET_MULTIPLE, type XaiState } from './support';

interface SaliencyState extends XaiState {
  labels: LabelMap;
  classIndex: number;
}

export default sweep({ patch: [8, 16] }, (p) => ({
  id: `xai_saliency_occlusion_mri_small_p${p.patch}`,
  category: 'xai_dossier',
  task: 'saliency_occlusion',
  modality: 'MRI',
  // One item = one saliency map of the volume; input voxels counted.
  inputShape: [...SIZES.small],
  dtype: 'float32',
  tags: ['full'],
  params: { batch: DEFAULT_OCCLUSION_BATCH },
  // p8 ~0.3 s a run: 0 warm-up + 1 timed (the one calibration call warms); p16 ~60 ms: 1 + 3.
  warmupRunsPerProcess: p.patch === 8 ? 0 : 1,
  measuredRunsPerProcess: p.patch === 8 ? 1 : 3,
  setup: async (ctx): Promise<SaliencyState> => {
    const s = await setupXai(ctx, 'MRI', 'small');
    const seg = await segmentVolume(s.session, s.volume, { spatialMultiple: UNET_MULTIPLE });
    return { ...s, labels: seg.labels, classIndex: dominantLabel(seg.labels.data) };
  },
  run: (state: SaliencyState, ctx): Promise<SaliencyResult> =>
    occlusionSaliency(state.session, state.volume, {
      target: { kind: 'segmentation', classIndex: state.classIndex },
      patchSize: p.patch,
      spatialMultiple: UNET_MULTIPLE,
      stage: ctx.stage,
    }),
  verify: async (state: SaliencyState, out: SaliencyResult, ctx) => {
    const baselineErr = await checkBaseline(state, out, state.labels);
    const probe = await checkProbeLocalisation(state.volume, p.patch);
    ctx.record('positions', out.positions.length);
    ctx.record('session_runs', out.batches);
    ctx.record('peak_voxel', out.peakVoxel);
    return {
      baseline_error: expectQuality('baseline_error', baselineErr, { max: 1e-4 }),
      probe_zero_drop_error: expectQuality('probe_zero_drop_error', probe.zeroDropMax, { max: 1e-6 }),
      max_drop: quality(out.maxValue, 'probability', true),
    };
  },
}));

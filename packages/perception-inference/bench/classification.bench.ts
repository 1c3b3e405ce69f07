/**
 * 3D classification (conv blocks 8-16-32, global average pool, fully connected, softmax over
 * 3 classes) of whole MRI and CT volumes at medium size.
 */
import { check, expectQuality, sweep, type QualityFigures } from '@rhenium-perf/harness';
import { classify } from '../src/classify';
import type { ClassificationResult } from '../src/types';
import { volumeModelSetup, type VolumeModelState } from './support';
import { classificationReferenceFigure } from './reference-check';

type State = VolumeModelState;

export default sweep({ modality: ['MRI', 'CT'] as const, size: ['medium'] as const }, (p) => ({
  id: `perception_cls_classifier3d_${p.modality.toLowerCase()}_${p.size}`,
  category: 'perception_inference',
  task: 'classification',
  modality: p.modality,
  // One item = one volume classified; input voxels counted.
  inputShape: [32, 64, 64],
  dtype: p.modality === 'CT' ? 'int16' : 'float32',
  tags: ['full'],
  setup: (ctx): Promise<State> => volumeModelSetup(ctx, 'classifier3d', p.modality, p.size),
  run: (s: State) => classify(s.session, s.volume, { topK: 3, spatialMultiple: s.model.spatialMultiple, stage: s.rec.stage }),
  verify: async (s: State, out: ClassificationResult, ctx): Promise<QualityFigures> => {
    const pr = out.probabilities;
    check(pr.length === 3, `expected 3 class probabilities, got ${pr.length}`);
    check(pr.every((x) => x >= 0 && x <= 1), 'a probability is outside [0, 1]');
    const sum = pr.reduce((a, b) => a + b, 0);
    check(out.topK.length === 3 && out.topK.every((t, i) => t.probability === pr[t.classIndex] && (i === 0 || out.topK[i - 1]!.probability >= t.probability)), 'top-k is not the sorted probabilities');
    const again = await classify(s.session, s.volume, { topK: 3, spatialMultiple: s.model.spatialMultiple });
    let differing = 0;
    for (let k = 0; k < pr.length; k++) if (again.probabilities[k] !== pr[k]) differing++;
    ctx.record('top1_class', out.topK[0]!.classIndex);
    return {
      softmax_sum_error: expectQuality('softmax_sum_error', Math.abs(sum - 1), { max: 1e-5 }),
      probabilities_differing_between_runs: expectQuality('probabilities_differing_between_runs', differing, { max: 0, unit: 'values' }),
      // Independent: onnxruntime vs the TypeScript reference forward pass on a centre crop.
      ...(await classificationReferenceFigure(s.session, s.model, s.volume)),
    };
  },
}));

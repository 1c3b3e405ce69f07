/**
 * 3D CenterNet-style detection (backbone 8-16-32, stride 4): heat-map peak decoding, 3D NMS,
 * boxes in voxel and patient coordinates, on medium MRI and CT volumes.
 */
import { voxelToWorld } from '@rhenium-perf/fixtures';
import { check, expectQuality, quality, sweep, type QualityFigures } from '@rhenium-perf/harness';
import { DEFAULT_NMS_IOU, DEFAULT_SCORE_THRESHOLD } from '../src/defaults';
import { detect } from '../src/detect';
import { iou3d } from '../src/nms';
import type { DetectionResult } from '../src/types';
import { volumeModelSetup, type VolumeModelState } from './support';
import { detectionReferenceFigure } from './reference-check';

type State = VolumeModelState;

export default sweep({ modality: ['MRI', 'CT'] as const, size: ['medium'] as const }, (p) => ({
  id: `perception_det_detector3d_${p.modality.toLowerCase()}_${p.size}`,
  category: 'perception_inference',
  task: 'detection',
  modality: p.modality,
  // One item = one volume searched for detections; input voxels counted.
  inputShape: [32, 64, 64],
  dtype: p.modality === 'CT' ? 'int16' : 'float32',
  tags: ['full'],
  setup: (ctx): Promise<State> => volumeModelSetup(ctx, 'detector3d', p.modality, p.size),
  run: (s: State) => detect(s.session, s.volume, { spatialMultiple: s.model.spatialMultiple, stage: s.rec.stage }),
  verify: async (s: State, out: DetectionResult, ctx): Promise<QualityFigures> => {
    const d = out.detections;
    const [nz, ny, nx] = s.volume.shape;
    const lim = [nx - 0.5, ny - 0.5, nz - 0.5];
    check(out.stride.join() === '4,4,4', `expected stride 4, got ${out.stride.join('x')}`);
    check(d.length >= 1, 'no detection at all: the decoder or the model is broken');
    let worstIou = 0;
    let worstPatient = 0;
    d.forEach((a, i) => {
      check(a.score >= DEFAULT_SCORE_THRESHOLD && (i === 0 || d[i - 1]!.score >= a.score), 'scores are not above the threshold and sorted');
      for (let k = 0; k < 3; k++) check(a.boxVoxel.min[k]! >= -0.5 && a.boxVoxel.max[k]! <= lim[k]! && a.boxVoxel.min[k]! <= a.boxVoxel.max[k]!, `box ${i} leaves the volume`);
      const w = voxelToWorld(s.volume.affine, ...(a.centerVoxel as [number, number, number]));
      for (let k = 0; k < 3; k++) {
        worstPatient = Math.max(worstPatient, Math.abs(w[k]! - a.centerPatientMm[k]!));
        check(a.boxPatientMm.min[k]! <= a.centerPatientMm[k]! + 1e-9 && a.centerPatientMm[k]! <= a.boxPatientMm.max[k]! + 1e-9, `patient box ${i} does not contain its centre`);
      }
      for (let j = 0; j < i; j++) if (d[j]!.classIndex === a.classIndex) worstIou = Math.max(worstIou, iou3d(a.boxVoxel, d[j]!.boxVoxel));
    });
    const again = await detect(s.session, s.volume, { spatialMultiple: s.model.spatialMultiple });
    ctx.record('detections', d.length);
    ctx.record('candidates', out.candidates);
    return {
      max_iou_after_nms: expectQuality('max_iou_after_nms', worstIou, { max: DEFAULT_NMS_IOU }),
      patient_centre_error_mm: expectQuality('patient_centre_error_mm', worstPatient, { max: 1e-9, unit: 'mm' }),
      runs_identical: expectQuality('runs_identical', JSON.stringify(again.detections) === JSON.stringify(d) ? 1 : 0, { min: 1 }),
      detections: quality(d.length, 'boxes', true),
      // Independent: onnxruntime vs the TypeScript reference forward pass on a centre crop.
      ...(await detectionReferenceFigure(s.session, s.model, s.volume)),
    };
  },
}));

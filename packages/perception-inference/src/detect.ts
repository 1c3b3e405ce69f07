/**
 * CenterNet-style decoding of a 3D detector: heat-map peaks, sizes, 3D NMS, and boxes in
 * voxel and patient coordinates.
 *
 * A heat-map voxel (class c, z, y, x) is a peak when its score reaches the threshold and no
 * neighbour in its 3x3x3 block is larger (CenterNet's max-pool test; ties keep both, NMS
 * settles them). With output stride s (input size / heat-map size per axis), its centre in
 * the padded input is (index + 0.5) * s - 0.5, minus the padding before the volume.
 * Extent per axis = s * exp(clamp(size, ±8)) (the size head predicts log extent in strides).
 * Patient coordinates map voxel (i, j, k) = (x, y, z) through the volume's affine; a box's
 * patient bounds are those of its 8 corners (exact for any affine, since the image of a box
 * under an affine map is contained in the box of its corners' images).
 */
import { voxelToWorld, type Volume } from '@rhenium-perf/fixtures';
import { DEFAULT_MAX_CANDIDATES, DEFAULT_MAX_DETECTIONS, DEFAULT_NMS_IOU, DEFAULT_SCORE_THRESHOLD, MAX_LOG_SIZE } from './defaults';
import { PerceptionError } from './errors';
import { volumeInput } from './model-input';
import { nms3d } from './nms';
import { wholeVolumeInput } from './whole-volume';
import type { Box3, DetectOptions, Detection, DetectionResult, ModelSession, StageFn } from './types';

const noStage: StageFn = (_name, fn) => fn();

type Vec3 = [number, number, number];

/** Patient-space (RAS+ mm) bounds of a voxel-space box through an affine. */
export function boxToPatient(affine: readonly number[], box: Box3): Box3 {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const p = voxelToWorld(affine, c & 1 ? box.max[0] : box.min[0], c & 2 ? box.max[1] : box.min[1], c & 4 ? box.max[2] : box.min[2]);
    for (let d = 0; d < 3; d++) {
      min[d] = Math.min(min[d]!, p[d]!);
      max[d] = Math.max(max[d]!, p[d]!);
    }
  }
  return { min, max };
}

/** Heat-map peaks (3x3x3 local maxima at or above the threshold): flat indices, best first. */
export function heatmapPeaks(heat: Float32Array, classes: number, shape: readonly [number, number, number], threshold: number, maxCandidates: number): number[] {
  const [d, h, w] = shape;
  const n = d * h * w;
  const peaks: number[] = [];
  for (let c = 0; c < classes; c++) {
    const base = c * n;
    for (let z = 0; z < d; z++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const i = base + (z * h + y) * w + x;
          const v = heat[i]!;
          if (!(v >= threshold)) continue;
          let isMax = true;
          for (let dz = -1; dz <= 1 && isMax; dz++) {
            const zz = z + dz;
            if (zz < 0 || zz >= d) continue;
            for (let dy = -1; dy <= 1 && isMax; dy++) {
              const yy = y + dy;
              if (yy < 0 || yy >= h) continue;
              for (let dx = -1; dx <= 1; dx++) {
                const xx = x + dx;
                if (xx < 0 || xx >= w) continue;
                if (heat[base + (zz * h + yy) * w + xx]! > v) {
                  isMax = false;
                  break;
                }
              }
            }
          }
          if (isMax) peaks.push(i);
        }
      }
    }
  }
  peaks.sort((a, b) => heat[b]! - heat[a]! || a - b);
  return peaks.slice(0, maxCandidates);
}

/**
 * Detect objects in a volume with a model [1, 1, D, H, W] -> heatmap [1, C, d, h, w], box_size [1, 3, d, h, w].
 * @example const { detections } = await detect(session, volume, { spatialMultiple: 4 }); // detections[0].boxPatientMm
 */
export async function detect(session: ModelSession, volume: Volume, options: DetectOptions = {}): Promise<DetectionResult> {
  const stage = options.stage ?? noStage;
  const threshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
  const iou = options.iouThreshold ?? DEFAULT_NMS_IOU;
  const maxCandidates = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  const maxDetections = options.maxDetections ?? DEFAULT_MAX_DETECTIONS;
  if (!(threshold >= 0 && threshold <= 1) || !(iou >= 0 && iou <= 1) || !(maxCandidates >= 1) || !(maxDetections >= 1)) {
    throw new PerceptionError(
      'RPERF_PERCEPTION_INVALID_OPTIONS',
      `detect: scoreThreshold and iouThreshold must be in [0, 1], maxCandidates and maxDetections >= 1; received ${JSON.stringify({ threshold, iou, maxCandidates, maxDetections })}`,
    );
  }
  const { spec } = volumeInput(session);
  const { tensor, plan } = stage('pre_post', () => wholeVolumeInput(volume, options.spatialMultiple ?? 1, options.normalize ?? 'zscore'));
  const out = await stage('session_run', () => session.run({ [spec.name]: tensor }));
  return stage('pre_post', () => {
    const hName = options.heatmapOutput ?? 'heatmap';
    const sName = options.sizeOutput ?? 'box_size';
    const heat = out[hName];
    const size = out[sName];
    if (!heat || !size || heat.dims.length !== 5 || size.dims.length !== 5 || size.dims[1] !== 3 || heat.dims.slice(2).join() !== size.dims.slice(2).join()) {
      throw new PerceptionError(
        'RPERF_PERCEPTION_INPUT_MISMATCH',
        `${session.label} outputs ${Object.entries(out).map(([k, t]) => `"${k}" [${t.dims.join(', ')}]`).join(', ')}; detection expects "${hName}" [1, C, d, h, w] and "${sName}" [1, 3, d, h, w]`,
      );
    }
    const classes = heat.dims[1]!;
    const hs = heat.dims.slice(2) as Vec3;
    const stride = plan.patchSize.map((p, d) => p / hs[d]!) as Vec3;
    const n = hs[0] * hs[1] * hs[2];
    const hData = heat.data as Float32Array;
    const sData = size.data as Float32Array;
    const peaks = heatmapPeaks(hData, classes, hs, threshold, maxCandidates);
    const [nz, ny, nx] = volume.shape;
    const lim: Vec3 = [nx - 0.5, ny - 0.5, nz - 0.5];
    const candidates = peaks.map((i) => {
      const c = Math.floor(i / n);
      const r = i - c * n;
      const z = Math.floor(r / (hs[1] * hs[2]));
      const y = Math.floor(r / hs[2]) % hs[1];
      const x = r % hs[2];
      const ext = (axis: number): number => stride[axis]! * Math.exp(Math.max(-MAX_LOG_SIZE, Math.min(MAX_LOG_SIZE, sData[axis * n + r]!)));
      // (i, j, k) = (x, y, z) order; stride and padding are [z, y, x].
      const center: Vec3 = [
        (x + 0.5) * stride[2] - 0.5 - plan.padBefore[2],
        (y + 0.5) * stride[1] - 0.5 - plan.padBefore[1],
        (z + 0.5) * stride[0] - 0.5 - plan.padBefore[0],
      ];
      const sizeV: Vec3 = [ext(2), ext(1), ext(0)];
      const box: Box3 = {
        min: center.map((v, d) => Math.max(-0.5, Math.min(lim[d]!, v - sizeV[d]! / 2))) as Vec3,
        max: center.map((v, d) => Math.max(-0.5, Math.min(lim[d]!, v + sizeV[d]! / 2))) as Vec3,
      };
      return { classIndex: c, score: hData[i]!, center, sizeV, box };
    });
    const kept = nms3d(candidates, iou, maxDetections);
    const detections: Detection[] = kept.map((k) => {
      const c = candidates[k]!;
      return {
        classIndex: c.classIndex,
        score: c.score,
        centerVoxel: c.center,
        sizeVoxels: c.sizeV,
        boxVoxel: c.box,
        centerPatientMm: voxelToWorld(volume.affine, c.center[0], c.center[1], c.center[2]),
        boxPatientMm: boxToPatient(volume.affine, c.box),
      };
    });
    return { detections, candidates: candidates.length, stride };
  });
}

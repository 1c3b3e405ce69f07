/**
 * Shared set-up of the XAI dossier benchmarks: the zoo's 3D U-Net, a synthetic volume, and
 * the checks verify runs on the outputs.
 */
import { syntheticVolume, type Volume, type VolumeModality } from '@rhenium-perf/fixtures';
import { getModel } from '@rhenium-perf/onnx-models';
import { createSession, segmentVolume, type ModelSession } from '@rhenium-perf/perception-inference';
import type { BenchContext } from '@rhenium-perf/harness';
import { VerifyError } from '@rhenium-perf/harness';
import { labelVolumes } from '../src/components';
import { buildRegionProbe, inBox } from '../src/region-probe';
import { occlusionSaliency } from '../src/occlusion';
import type { LabelMap, SaliencyResult } from '../src/types';

/** The U-Net's spatial multiple (three poolings). */
export const UNET_MULTIPLE = 8;

export interface XaiState {
  session: ModelSession;
  volume: Volume;
  modelName: string;
}

/** Build the session and the volume, and record what identifies them. */
export async function setupXai(ctx: BenchContext, modality: VolumeModality, size: 'tiny' | 'small'): Promise<XaiState> {
  const model = getModel('unet3d');
  const session = await createSession(model.bytes, { device: ctx.device, label: 'unet3d' });
  ctx.record('model', 'unet3d');
  ctx.record('model_sha256', session.sha256);
  ctx.record('intra_op_threads', session.intraOpThreads);
  return { session, volume: syntheticVolume(modality, size).image, modelName: 'unet3d' };
}

/** The most frequent non-zero label (ties to the lower), or 1 when there is none. */
export function dominantLabel(labels: Uint8Array): number {
  const counts = new Float64Array(256);
  for (let v = 0; v < labels.length; v++) counts[labels[v]!]!++;
  let best = 1;
  for (let l = 1; l < 256; l++) if (counts[l]! > counts[best]!) best = l;
  return best;
}

/** The saliency baseline must be the mean probability of the class over its region, as segmentVolume gives it. */
export async function checkBaseline(state: XaiState, sal: SaliencyResult, labels: LabelMap): Promise<number> {
  const seg = await segmentVolume(state.session, state.volume, { spatialMultiple: UNET_MULTIPLE, probabilities: true });
  const c = sal.target.classIndex;
  const V = labels.data.length;
  let sum = 0;
  let n = 0;
  for (let v = 0; v < V; v++) {
    if (labels.data[v] === c) {
      sum += seg.probabilities![c * V + v]!;
      n++;
    }
  }
  const want = n > 0 ? sum / n : NaN;
  const err = Math.abs(want - sal.baseline);
  if (!(err <= 1e-4)) throw new VerifyError(`saliency baseline ${sal.baseline} differs from the segmentation's mean probability ${want} of class ${c} over ${n} voxels`);
  return err;
}

/**
 * Run occlusion with the same patch on a probe model that only looks at a box aligned to the
 * window grid: the peak must be in the box and every window missing it must drop by 0.
 */
export async function checkProbeLocalisation(volume: Volume, patch: number): Promise<{ zeroDropMax: number }> {
  const [nz, ny, nx] = volume.shape;
  // A box of one window, at the second window position of each axis (aligned to the grid).
  const lo = (n: number): number => Math.max(0, Math.min(n - patch, patch));
  const hi = (n: number): number => Math.min(n, lo(n) + patch) - 1;
  const box = { min: [lo(nx), lo(ny), lo(nz)] as [number, number, number], max: [hi(nx), hi(ny), hi(nz)] as [number, number, number] };
  // Raw intensities (normalize 'none'), gain 1 / (2 mean |x|): the softmax stays away from saturation.
  let meanAbs = 0;
  for (let v = 0; v < volume.data.length; v++) meanAbs += Math.abs(volume.data[v]!);
  meanAbs /= volume.data.length;
  const probe = buildRegionProbe([nz, ny, nx], box, 'segmentation', 1 / (2 * Math.max(meanAbs, 1e-6)));
  const s = await createSession(probe.bytes, { intraOpThreads: 1, label: 'region_probe', reuse: false });
  try {
    const r = await occlusionSaliency(s, volume, { target: { kind: 'segmentation', classIndex: 0, region: new Uint8Array(nz * ny * nx).fill(1) }, patchSize: patch, normalize: 'none' });
    if (!inBox(box, r.peakVoxel)) throw new VerifyError(`probe saliency peaks at voxel (${r.peakVoxel.join(', ')}), outside the box the probe looks at ${JSON.stringify(box)}`);
    let zeroDropMax = 0;
    for (const p of r.positions) {
      const [z, y, x] = p.start;
      const touches = x + p.size[2] - 1 >= box.min[0] && x <= box.max[0] && y + p.size[1] - 1 >= box.min[1] && y <= box.max[1] && z + p.size[0] - 1 >= box.min[2] && z <= box.max[2];
      if (!touches) zeroDropMax = Math.max(zeroDropMax, Math.abs(p.drop));
    }
    if (zeroDropMax > 1e-6) throw new VerifyError(`a window that misses the probe's box changed its score by ${zeroDropMax}`);
    return { zeroDropMax };
  } finally {
    await s.dispose();
  }
}

/** The dossier's per-label volumes must be exactly what the label map holds. */
export function checkVolumes(labels: LabelMap, dossierLabels: readonly { label: number; voxels: number; volume_mm3: number }[]): number {
  const want = labelVolumes(labels);
  if (want.length !== dossierLabels.length) throw new VerifyError(`dossier lists ${dossierLabels.length} labels, the label map holds ${want.length}`);
  want.forEach((w, i) => {
    const d = dossierLabels[i]!;
    if (d.label !== w.label || d.voxels !== w.voxels || d.volume_mm3 !== w.volumeMm3) {
      throw new VerifyError(`label ${w.label}: the label map holds ${w.voxels} voxels (${w.volumeMm3} mm³), the dossier says ${d.voxels} (${d.volume_mm3} mm³)`);
    }
  });
  return want.length;
}

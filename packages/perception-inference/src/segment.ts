/**
 * Segmentation of a volume of any size by sliding-window inference with Gaussian blending,
 * then argmax to a uint8 label map (see sliding-window.ts for the maths).
 *
 * Per patch: fill a float32 patch from the volume, normalised, zero outside it (padding);
 * run; add w * y to the class accumulators and w to the weight sum. At the end the label of
 * a voxel is the argmax over classes of acc / wsum (wsum > 0 is shared by the classes, so
 * argmax of acc alone), ties to the lower class.
 *
 * NOTE: with a single patch, w * y / w = y exactly (float64 accumulators: w * y is exact for
 * float32 operands, and the division gives y back), so the blending is skipped and the
 * output is read straight from the forward pass: the same result, no accumulator passes.
 */
import * as ort from 'onnxruntime-node';
import type { Volume } from '@rhenium-perf/fixtures';
import { DEFAULT_MAX_PATCH_SIZE, DEFAULT_OVERLAP, GAUSSIAN_SIGMA_SCALE } from './defaults';
import { PerceptionError } from './errors';
import { volumeInput } from './model-input';
import { intensityTransform, type IntensityTransform } from './normalize';
import { gaussianImportance, planWindows, type WindowPlan } from './sliding-window';
import type { ModelSession, SegmentOptions, SegmentationResult, StageFn } from './types';

const noStage: StageFn = (_name, fn) => fn();

function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

/** The patch `segmentVolume` uses when none is given. */
export function defaultPatchSize(volumeShape: readonly [number, number, number], spatialMultiple = 1, fixed: readonly (number | null)[] = [null, null, null]): [number, number, number] {
  return volumeShape.map((n, d) => fixed[d] ?? Math.min(roundUp(n, spatialMultiple), roundUp(DEFAULT_MAX_PATCH_SIZE[d]!, spatialMultiple))) as [number, number, number];
}

/**
 * Copy the patch at `start` (padded-grid corner) of the volume into `out`, normalised, zero
 * where the patch lies in the padding.
 */
export function fillPatch(volume: Volume, plan: WindowPlan, start: readonly [number, number, number], t: IntensityTransform, out: Float32Array): Float32Array {
  const [nz, ny, nx] = plan.volumeShape;
  const [pz, py, px] = plan.patchSize;
  const data = volume.data;
  const { offset, scale } = t;
  // Volume x-range covered by the patch (the same for every row).
  const x0 = start[2] - plan.padBefore[2];
  const xa = Math.max(0, x0);
  const xb = Math.min(nx, x0 + px);
  for (let z = 0; z < pz; z++) {
    const vz = start[0] + z - plan.padBefore[0];
    for (let y = 0; y < py; y++) {
      const vy = start[1] + y - plan.padBefore[1];
      const o = (z * py + y) * px;
      if (vz < 0 || vz >= nz || vy < 0 || vy >= ny) {
        out.fill(0, o, o + px);
        continue;
      }
      const row = (vz * ny + vy) * nx;
      if (xa > x0) out.fill(0, o, o + (xa - x0));
      for (let vx = xa; vx < xb; vx++) out[o + vx - x0] = (data[row + vx]! - offset) * scale;
      if (xb < x0 + px) out.fill(0, o + (xb - x0), o + px);
    }
  }
  return out;
}

/**
 * Segment a volume with a model [1, 1, D, H, W] -> [1, classes, D, H, W].
 * @example
 * const s = await createSession(getModel('unet3d').bytes);
 * const { labels } = await segmentVolume(s, volume, { patchSize: [32, 64, 64], overlap: 0.25, spatialMultiple: 8 });
 */
export async function segmentVolume(session: ModelSession, volume: Volume, options: SegmentOptions = {}): Promise<SegmentationResult> {
  const stage = options.stage ?? noStage;
  const { spec, fixedSpatial } = volumeInput(session);
  const shape = volume.shape;
  if (volume.data.length !== shape[0] * shape[1] * shape[2]) {
    throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `volume has ${volume.data.length} voxels but shape [${shape.join(', ')}]`);
  }
  const multiple = options.spatialMultiple ?? 1;
  const patch = options.patchSize ? ([...options.patchSize] as [number, number, number]) : defaultPatchSize(shape, multiple, fixedSpatial);
  patch.forEach((p, d) => {
    if (!Number.isInteger(p) || p < 1 || p % multiple !== 0) {
      throw new PerceptionError('RPERF_PERCEPTION_INVALID_OPTIONS', `patchSize [${patch.join(', ')}] must be positive multiples of ${multiple} (the model's spatial multiple)`);
    }
    const f = fixedSpatial[d];
    if (f != null && f !== p) {
      throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `${session.label} has a fixed input [${spec.shape.join(', ')}]; patchSize [${patch.join(', ')}] must match its spatial dims`);
    }
  });
  if (options.padToPatch === false && patch.some((p, d) => p > shape[d]!)) {
    throw new PerceptionError(
      'RPERF_PERCEPTION_PATCH_TOO_LARGE',
      `patchSize [${patch.join(', ')}] is larger than the volume [${shape.join(', ')}]; expected a patch at most the volume's size, or padToPatch: true to zero-pad`,
    );
  }
  const overlap = options.overlap ?? DEFAULT_OVERLAP;
  const plan = planWindows(shape, patch, overlap);
  const t = stage('pre_post', () => intensityTransform(volume.data, options.normalize ?? 'zscore'));
  const [nz, ny, nx] = shape;
  const V = nz * ny * nx;
  const [pz, py, px] = patch;
  const P = pz * py * px;
  const patchBuf = new Float32Array(P);
  const dims = [1, 1, pz, py, px];
  const outName = session.outputs[0]!.name;
  const wantProbs = options.probabilities ?? false;

  const runPatch = async (start: readonly [number, number, number]): Promise<{ y: Float32Array; classes: number }> => {
    const feeds = stage('pre_post', () => {
      fillPatch(volume, plan, start, t, patchBuf);
      return { [spec.name]: new ort.Tensor('float32', patchBuf, dims) };
    });
    const out = await stage('session_run', () => session.run(feeds));
    const y = out[outName]!;
    const classes = y.dims[1] ?? 0;
    if (y.type !== 'float32' || y.dims.length !== 5 || y.dims[0] !== 1 || y.dims[2] !== pz || y.dims[3] !== py || y.dims[4] !== px || classes < 1 || classes > 256) {
      throw new PerceptionError(
        'RPERF_PERCEPTION_INPUT_MISMATCH',
        `${session.label} output "${outName}" is ${y.type} [${y.dims.join(', ')}] for a patch [1, 1, ${patch.join(', ')}]; segmentation expects float32 [1, classes (1..256), ${patch.join(', ')}]`,
      );
    }
    return { y: y.data as Float32Array, classes };
  };

  if (plan.starts.length === 1) {
    const { y, classes } = await runPatch(plan.starts[0]!);
    return stage('pre_post', () => {
      const labels = new Uint8Array(V);
      const probs = wantProbs ? new Float32Array(classes * V) : null;
      const [bz, by, bx] = plan.padBefore;
      for (let z = 0; z < nz; z++) {
        for (let yy = 0; yy < ny; yy++) {
          const src = ((z + bz) * py + (yy + by)) * px + bx;
          const dst = (z * ny + yy) * nx;
          for (let x = 0; x < nx; x++) {
            const s = src + x;
            let best = y[s]!;
            let arg = 0;
            for (let c = 1; c < classes; c++) {
              const v = y[c * P + s]!;
              if (v > best) {
                best = v;
                arg = c;
              }
            }
            labels[dst + x] = arg;
            if (probs) for (let c = 0; c < classes; c++) probs[c * V + dst + x] = y[c * P + s]!;
          }
        }
      }
      return result(volume, labels, probs, classes, patch, 1);
    });
  }

  const w = gaussianImportance(patch, options.sigmaScale ?? GAUSSIAN_SIGMA_SCALE);
  const wsum = new Float64Array(V);
  let acc: Float64Array | null = null;
  let classes = 0;
  for (const start of plan.starts) {
    const r = await runPatch(start);
    stage('pre_post', () => {
      if (!acc) {
        classes = r.classes;
        acc = new Float64Array(classes * V);
      } else if (r.classes !== classes) {
        throw new PerceptionError('RPERF_PERCEPTION_RUN_FAILED', `${session.label} gave ${r.classes} classes for one patch and ${classes} for another`);
      }
      accumulate(plan, start, r.y, w, classes, acc, wsum);
    });
  }
  return stage('pre_post', () => {
    const a = acc!;
    const labels = new Uint8Array(V);
    const probs = wantProbs ? new Float32Array(classes * V) : null;
    for (let v = 0; v < V; v++) {
      let best = a[v]!;
      let arg = 0;
      for (let c = 1; c < classes; c++) {
        const x = a[c * V + v]!;
        if (x > best) {
          best = x;
          arg = c;
        }
      }
      labels[v] = arg;
      if (probs) {
        const inv = 1 / wsum[v]!;
        for (let c = 0; c < classes; c++) probs[c * V + v] = a[c * V + v]! * inv;
      }
    }
    return result(volume, labels, probs, classes, patch, plan.starts.length);
  });
}

/** acc[c, v] += w * y[c, p] and wsum[v] += w over the patch's voxels inside the volume. */
function accumulate(plan: WindowPlan, start: readonly [number, number, number], y: Float32Array, w: Float32Array, classes: number, acc: Float64Array, wsum: Float64Array): void {
  const [nz, ny, nx] = plan.volumeShape;
  const [pz, py, px] = plan.patchSize;
  const P = pz * py * px;
  const V = nz * ny * nx;
  const x0 = start[2] - plan.padBefore[2];
  const xa = Math.max(0, x0);
  const xb = Math.min(nx, x0 + px);
  for (let z = 0; z < pz; z++) {
    const vz = start[0] + z - plan.padBefore[0];
    if (vz < 0 || vz >= nz) continue;
    for (let yy = 0; yy < py; yy++) {
      const vy = start[1] + yy - plan.padBefore[1];
      if (vy < 0 || vy >= ny) continue;
      const prow = (z * py + yy) * px - x0;
      const vrow = (vz * ny + vy) * nx;
      for (let vx = xa; vx < xb; vx++) wsum[vrow + vx]! += w[prow + vx]!;
      for (let c = 0; c < classes; c++) {
        const pc = c * P + prow;
        const vc = c * V + vrow;
        for (let vx = xa; vx < xb; vx++) acc[vc + vx]! += y[pc + vx]! * w[prow + vx]!;
      }
    }
  }
}

function result(volume: Volume, labels: Uint8Array, probs: Float32Array | null, classes: number, patch: [number, number, number], patches: number): SegmentationResult {
  return {
    labels: { data: labels, shape: volume.shape, spacingMm: volume.spacingMm, affine: volume.affine, modality: volume.modality },
    probabilities: probs,
    classes,
    patchSize: patch,
    patches,
  };
}

/**
 * 3D U-Net segmentation (8-16-32-64, 4 classes) in onnxruntime-node by sliding-window
 * inference with Gaussian blending: MRI, CT, US, XR at tiny/small/medium (one patch each),
 * a large 64x128x128 volume (27 patches of 32x64x64), intra-op threads 1 vs 2, and a CUDA case.
 */
import type { VolumeModality, VolumeSizeName } from '@rhenium-perf/fixtures';
import { check, defineBench, expectQuality, median, sweep, target, type BenchCase, type BenchContext, type BenchTag, type BenchTiming, type QualityFigures } from '@rhenium-perf/harness';
import { cudaStatus } from '../src/device';
import { segmentVolume } from '../src/segment';
import { startVramSampler } from '../src/vram';
import { wholeVolumeInput } from '../src/whole-volume';
import type { ModelSession, SegmentationResult } from '../src/types';
import { benchSession, benchVolume } from './support';
import { segmentationReferenceFigure } from './reference-check';
import type { Volume } from '@rhenium-perf/fixtures';
import type { BuiltModel } from '@rhenium-perf/onnx-models';

/** Goal: the work around session.run takes at most this fraction of it (32x64x64 cases); a target, never failing the case. */
const OVERHEAD_TARGET = 0.1;

interface SegState {
  session: ModelSession;
  model: BuiltModel;
  volume: Volume;
  patchSize?: [number, number, number];
  /**
   * The first untimed run (warm-up or calibration) of the process, made with probabilities:
   * verify checks it against the measured output instead of running the volume once more.
   */
  probe?: SegmentationResult;
  stopVram?: () => Promise<Record<string, number | null>>;
}

interface SegCase {
  id: string;
  modality: VolumeModality;
  size: VolumeSizeName;
  tags: BenchTag[];
  threads?: number;
  device?: 'cuda';
  patchSize?: [number, number, number];
  params?: Record<string, string | number>;
  warmupRunsPerProcess?: number;
  measuredRunsPerProcess?: number;
  timeoutMs?: number;
}

function segDefinition(c: SegCase) {
  const shape = benchShape(c.modality, c.size);
  return {
    id: c.id,
    category: 'perception_inference' as const,
    task: c.patchSize ? 'segmentation_sliding_window' : 'segmentation',
    modality: c.modality,
    // One item = one volume segmented; input voxels counted (= label map voxels).
    inputShape: shape,
    dtype: dtypeOf(c.modality),
    tags: c.tags,
    ...(c.params ? { params: c.params } : {}),
    ...(c.warmupRunsPerProcess !== undefined ? { warmupRunsPerProcess: c.warmupRunsPerProcess } : {}),
    ...(c.measuredRunsPerProcess !== undefined ? { measuredRunsPerProcess: c.measuredRunsPerProcess } : {}),
    ...(c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {}),
    ...(c.device === 'cuda'
      ? {
          skipIf: (ctx: { device: string }) => {
            const s = cudaStatus();
            if (!s.available) return `needs CUDA: ${s.reason}`;
            return ctx.device === 'cuda' ? null : 'needs --device cuda (or auto on a CUDA machine)';
          },
        }
      : {}),
    setup: async (ctx: Parameters<BenchCase['setup']>[0]): Promise<SegState> => {
      const { session, model } = await benchSession(ctx, 'unet3d', c.threads, c.device ?? ctx.device);
      const volume = benchVolume(c.modality, c.size);
      const state: SegState = { session, model, volume, ...(c.patchSize ? { patchSize: c.patchSize } : {}) };
      if (c.device === 'cuda') {
        const sampler = await startVramSampler();
        state.stopVram = async () => ({ ...(await sampler.stop()) });
      }
      return state;
    },
    // Stages through ctx.stage: the harness keeps them for measured runs only.
    run: async (s: SegState, ctx: BenchContext): Promise<SegmentationResult> => {
      const opts = { spatialMultiple: s.model.spatialMultiple, stage: ctx.stage, ...(s.patchSize ? { patchSize: s.patchSize } : {}) };
      // The first untimed call also returns the probabilities verify checks (a 2nd full run
      // in verify cost the large case 2.5 s a process); every other call is the measured work.
      if (ctx.phase !== 'measured' && !s.probe) return (s.probe = await segmentVolume(s.session, s.volume, { ...opts, probabilities: true }));
      return segmentVolume(s.session, s.volume, opts);
    },
    verify: async (s: SegState, out: SegmentationResult, ctx: BenchContext, timing: BenchTiming): Promise<QualityFigures> => {
      const q: QualityFigures = {};
      const V = s.volume.data.length;
      check(out.labels.shape.join() === s.volume.shape.join(), `label map shape [${out.labels.shape}] differs from the volume [${s.volume.shape}]`);
      check(out.classes === 4, `expected 4 classes, got ${out.classes}`);
      check(out.labels.data.every((l) => l < out.classes), 'a label is out of range');
      ctx.record('patches', out.patches);
      ctx.record('patch_size', out.patchSize);
      // Another run with probabilities (the process's first untimed run, else one now):
      // identical labels, softmax sums to 1, labels = argmax.
      const again = s.probe ?? (await segmentVolume(s.session, s.volume, { spatialMultiple: s.model.spatialMultiple, probabilities: true, ...(s.patchSize ? { patchSize: s.patchSize } : {}) }));
      check(again !== out, 'the probability run must be another run than the measured one');
      let differing = 0;
      for (let v = 0; v < V; v++) if (again.labels.data[v] !== out.labels.data[v]) differing++;
      q.labels_differing_between_runs = expectQuality('labels_differing_between_runs', differing, { max: 0, unit: 'voxels' });
      const p = again.probabilities!;
      let worst = 0;
      let notArgmax = 0;
      for (let v = 0; v < V; v++) {
        let sum = 0;
        let best = 0;
        for (let k = 0; k < out.classes; k++) {
          sum += p[k * V + v]!;
          if (p[k * V + v]! > p[best * V + v]!) best = k;
        }
        worst = Math.max(worst, Math.abs(sum - 1));
        if (best !== out.labels.data[v]) notArgmax++;
      }
      q.softmax_sum_max_error = expectQuality('softmax_sum_max_error', worst, { max: 1e-5 });
      q.labels_not_argmax = expectQuality('labels_not_argmax', notArgmax, { max: 0, unit: 'voxels' });
      if (out.patches === 1) {
        // One patch: the sliding window must equal a single forward pass of the whole (padded) volume.
        const { tensor, plan } = wholeVolumeInput(s.volume, s.model.spatialMultiple, 'zscore');
        const y = (await s.session.run({ [s.session.inputs[0]!.name]: tensor }))[s.session.outputs[0]!.name]!.data as Float32Array;
        const [pz, py, px] = plan.patchSize;
        const P = pz * py * px;
        const [nz, ny, nx] = s.volume.shape;
        let mismatch = 0;
        for (let z = 0; z < nz; z++)
          for (let yy = 0; yy < ny; yy++)
            for (let x = 0; x < nx; x++) {
              const src = ((z + plan.padBefore[0]) * py + yy + plan.padBefore[1]) * px + x + plan.padBefore[2];
              const v = (z * ny + yy) * nx + x;
              for (let k = 0; k < out.classes; k++) if (y[k * P + src] !== p[k * V + v]) mismatch++;
            }
        q.single_pass_mismatches = expectQuality('single_pass_mismatches', mismatch, { max: 0, unit: 'values' });
      }
      // Independent: onnxruntime (through segmentVolume) vs the TypeScript reference forward
      // pass on a centre crop of this volume.
      Object.assign(q, await segmentationReferenceFigure(s.session, s.model, s.volume));
      // Medians of the harness's per-call stage times of the measured samples of this process.
      const runMs = timing.stageSamplesMs.session_run ?? [];
      const ppMs = timing.stageSamplesMs.pre_post ?? [];
      const run = runMs.length ? median(runMs) : NaN;
      const pp = ppMs.length ? median(ppMs) : NaN;
      ctx.record('session_run_ms_median', run);
      ctx.record('pre_post_ms_median', pp);
      if (Number.isFinite(run) && run > 0 && Number.isFinite(pp)) {
        // A performance goal (10%): reported with whether it was met, never failing the case.
        q.pre_post_over_session_run = target(pp / run, { max: OVERHEAD_TARGET, unit: 'ratio' });
      }
      return q;
    },
    teardown: async (s: SegState, ctx: Parameters<BenchCase['setup']>[0]) => {
      if (s.stopVram) for (const [k, v] of Object.entries(await s.stopVram())) ctx.record(k, v);
    },
  };
}

function benchShape(modality: VolumeModality, size: VolumeSizeName): number[] {
  const dims = { tiny: [8, 16, 16], small: [16, 32, 32], medium: [32, 64, 64], large: [64, 128, 128] }[size];
  return modality === 'XR' ? [1, dims[1]!, dims[2]!] : dims;
}

function dtypeOf(m: VolumeModality): string {
  return { MRI: 'float32', CT: 'int16', US: 'uint8', XR: 'uint16' }[m];
}

const matrix = sweep(
  { modality: ['MRI', 'CT', 'US', 'XR'] as const, size: ['tiny', 'small', 'medium'] as const },
  (p) =>
    segDefinition({
      id: `perception_seg_unet3d_${p.modality.toLowerCase()}_${p.size}`,
      modality: p.modality,
      size: p.size,
      tags: p.modality === 'MRI' && p.size === 'tiny' ? ['smoke', 'full'] : ['full'],
    }),
);

const threads = sweep({ threads: [1, 2] as const }, (p) =>
  segDefinition({ id: `perception_seg_unet3d_mri_medium_threads_${p.threads}`, modality: 'MRI', size: 'medium', tags: ['full'], threads: p.threads }),
);

const large = defineBench(
  segDefinition({
    id: 'perception_seg_unet3d_mri_large_sliding_window',
    modality: 'MRI',
    size: 'large',
    tags: ['full'],
    patchSize: [32, 64, 64],
    params: { patch: '32x64x64', overlap: 0.25 },
    // ~2.1 s a run: 0 warm-up + 1 timed run per process (the harness's untimed calibration
    // call comes first, warms the session and is the probability run verify checks).
    warmupRunsPerProcess: 0,
    measuredRunsPerProcess: 1,
    timeoutMs: 300_000,
  }),
);

const gpu = defineBench(segDefinition({ id: 'perception_seg_unet3d_mri_medium_cuda', modality: 'MRI', size: 'medium', tags: ['gpu'], device: 'cuda' }));

export default [...matrix, ...threads, large, gpu];

/**
 * Saliency by occlusion sensitivity (Zeiler & Fergus 2014): slide a patch over the input at a
 * stride, set the voxels under it to a fill value, and record how much the target score drops.
 *
 *   drop(w)  = s(x) - s(x with window w filled)
 *   map(v)   = mean of drop(w) over the windows w that cover voxel v
 *
 * The score s is the softmax probability of a class (classification, output [N, C]) or the
 * mean probability of a label over a region R (segmentation, output [N, C, D, H, W]):
 * s = (1 / |R|) sum_{v in R} p_c(v). Positions along an axis of n voxels with patch p and
 * stride t are 0, t, 2t, ... and, when the last one stops short of the end, n - p: every voxel
 * is covered at least once, so the map is defined everywhere.
 *
 * Inference is batched: `batchSize` occluded copies go through one `session.run` as the
 * batch axis N. The batch buffer is filled with copies of the input once; each slot then only
 * restores the box it occluded last time and fills its new box, so preparing a batch costs the
 * patch, not the volume. NOTE: the un-occluded baseline is slot 0 of the first batch, so it is
 * computed by the same kernels as the occluded copies and a window that cannot affect the
 * score drops by exactly 0.
 */
import * as ort from 'onnxruntime-node';
import type { Volume } from '@rhenium-perf/fixtures';
import type { ModelSession, StageFn } from '@rhenium-perf/perception-inference';
import { DEFAULT_OCCLUSION_BATCH, DEFAULT_OCCLUSION_FILL } from './defaults';
import { XaiError } from './errors';
import { batchLimit, inputGrid, singleInputName, triple, type InputGrid } from './model-input';
import type { OcclusionOptions, OcclusionPosition, SaliencyResult, Triple } from './types';

const noStage: StageFn = (_name, fn) => fn();

/**
 * Window starts along one axis: 0, stride, 2 stride, ... and n - patch if not yet reached.
 * @example occlusionStarts(10, 4, 4) // [0, 4, 6]
 */
export function occlusionStarts(n: number, patch: number, stride: number): number[] {
  const p = Math.min(patch, n);
  const out: number[] = [];
  for (let s = 0; s + p <= n; s += stride) out.push(s);
  if (out[out.length - 1]! + p < n) out.push(n - p);
  return out;
}

/** Every window of a volume, z slowest. */
export function occlusionWindows(shape: Triple, patch: Triple, stride: Triple): { start: Triple; size: Triple }[] {
  const size: Triple = [Math.min(patch[0], shape[0]), Math.min(patch[1], shape[1]), Math.min(patch[2], shape[2])];
  const [zs, ys, xs] = [0, 1, 2].map((d) => occlusionStarts(shape[d]!, patch[d]!, stride[d]!)) as [number[], number[], number[]];
  const out: { start: Triple; size: Triple }[] = [];
  for (const z of zs) for (const y of ys) for (const x of xs) out.push({ start: [z, y, x], size });
  return out;
}

/** Write `value` (or the values of `from`) into a box of a padded grid at `offset`. */
function fillBox(buf: Float32Array, offset: number, grid: InputGrid, start: Triple, size: Triple, value: number, from: Float32Array | null): void {
  const [, py, px] = grid.padded;
  const [bz, by, bx] = grid.padBefore;
  for (let z = 0; z < size[0]; z++) {
    for (let y = 0; y < size[1]; y++) {
      const row = ((start[0] + z + bz) * py + (start[1] + y + by)) * px + start[2] + bx;
      if (from) buf.set(from.subarray(row, row + size[2]), offset + row);
      else buf.fill(value, offset + row, offset + row + size[2]);
    }
  }
}

/**
 * Occlusion saliency of a model's target score over a volume.
 * @example
 * const s = await occlusionSaliency(session, volume, { target: { kind: 'classification', classIndex: 0 }, patchSize: 4 });
 * s.peakVoxel // [i, j, k] of the largest mean drop
 */
export async function occlusionSaliency(session: ModelSession, volume: Volume, options: OcclusionOptions): Promise<SaliencyResult> {
  const stage = options.stage ?? noStage;
  const shape: Triple = [volume.shape[0], volume.shape[1], volume.shape[2]];
  const patchSize = triple('patchSize', options.patchSize);
  const stride = triple('stride', options.stride ?? patchSize);
  const fillValue = options.fillValue ?? DEFAULT_OCCLUSION_FILL;
  if (!Number.isFinite(fillValue)) throw new XaiError('RPERF_XAI_INVALID_OPTIONS', `fillValue must be a finite number, received ${fillValue}`);
  const target = options.target;
  const c = target.classIndex;
  if (!Number.isInteger(c) || c < 0) throw new XaiError('RPERF_XAI_INVALID_OPTIONS', `target.classIndex must be a non-negative integer, received ${c}`);
  const V = shape[0] * shape[1] * shape[2];
  if (target.kind === 'segmentation' && target.region && target.region.length !== V) {
    throw new XaiError('RPERF_XAI_INPUT_MISMATCH', `target.region has ${target.region.length} voxels, the volume [${shape.join(', ')}] has ${V}`);
  }
  const name = singleInputName(session);
  const grid = stage('pre_post', () => inputGrid(volume, options.spatialMultiple ?? 1, options.normalize ?? 'zscore'));
  const [pz, py, px] = grid.padded;
  const P = pz * py * px;
  const B = batchLimit(session, options.batchSize ?? DEFAULT_OCCLUSION_BATCH);
  const windows = occlusionWindows(shape, patchSize, stride);
  // Job 0 is the un-occluded baseline.
  const jobs: ({ start: Triple; size: Triple } | null)[] = [null, ...windows];
  const buf = new Float32Array(B * P);
  for (let b = 0; b < B; b++) buf.set(grid.data, b * P);
  const last: ({ start: Triple; size: Triple } | null)[] = new Array<null>(B).fill(null);
  const outName = session.outputs[0]!.name;

  let regionIdx: Int32Array | null = null;
  let baseline = NaN;
  const drops = new Float64Array(windows.length);
  let batches = 0;

  const scoreOf = (y: ort.Tensor, b: number): number => {
    const d = y.data as Float32Array;
    if (target.kind === 'classification') {
      const C = y.dims[1]!;
      return d[b * C + c]!;
    }
    const C = y.dims[1]!;
    const base = (b * C + c) * P;
    let s = 0;
    for (let r = 0; r < regionIdx!.length; r++) s += d[base + regionIdx![r]!]!;
    return s / regionIdx!.length;
  };

  for (let j0 = 0; j0 < jobs.length; j0 += B) {
    const n = Math.min(B, jobs.length - j0);
    const tensor = stage('pre_post', () => {
      for (let b = 0; b < n; b++) {
        const prev = last[b];
        if (prev) fillBox(buf, b * P, grid, prev.start, prev.size, 0, grid.data);
        const job = jobs[j0 + b]!;
        if (job) fillBox(buf, b * P, grid, job.start, job.size, fillValue, null);
        last[b] = job;
      }
      return new ort.Tensor('float32', n === B ? buf : buf.subarray(0, n * P), [n, 1, pz, py, px]);
    });
    const out = await stage('session_run', () => session.run({ [name]: tensor }));
    batches++;
    stage('pre_post', () => {
      const y = out[outName]!;
      checkOutput(session, y, target.kind, n, grid.padded, c);
      if (j0 === 0) {
        if (target.kind === 'segmentation') regionIdx = regionIndices(grid, target.region ?? null, y, c);
        baseline = scoreOf(y, 0);
      }
      for (let b = 0; b < n; b++) {
        const j = j0 + b;
        if (j > 0) drops[j - 1] = baseline - scoreOf(y, b);
      }
    });
  }

  return stage('pre_post', () => {
    const sum = new Float64Array(V);
    const count = new Float64Array(V);
    const [, ny, nx] = shape;
    windows.forEach((w, k) => {
      const d = drops[k]!;
      for (let z = w.start[0]; z < w.start[0] + w.size[0]; z++) {
        for (let y = w.start[1]; y < w.start[1] + w.size[1]; y++) {
          const row = (z * ny + y) * nx;
          for (let x = w.start[2]; x < w.start[2] + w.size[2]; x++) {
            sum[row + x] += d;
            count[row + x] += 1;
          }
        }
      }
    });
    const map = new Float32Array(V);
    let maxValue = -Infinity;
    let peak = 0;
    let total = 0;
    for (let v = 0; v < V; v++) {
      const m = sum[v]! / count[v]!;
      map[v] = m;
      total += m;
      if (m > maxValue) {
        maxValue = m;
        peak = v;
      }
    }
    const i = peak % nx;
    const jj = Math.floor(peak / nx) % ny;
    const k = Math.floor(peak / (nx * ny));
    const positions: OcclusionPosition[] = windows.map((w, idx) => ({ start: w.start, size: w.size, drop: drops[idx]! }));
    return {
      map,
      shape,
      baseline,
      positions,
      batches,
      patchSize,
      stride,
      fillValue,
      target: { kind: target.kind, classIndex: c, regionVoxels: regionIdx ? (regionIdx as Int32Array).length : null },
      maxValue,
      peakVoxel: [i, jj, k] as const,
      meanValue: total / V,
    };
  });
}

function checkOutput(session: ModelSession, y: ort.Tensor, kind: 'classification' | 'segmentation', n: number, padded: Triple, c: number): void {
  const want = kind === 'classification' ? `[${n}, classes]` : `[${n}, classes, ${padded.join(', ')}]`;
  const ok =
    y.type === 'float32' &&
    y.dims[0] === n &&
    (kind === 'classification' ? y.dims.length === 2 : y.dims.length === 5 && y.dims[2] === padded[0] && y.dims[3] === padded[1] && y.dims[4] === padded[2]);
  if (!ok) {
    throw new XaiError('RPERF_XAI_MODEL_OUTPUT', `${session.label} output is ${y.type} [${y.dims.join(', ')}]; ${kind} occlusion expects float32 ${want}`);
  }
  if (c >= y.dims[1]!) {
    throw new XaiError('RPERF_XAI_INVALID_OPTIONS', `target.classIndex ${c} is out of range: ${session.label} outputs ${y.dims[1]} classes`);
  }
}

/** Padded-grid indices of the region: the mask given, else the baseline's voxels of class c, else every voxel. */
function regionIndices(grid: InputGrid, mask: Uint8Array | null, y: ort.Tensor, c: number): Int32Array {
  const [nz, ny, nx] = grid.shape;
  const [, py, px] = grid.padded;
  const [bz, by, bx] = grid.padBefore;
  const P = grid.padded[0] * py * px;
  const C = y.dims[1]!;
  const d = y.data as Float32Array;
  const inRegion = (v: number, p: number): boolean => {
    if (mask) return mask[v] !== 0;
    // argmax of the baseline (slot 0), ties to the lower class
    let best = d[p]!;
    let arg = 0;
    for (let k = 1; k < C; k++) {
      const x = d[k * P + p]!;
      if (x > best) {
        best = x;
        arg = k;
      }
    }
    return arg === c;
  };
  const collect = (pred: (v: number, p: number) => boolean): Int32Array => {
    const idx: number[] = [];
    let v = 0;
    for (let z = 0; z < nz; z++) {
      for (let yy = 0; yy < ny; yy++) {
        const prow = ((z + bz) * py + (yy + by)) * px + bx;
        for (let x = 0; x < nx; x++, v++) if (pred(v, prow + x)) idx.push(prow + x);
      }
    }
    return Int32Array.from(idx);
  };
  const r = collect(inRegion);
  if (r.length > 0) return r;
  if (mask) throw new XaiError('RPERF_XAI_INPUT_MISMATCH', 'target.region holds no voxel; give a mask with at least one non-zero voxel');
  return collect(() => true);
}

/**
 * Uncertainty by test-time augmentation with flips (Wang et al. 2019): run the model on every
 * combination of flips of the input, flip each output back, and look at the spread.
 *
 * With A augmentations and class probabilities p_a,c(v) (flipped back):
 *   mean       pbar_c(v) = (1 / A) sum_a p_a,c(v)
 *   label      l(v)      = argmax_c pbar_c(v)             (ties to the lower class)
 *   entropy    H(v)      = -sum_c pbar_c(v) ln pbar_c(v)   (predictive entropy, nats; 0 ln 0 = 0)
 *   variance   s2(v)     = (1 / A) sum_a p_a,l(v)^2 - pbar_l(v)^2   (population variance, >= 0)
 * H is at most ln C; the summary's normalised mean entropy divides by it.
 *
 * Flips are taken on the padded input grid and undone on the padded output, so padding that
 * is not symmetric (an odd pad) is still undone exactly. Augmented copies are batched along N.
 */
import * as ort from 'onnxruntime-node';
import type { Volume } from '@rhenium-perf/fixtures';
import type { ModelSession, StageFn } from '@rhenium-perf/perception-inference';
import { DEFAULT_TTA_AXES, DEFAULT_TTA_BATCH } from './defaults';
import { XaiError } from './errors';
import { batchLimit, inputGrid, singleInputName, type InputGrid } from './model-input';
import type { Triple, TtaOptions, UncertaintyResult } from './types';

type Axis = 'z' | 'y' | 'x';
const noStage: StageFn = (_name, fn) => fn();

/**
 * Every subset of the axes, the identity first (`['x', 'y']` -> `[], [x], [y], [x, y]`).
 * @example flipCombinations(['y', 'x']).length // 4
 */
export function flipCombinations(axes: readonly Axis[]): Axis[][] {
  const out: Axis[][] = [];
  for (let m = 0; m < 1 << axes.length; m++) out.push(axes.filter((_, i) => (m >> i) & 1));
  return out;
}

/**
 * Flip a [pz, py, px] grid along some axes into `out` (an involution: flipping twice is the identity).
 * @example flipGrid(new Float32Array([1, 2, 3]), [1, 1, 3], ['x'], new Float32Array(3)) // [3, 2, 1]
 */
export function flipGrid(src: Float32Array, dims: Triple, axes: readonly Axis[], out: Float32Array): Float32Array {
  if (out === src) throw new XaiError('RPERF_XAI_INVALID_OPTIONS', 'flipGrid: out must not be the input array');
  const [pz, py, px] = dims;
  const fz = axes.includes('z');
  const fy = axes.includes('y');
  const fx = axes.includes('x');
  for (let z = 0; z < pz; z++) {
    const sz = fz ? pz - 1 - z : z;
    for (let y = 0; y < py; y++) {
      const sy = fy ? py - 1 - y : y;
      const o = (z * py + y) * px;
      const s = (sz * py + sy) * px;
      if (fx) for (let x = 0; x < px; x++) out[o + x] = src[s + px - 1 - x]!;
      else out.set(src.subarray(s, s + px), o);
    }
  }
  return out;
}

/**
 * Flip test-time augmentation of a segmentation model: per-voxel entropy and variance, and
 * their summary.
 * @example const u = await ttaUncertainty(session, volume, { axes: ['x'] }); u.summary.meanEntropy
 */
export async function ttaUncertainty(session: ModelSession, volume: Volume, options: TtaOptions = {}): Promise<UncertaintyResult> {
  const stage = options.stage ?? noStage;
  const shape: Triple = [volume.shape[0], volume.shape[1], volume.shape[2]];
  let axes = [...(options.axes ?? DEFAULT_TTA_AXES)];
  if (!axes.every((a) => a === 'z' || a === 'y' || a === 'x') || new Set(axes).size !== axes.length) {
    throw new XaiError('RPERF_XAI_INVALID_OPTIONS', `axes must be distinct names among z, y, x, received ${JSON.stringify(options.axes)}`);
  }
  if (shape[0] === 1) axes = axes.filter((a) => a !== 'z'); // a 2D image: flipping z is the identity
  const augmentations = flipCombinations(axes);
  const name = singleInputName(session);
  const grid = stage('pre_post', () => inputGrid(volume, options.spatialMultiple ?? 1, options.normalize ?? 'zscore'));
  const [pz, py, px] = grid.padded;
  const P = pz * py * px;
  const V = shape[0] * shape[1] * shape[2];
  const B = batchLimit(session, options.batchSize ?? DEFAULT_TTA_BATCH);
  const buf = new Float32Array(Math.min(B, augmentations.length) * P);
  const outName = session.outputs[0]!.name;
  let classes = 0;
  let sum: Float64Array | null = null;
  let sumSq: Float64Array | null = null;
  let batches = 0;

  for (let a0 = 0; a0 < augmentations.length; a0 += B) {
    const n = Math.min(B, augmentations.length - a0);
    const tensor = stage('pre_post', () => {
      for (let b = 0; b < n; b++) flipGrid(grid.data, grid.padded, augmentations[a0 + b]!, buf.subarray(b * P, (b + 1) * P));
      return new ort.Tensor('float32', n * P === buf.length ? buf : buf.subarray(0, n * P), [n, 1, pz, py, px]);
    });
    const out = await stage('session_run', () => session.run({ [name]: tensor }));
    batches++;
    stage('pre_post', () => {
      const y = out[outName]!;
      if (y.type !== 'float32' || y.dims.length !== 5 || y.dims[0] !== n || y.dims[2] !== pz || y.dims[3] !== py || y.dims[4] !== px) {
        throw new XaiError('RPERF_XAI_MODEL_OUTPUT', `${session.label} output is ${y.type} [${y.dims.join(', ')}]; test-time augmentation expects float32 [${n}, classes, ${pz}, ${py}, ${px}]`);
      }
      if (!sum) {
        classes = y.dims[1]!;
        sum = new Float64Array(classes * V);
        sumSq = new Float64Array(classes * V);
      }
      const d = y.data as Float32Array;
      for (let b = 0; b < n; b++) accumulate(d, b * classes * P, grid, augmentations[a0 + b]!, classes, sum, sumSq!);
    });
  }

  return stage('pre_post', () => finish(sum!, sumSq!, augmentations, classes, shape, batches));
}

/** Add the flipped-back probabilities of one augmentation (and their squares) over the volume's voxels. */
function accumulate(d: Float32Array, offset: number, grid: InputGrid, axes: readonly Axis[], classes: number, sum: Float64Array, sumSq: Float64Array): void {
  const [nz, ny, nx] = grid.shape;
  const [pz, py, px] = grid.padded;
  const [bz, by, bx] = grid.padBefore;
  const P = pz * py * px;
  const V = nz * ny * nx;
  const fz = axes.includes('z');
  const fy = axes.includes('y');
  const fx = axes.includes('x');
  for (let z = 0; z < nz; z++) {
    const zz = fz ? pz - 1 - (z + bz) : z + bz;
    for (let y = 0; y < ny; y++) {
      const yy = fy ? py - 1 - (y + by) : y + by;
      const srow = (zz * py + yy) * px;
      const vrow = (z * ny + y) * nx;
      for (let c = 0; c < classes; c++) {
        const sc = offset + c * P + srow;
        const vc = c * V + vrow;
        for (let x = 0; x < nx; x++) {
          const xx = fx ? px - 1 - (x + bx) : x + bx;
          const p = d[sc + xx]!;
          sum[vc + x] += p;
          sumSq[vc + x] += p * p;
        }
      }
    }
  }
}

function finish(sum: Float64Array, sumSq: Float64Array, augmentations: Axis[][], classes: number, shape: Triple, batches: number): UncertaintyResult {
  const V = shape[0] * shape[1] * shape[2];
  const A = augmentations.length;
  const meanProbabilities = new Float32Array(classes * V);
  const entropy = new Float32Array(V);
  const variance = new Float32Array(V);
  const labels = new Uint8Array(V);
  let hSum = 0;
  let hMax = 0;
  let sSum = 0;
  let sMax = 0;
  let fgH = 0;
  let fg = 0;
  for (let v = 0; v < V; v++) {
    let h = 0;
    let best = -Infinity;
    let arg = 0;
    for (let c = 0; c < classes; c++) {
      const m = sum[c * V + v]! / A;
      meanProbabilities[c * V + v] = m;
      if (m > 0) h -= m * Math.log(m);
      if (m > best) {
        best = m;
        arg = c;
      }
    }
    const s2 = Math.max(0, sumSq[arg * V + v]! / A - best * best);
    labels[v] = arg;
    entropy[v] = h;
    variance[v] = s2;
    hSum += h;
    sSum += s2;
    if (h > hMax) hMax = h;
    if (s2 > sMax) sMax = s2;
    if (arg !== 0) {
      fg++;
      fgH += h;
    }
  }
  const meanEntropy = hSum / V;
  return {
    entropy,
    variance,
    meanProbabilities,
    labels,
    shape,
    classes,
    augmentations,
    batches,
    summary: {
      meanEntropy,
      normalizedMeanEntropy: classes > 1 ? meanEntropy / Math.log(classes) : 0,
      maxEntropy: hMax,
      meanVariance: sSum / V,
      maxVariance: sMax,
      foregroundMeanEntropy: fg > 0 ? fgH / fg : null,
      foregroundVoxels: fg,
    },
  };
}

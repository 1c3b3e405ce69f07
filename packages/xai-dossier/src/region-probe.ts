/**
 * A probe model whose output depends only on a known box of its input, to check that a
 * saliency method finds that box.
 *
 *   s      = mean over the volume of (x * mask)          mask = 1 inside the box, 0 outside
 *   logits = [gain * s, -gain * s]
 *   p      = softmax(logits)                             (classification: [N, 2])
 *   p(v)   = p for every voxel v                          (segmentation: [N, 2, D, H, W])
 *
 * p_0 = sigmoid(2 gain s) rises with the input inside the box and ignores everything outside
 * it, so occluding a patch that misses the box changes no output at all.
 */
import { GraphBuilder, attr, sha256Hex } from '@rhenium-perf/onnx-models';
import { XaiError } from './errors';
import type { Box3, Triple } from './types';

/** The built probe: ONNX bytes, its sha256, and the box. */
export interface RegionProbeModel {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly shape: Triple;
  /** The box in voxel indices `[i, j, k]` (x, y, z), inclusive. */
  readonly box: Box3;
  readonly task: 'classification' | 'segmentation';
}

/**
 * Build the probe for a volume shape `[nz, ny, nx]` and a box (inclusive voxel indices).
 * @example buildRegionProbe([8, 16, 16], { min: [4, 4, 2], max: [7, 7, 4] }, 'classification')
 */
export function buildRegionProbe(shape: Triple, box: Box3, task: 'classification' | 'segmentation', gain = 4): RegionProbeModel {
  const [nz, ny, nx] = shape;
  const dims = [nx, ny, nz];
  for (let a = 0; a < 3; a++) {
    if (!(Number.isInteger(box.min[a]) && Number.isInteger(box.max[a]) && box.min[a]! >= 0 && box.min[a]! <= box.max[a]! && box.max[a]! < dims[a]!)) {
      throw new XaiError('RPERF_XAI_INVALID_OPTIONS', `box ${JSON.stringify(box)} must be inclusive voxel indices [i, j, k] inside the volume [${shape.join(', ')}]`);
    }
  }
  const V = nz * ny * nx;
  const mask = new Float32Array(V);
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) mask.fill(1, (k * ny + j) * nx + box.min[0], (k * ny + j) * nx + box.max[0] + 1);
  }
  const g = new GraphBuilder(`region_probe_${task}`);
  const x = g.input({ name: 'image', elemType: 'float32', shape: ['batch', 1, nz, ny, nx] });
  const m = g.initializer('mask', mask, [1, 1, nz, ny, nx]);
  const masked = g.node('Mul', [x, m], {}, { name: 'masked' })[0]!;
  const pooled = g.node('GlobalAveragePool', [masked], {}, { name: 'pool' })[0]!; // [N, 1, 1, 1, 1]
  const flat = g.node('Flatten', [pooled], { axis: attr.int(1) }, { name: 'flat' })[0]!; // [N, 1]
  const w = g.initializer('w', Float32Array.of(gain, -gain), [1, 2]);
  const logits = g.node('MatMul', [flat, w], {}, { name: 'logits' })[0]!; // [N, 2]
  if (task === 'classification') {
    g.node('Softmax', [logits], { axis: attr.int(1) }, { name: 'softmax', outputs: ['probabilities'] });
    g.output({ name: 'probabilities', elemType: 'float32', shape: ['batch', 2] });
  } else {
    const p = g.node('Softmax', [logits], { axis: attr.int(1) }, { name: 'softmax' })[0]!;
    const shp = g.int64Initializer('shape5', [-1, 2, 1, 1, 1]);
    const p5 = g.node('Reshape', [p, shp], {}, { name: 'reshape' })[0]!;
    const ones = g.initializer('ones', new Float32Array(V).fill(1), [1, 1, nz, ny, nx]);
    g.node('Mul', [p5, ones], {}, { name: 'broadcast', outputs: ['probabilities'] });
    g.output({ name: 'probabilities', elemType: 'float32', shape: ['batch', 2, nz, ny, nx] });
  }
  const bytes = g.encode({ docString: `region probe ${task}, box ${JSON.stringify(box)}` });
  return { bytes, sha256: sha256Hex(bytes), shape: [nz, ny, nx], box, task };
}

/** True when voxel `[i, j, k]` is inside the box (inclusive). */
export function inBox(box: Box3, v: readonly [number, number, number]): boolean {
  return v.every((x, a) => x >= box.min[a]! && x <= box.max[a]!);
}

import { describe, expect, it } from 'vitest';
import { axisAlignedAffine, type Volume } from '@rhenium-perf/fixtures';
import { GraphBuilder, attr, getModel } from '@rhenium-perf/onnx-models';
import { createSession } from './session';
import { boxToPatient, detect, heatmapPeaks } from './detect';
import { iou3d, nms3d } from './nms';
import { classify, softmaxInPlace, topK } from './classify';

describe('iou3d and nms3d', () => {
  it('computes IoU by hand', () => {
    expect(iou3d({ min: [0, 0, 0], max: [2, 2, 2] }, { min: [1, 0, 0], max: [3, 2, 2] })).toBeCloseTo(4 / 12, 12);
    expect(iou3d({ min: [0, 0, 0], max: [1, 1, 1] }, { min: [2, 2, 2], max: [3, 3, 3] })).toBe(0);
    expect(iou3d({ min: [0, 0, 0], max: [1, 1, 1] }, { min: [0, 0, 0], max: [1, 1, 1] })).toBe(1);
  });

  it('keeps the best box, suppresses overlapping ones of the same class only', () => {
    const b = (x: number) => ({ min: [x, 0, 0] as const, max: [x + 2, 2, 2] as const });
    const items = [
      { box: b(0), score: 0.5, classIndex: 0 },
      { box: b(0.2), score: 0.9, classIndex: 0 }, // IoU with item 0 = 1.8/2.2 = 0.82
      { box: b(0.2), score: 0.8, classIndex: 1 }, // other class: kept
      { box: b(5), score: 0.1, classIndex: 0 }, // far away: kept
    ];
    expect(nms3d(items, 0.3)).toEqual([1, 2, 3]);
    expect(nms3d(items, 0.3, 2)).toEqual([1, 2]);
  });
});

describe('heatmapPeaks', () => {
  it('finds 3x3x3 local maxima above the threshold, best first', () => {
    const h = new Float32Array(3 * 4 * 5);
    h[(1 * 4 + 1) * 5 + 1] = 0.9; // peak
    h[(1 * 4 + 1) * 5 + 2] = 0.8; // neighbour of the peak: not a peak
    h[(2 * 4 + 3) * 5 + 4] = 0.6; // separate peak in a corner
    h[(0 * 4 + 3) * 5 + 0] = 0.2; // below threshold
    expect(heatmapPeaks(h, 1, [3, 4, 5], 0.5, 10)).toEqual([(1 * 4 + 1) * 5 + 1, (2 * 4 + 3) * 5 + 4]);
  });
});

describe('boxToPatient', () => {
  it('maps the corners through a flipped affine and takes their bounds', () => {
    // x flipped (LPS-like), 2 mm slices, origin (10, 20, 30).
    const affine = [-1, 0, 0, 10, 0, 1, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1];
    expect(boxToPatient(affine, { min: [0, 0, 0], max: [4, 2, 1] })).toEqual({ min: [6, 20, 30], max: [10, 22, 32] });
  });
});

/**
 * A hand-made "detector": heatmap = MaxPool2(image) (stride 2), box_size = constant log
 * extents (ln 2, ln 1.5, ln 3 strides along z, y, x). Its decoding has a known answer.
 */
function toyDetector(): Uint8Array {
  const g = new GraphBuilder('toy_detector');
  const x = g.input({ name: 'image', elemType: 'float32', shape: [1, 1, 'd', 'h', 'w'] });
  const pooled = g.node('MaxPool', [x], { kernel_shape: attr.ints([2, 2, 2]), strides: attr.ints([2, 2, 2]) }, { outputs: ['heatmap'] })[0]!;
  const zero = g.initializer('zero', new Float32Array(3), [3, 1, 1, 1]);
  const logs = g.initializer('logs', Float32Array.from([Math.log(2), Math.log(1.5), Math.log(3)]), [3, 1, 1, 1]);
  const m = g.node('Mul', [pooled, zero])[0]!;
  g.node('Add', [m, logs], {}, { outputs: ['box_size'] });
  g.output({ name: 'heatmap', elemType: 'float32', shape: [1, 1, 'a', 'b', 'c'] });
  g.output({ name: 'box_size', elemType: 'float32', shape: [1, 3, 'a', 'b', 'c'] });
  return g.encode();
}

describe('detect', () => {
  it('decodes a known peak to voxel and patient boxes', async () => {
    const s = await createSession(toyDetector(), { intraOpThreads: 1 });
    const data = new Float32Array(8 * 16 * 16);
    data[(4 * 16 + 6) * 16 + 10] = 1; // voxel z=4, y=6, x=10 -> heat-map cell (2, 3, 5)
    const vol: Volume = { data, shape: [8, 16, 16], spacingMm: [3, 1, 1], affine: axisAlignedAffine([3, 1, 1], [-5, 0, 100]), modality: 'CT' };
    const r = await detect(s, vol, { normalize: 'none', scoreThreshold: 0.5, spatialMultiple: 2 });
    expect(r.stride).toEqual([2, 2, 2]);
    expect(r.detections).toHaveLength(1);
    const d = r.detections[0]!;
    expect(d.score).toBe(1);
    expect(d.centerVoxel).toEqual([10.5, 6.5, 4.5]); // (cell + 0.5) * 2 - 0.5, in (i, j, k)
    // extents along (i, j, k) = 2 * (3, 1.5, 2)
    expect(d.sizeVoxels.map((v) => Number(v.toFixed(5)))).toEqual([6, 3, 4]);
    expect(d.boxVoxel.min.map((v) => Number(v.toFixed(5)))).toEqual([7.5, 5, 2.5]);
    expect(d.boxVoxel.max.map((v) => Number(v.toFixed(5)))).toEqual([13.5, 8, 6.5]);
    expect(d.centerPatientMm).toEqual([10.5 - 5, 6.5, 4.5 * 3 + 100]);
    expect(d.boxPatientMm.min.map((v) => Number(v.toFixed(5)))).toEqual([2.5, 5, 107.5]);
  });

  it('runs the zoo detector deterministically, boxes inside the volume', async () => {
    const s = await createSession(getModel('detector3d').bytes, { intraOpThreads: 1 });
    const data = new Float32Array(8 * 16 * 16).map((_, i) => Math.sin(i * 0.1));
    const vol: Volume = { data, shape: [8, 16, 16], spacingMm: [1, 1, 1], affine: axisAlignedAffine([1, 1, 1]), modality: 'MRI' };
    const a = await detect(s, vol, { spatialMultiple: 4, scoreThreshold: 0 });
    const b = await detect(s, vol, { spatialMultiple: 4, scoreThreshold: 0 });
    expect(a.stride).toEqual([4, 4, 4]);
    expect(a.detections.length).toBeGreaterThan(0);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    for (const d of a.detections) for (let k = 0; k < 3; k++) expect(d.boxVoxel.max[k]).toBeLessThanOrEqual([15.5, 15.5, 7.5][k]!);
  });
});

describe('classify', () => {
  it('top-k and softmax by hand', () => {
    expect(topK(Float32Array.from([0.1, 0.6, 0.3, 0.6]), 3).map((t) => t.classIndex)).toEqual([1, 3, 2]);
    const p = softmaxInPlace(Float32Array.from([0, Math.log(3)]));
    expect(p[0]).toBeCloseTo(0.25, 7);
    expect(p[1]).toBeCloseTo(0.75, 7);
  });

  it('classifies a volume: probabilities sum to 1 within 1e-5, deterministic', async () => {
    const s = await createSession(getModel('classifier3d').bytes, { intraOpThreads: 1 });
    const data = new Float32Array(8 * 16 * 16).map((_, i) => Math.cos(i * 0.05));
    const vol: Volume = { data, shape: [8, 16, 16], spacingMm: [1, 1, 1], affine: axisAlignedAffine([1, 1, 1]), modality: 'MRI' };
    const a = await classify(s, vol, { topK: 2, spatialMultiple: 8 });
    const b = await classify(s, vol, { topK: 2, spatialMultiple: 8 });
    expect(Math.abs(a.probabilities.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-5);
    expect(a.topK).toHaveLength(2);
    expect(a.topK[0]!.probability).toBeGreaterThanOrEqual(a.topK[1]!.probability);
    expect(Array.from(b.probabilities)).toEqual(Array.from(a.probabilities));
    await expect(classify(s, vol, { topK: 0 })).rejects.toMatchObject({ code: 'RPERF_PERCEPTION_INVALID_OPTIONS' });
  });
});

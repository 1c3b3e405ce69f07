/**
 * 3D axis-aligned boxes: intersection over union and greedy non-maximum suppression.
 *
 * IoU(a, b) = |a ∩ b| / (|a| + |b| - |a ∩ b|), volumes as products of the extents
 * (max - min) along the three axes. NMS: take the highest-scoring box, drop every remaining
 * box of the same class whose IoU with it exceeds the threshold, repeat.
 */
import type { Box3 } from './types';

/**
 * Intersection over union of two boxes.
 * @example iou3d({ min: [0, 0, 0], max: [2, 2, 2] }, { min: [1, 0, 0], max: [3, 2, 2] }) // 4 / 12 = 1/3
 */
export function iou3d(a: Box3, b: Box3): number {
  let inter = 1;
  let va = 1;
  let vb = 1;
  for (let d = 0; d < 3; d++) {
    inter *= Math.max(0, Math.min(a.max[d]!, b.max[d]!) - Math.max(a.min[d]!, b.min[d]!));
    va *= Math.max(0, a.max[d]! - a.min[d]!);
    vb *= Math.max(0, b.max[d]! - b.min[d]!);
  }
  const union = va + vb - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy NMS: the indices of the kept items, highest score first (ties: lower index first).
 * Items of different classes never suppress each other.
 */
export function nms3d(items: readonly { box: Box3; score: number; classIndex: number }[], iouThreshold: number, maxKeep = Infinity): number[] {
  const order = Array.from(items.keys()).sort((a, b) => items[b]!.score - items[a]!.score || a - b);
  const kept: number[] = [];
  const dead = new Uint8Array(items.length);
  for (const i of order) {
    if (dead[i]) continue;
    kept.push(i);
    if (kept.length >= maxKeep) break;
    for (const j of order) {
      if (!dead[j] && j !== i && items[j]!.classIndex === items[i]!.classIndex && iou3d(items[i]!.box, items[j]!.box) > iouThreshold) dead[j] = 1;
    }
  }
  return kept;
}

/**
 * Elementwise binary operators with numpy broadcasting in TypeScript: the references of
 * onnxruntime's Add, Sub, Mul and Div (ONNX multidirectional broadcasting).
 *
 * Maths: shapes are right-aligned; along each axis the sizes must be equal or one of them 1
 * (that operand is repeated along the axis). The output size per axis is the larger one, and
 *   out[i] = op(a[i mod-broadcast a], b[i mod-broadcast b]),
 * evaluated in float64.
 */
import type { FloatArray } from './conv-reference';

/** An elementwise binary operator by its ONNX name. */
export type BinaryOp = 'Add' | 'Sub' | 'Mul' | 'Div';

const OPS: Record<BinaryOp, (x: number, y: number) => number> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  Div: (x, y) => x / y,
};

/** The broadcast shape of two shapes, or a RangeError naming both. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new RangeError(`broadcastShape: [${a.join(', ')}] and [${b.join(', ')}] do not broadcast (axis ${i}: ${x} vs ${y})`);
    out.push(Math.max(x, y));
  }
  return out;
}

/** Strides of `shape` seen in the broadcast `out` shape (0 along broadcast axes). */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = out.length - shape.length + i;
    strides[axis] = shape[i] === 1 ? 0 : s;
    s *= shape[i]!;
  }
  return strides;
}

/**
 * a op b with broadcasting: returns the data (float64) and shape of the result.
 * @example binaryReference('Sub', new Float64Array([5, 6, 7, 8]), [2, 2], new Float64Array([1, 2]), [2, 1]) // { data: [4, 5, 5, 6], dims: [2, 2] }
 */
export function binaryReference(op: BinaryOp, a: FloatArray, aDims: readonly number[], b: FloatArray, bDims: readonly number[]): { data: Float64Array; dims: number[] } {
  const dims = broadcastShape(aDims, bDims);
  const f = OPS[op];
  const n = dims.reduce((p, c) => p * c, 1);
  const out = new Float64Array(n);
  const sa = broadcastStrides(aDims, dims);
  const sb = broadcastStrides(bDims, dims);
  const idx = new Array<number>(dims.length).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(a[ia]!, b[ib]!);
    // Odometer increment of the multi-index, updating both operand offsets.
    for (let d = dims.length - 1; d >= 0; d--) {
      idx[d]!++;
      ia += sa[d]!;
      ib += sb[d]!;
      if (idx[d]! < dims[d]!) break;
      ia -= sa[d]! * dims[d]!;
      ib -= sb[d]! * dims[d]!;
      idx[d] = 0;
    }
  }
  return { data: out, dims };
}

/**
 * Operators that only move values, in TypeScript: the references of onnxruntime's Concat and
 * DepthToSpace (Flatten, Identity and Reshape change the shape, never the data).
 *
 * Concat along axis k of tensors viewed as [outer, n_t, inner]: the output is
 * [outer, sum_t n_t, inner], block t of each outer row copied in order.
 *
 * DepthToSpace with block size b on [N, C b^2, H, W] -> [N, C, H b, W b] (ONNX, opset 13):
 *   CRD: out[n, c, h b + i, w b + j] = in[n, c b^2 + i b + j, h, w]
 *   DCR: out[n, c, h b + i, w b + j] = in[n, (i b + j) C + c, h, w]
 * (CRD is PyTorch's PixelShuffle, what the SR generator uses).
 */
import type { FloatArray } from './conv-reference';

/**
 * Concatenate tensors of the same rank along `axis`.
 * @example concatReference([{ data: new Float64Array([1, 2]), dims: [1, 2] }, { data: new Float64Array([3]), dims: [1, 1] }], 1) // { data: [1, 2, 3], dims: [1, 3] }
 */
export function concatReference(parts: readonly { data: FloatArray; dims: readonly number[] }[], axis: number): { data: Float64Array; dims: number[] } {
  const first = parts[0];
  if (!first) throw new RangeError('concatReference: nothing to concatenate');
  const r = first.dims.length;
  const ax = axis < 0 ? axis + r : axis;
  for (const p of parts) {
    if (p.dims.length !== r || p.dims.some((d, i) => i !== ax && d !== first.dims[i])) {
      throw new RangeError(`concatReference: [${p.dims.join(', ')}] does not match [${first.dims.join(', ')}] off axis ${ax}`);
    }
  }
  const outer = first.dims.slice(0, ax).reduce((a, b) => a * b, 1);
  const inner = first.dims.slice(ax + 1).reduce((a, b) => a * b, 1);
  const total = parts.reduce((s, p) => s + p.dims[ax]!, 0);
  const out = new Float64Array(outer * total * inner);
  let offset = 0;
  for (const p of parts) {
    const block = p.dims[ax]! * inner;
    for (let o = 0; o < outer; o++) for (let i = 0; i < block; i++) out[o * total * inner + offset + i] = p.data[o * block + i]!;
    offset += block;
  }
  const dims = [...first.dims];
  dims[ax] = total;
  return { data: out, dims };
}

/**
 * DepthToSpace of [N, C', H, W] with block size b (C' = C b^2) in `mode` CRD or DCR.
 * @example depthToSpaceReference(new Float64Array([1, 2, 3, 4]), [1, 4, 1, 1], 2, 'CRD') // { data: [1, 2, 3, 4], dims: [1, 1, 2, 2] }
 */
export function depthToSpaceReference(x: FloatArray, dims: readonly number[], b: number, mode: 'CRD' | 'DCR'): { data: Float64Array; dims: number[] } {
  const [N, Cin, H, W] = dims as [number, number, number, number];
  if (dims.length !== 4 || Cin % (b * b) !== 0) throw new RangeError(`depthToSpaceReference: expected [N, C b^2, H, W] with b = ${b}, received [${dims.join(', ')}]`);
  const C = Cin / (b * b);
  const out = new Float64Array(x.length);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < b; i++) {
        for (let j = 0; j < b; j++) {
          const src = mode === 'CRD' ? c * b * b + i * b + j : (i * b + j) * C + c;
          for (let h = 0; h < H; h++) {
            for (let w = 0; w < W; w++) out[((n * C + c) * H * b + h * b + i) * W * b + w * b + j] = x[((n * Cin + src) * H + h) * W + w]!;
          }
        }
      }
    }
  }
  return { data: out, dims: [N, C, H * b, W * b] };
}

/**
 * A direct general matrix multiply in TypeScript: the reference of onnxruntime's Gemm.
 *
 * Maths (ONNX Gemm): Y = alpha A' B' + beta C, with A' = A^T if transA else A ([M, K]),
 * B' = B^T if transB else B ([K, N]), and C broadcast to [M, N] (a bias of length N, a
 * scalar, or a full [M, N]):
 *   Y[m, n] = alpha sum_k A'[m, k] B'[k, n] + beta C[m, n]      (float64 sums)
 */
import type { FloatArray } from './conv-reference';

/** Options of `gemmReference` (ONNX's attributes). */
export interface GemmReferenceOptions {
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly alpha?: number;
  readonly beta?: number;
}

/**
 * Y = alpha A' B' + beta C as [M, N] float64.
 * @example gemmReference(new Float64Array([1, 2]), [1, 2], new Float32Array([3, 4, 5, 6]), [2, 2], new Float32Array([10, 20]), { transB: true }) // [21, 37]
 */
export function gemmReference(
  a: FloatArray,
  aDims: readonly [number, number],
  b: FloatArray,
  bDims: readonly [number, number],
  c: FloatArray | null,
  o: GemmReferenceOptions = {},
): { data: Float64Array; dims: [number, number] } {
  const M = o.transA ? aDims[1] : aDims[0];
  const K = o.transA ? aDims[0] : aDims[1];
  const Kb = o.transB ? bDims[1] : bDims[0];
  const N = o.transB ? bDims[0] : bDims[1];
  if (K !== Kb) throw new RangeError(`gemmReference: A' is [${M}, ${K}] but B' is [${Kb}, ${N}]`);
  const alpha = o.alpha ?? 1;
  const beta = o.beta ?? 1;
  const out = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[o.transA ? k * M + m : m * K + k]! * b[o.transB ? n * K + k : k * N + n]!;
      const bias = c === null ? 0 : c.length === 1 ? c[0]! : c.length === N ? c[n]! : c[m * N + n]!;
      out[m * N + n] = alpha * s + beta * bias;
    }
  }
  return { data: out, dims: [M, N] };
}

/**
 * The reference forward pass: a pure-TypeScript interpreter of an ONNX graph, sharing no code
 * with onnxruntime, that the benchmarks compare onnxruntime's outputs against.
 *
 * It decodes the model's own bytes (the zoo's graph and its seeded initializers, the same
 * bytes the session loads), walks the nodes in their stored order (the builder writes them
 * topologically) and evaluates each with a direct float64 kernel written from the ONNX
 * operator definition (conv-reference.ts, conv-transpose-reference.ts, pool-reference.ts,
 * activation-reference.ts, broadcast-reference.ts, layout-reference.ts, gemm-reference.ts).
 * An operator or attribute it does not implement is a typed error, never a silent guess.
 *
 * What agreement means: onnxruntime computes in float32 (with fused and re-ordered sums), the
 * reference in float64 from the same float32 weights and input, so the difference is
 * onnxruntime's rounding: ~1e-7 relative per layer, growing with depth. A wrong operator,
 * layout or attribute shows as an error of the order of the output itself.
 *
 * Cost: direct loops, O(MACs) with no blocking (about 10^8 multiply-adds per second): for
 * small inputs only (a 8x16x16 U-Net pass is ~3·10^7 MACs).
 */
import { activationReference, preluReference, softmaxReference } from './activation-reference';
import { binaryReference, type BinaryOp } from './broadcast-reference';
import { convReference, type FloatArray } from './conv-reference';
import { convTransposeOutputSize, convTransposeReference } from './conv-transpose-reference';
import { decodeModel, floatTensorData } from './decode';
import { OnnxModelsError } from './errors';
import { gemmReference } from './gemm-reference';
import { concatReference, depthToSpaceReference } from './layout-reference';
import type { AttributeProtoObject, NodeProtoObject } from './onnx-proto';
import { globalAveragePoolReference, maxPoolReference, poolOutputSize } from './pool-reference';

/** A tensor of the reference: float64 values (row-major) and dims. */
export interface ReferenceTensor {
  readonly data: Float64Array;
  readonly dims: readonly number[];
}

/** A value the interpreter holds: float32 initializers stay float32, computed values are float64. */
interface Value {
  readonly data: FloatArray;
  readonly dims: readonly number[];
}

/** Graph inputs by name: values (float32 or float64) and dims. */
export type ReferenceFeeds = Readonly<Record<string, { readonly data: FloatArray; readonly dims: readonly number[] }>>;

const utf8 = new TextDecoder();
const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function unsupported(node: NodeProtoObject, what: string): never {
  throw new OnnxModelsError('RPERF_ONNX_REFERENCE_UNSUPPORTED', `reference forward pass: node "${node.name}" (${node.op_type}): ${what}`);
}

function attrOf(node: NodeProtoObject, name: string): AttributeProtoObject | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}
const intAttr = (node: NodeProtoObject, name: string, dflt: number): number => {
  const a = attrOf(node, name);
  return a?.i !== undefined ? Number(a.i) : dflt;
};
const floatAttr = (node: NodeProtoObject, name: string, dflt: number): number => attrOf(node, name)?.f ?? dflt;
const intsAttr = (node: NodeProtoObject, name: string): number[] | undefined => attrOf(node, name)?.ints?.map(Number);
const stringAttr = (node: NodeProtoObject, name: string, dflt: string): string => {
  const s = attrOf(node, name)?.s;
  return s ? utf8.decode(s) : dflt;
};

/** Left-pad a spatial list (rank 1..3) to 3 entries with `fill` (2D is 3D with depth 1). */
function to3(xs: readonly number[], fill: number): [number, number, number] {
  const out = [...Array<number>(3 - xs.length).fill(fill), ...xs];
  return [out[0]!, out[1]!, out[2]!];
}

/** Check the attributes the kernels assume (no dilation, one group, default auto_pad). */
function checkPlain(node: NodeProtoObject, rank: number): void {
  if (intAttr(node, 'group', 1) !== 1) unsupported(node, `group ${intAttr(node, 'group', 1)} (only 1)`);
  const dil = intsAttr(node, 'dilations');
  if (dil && dil.some((d) => d !== 1)) unsupported(node, `dilations [${dil}] (only 1)`);
  const auto = stringAttr(node, 'auto_pad', 'NOTSET');
  if (auto !== 'NOTSET') unsupported(node, `auto_pad ${auto} (only explicit pads)`);
  if (rank < 1 || rank > 3) unsupported(node, `spatial rank ${rank} (only 1 to 3)`);
}

/** Symmetric pads per spatial axis from ONNX's [begin..., end...]. */
function symmetricPads(node: NodeProtoObject, rank: number): number[] {
  const pads = intsAttr(node, 'pads') ?? Array<number>(2 * rank).fill(0);
  const begin = pads.slice(0, rank);
  if (pads.length !== 2 * rank || begin.some((p, i) => p !== pads[rank + i])) unsupported(node, `pads [${pads}] (only symmetric)`);
  return begin;
}

function conv(node: NodeProtoObject, x: Value, w: Value, b: Value | undefined): Value {
  const rank = x.dims.length - 2;
  checkPlain(node, rank);
  const [N, C] = x.dims as [number, number];
  const O = w.dims[0]!;
  const k = w.dims.slice(2);
  const pads = to3(symmetricPads(node, rank), 0);
  const strides = to3(intsAttr(node, 'strides') ?? Array<number>(rank).fill(1), 1);
  const [D, H, W] = to3(x.dims.slice(2), 1);
  const [KD, KH, KW] = to3(k, 1);
  const outSpatial = [D, H, W].map((n, i) => Math.floor((n + 2 * pads[i]! - [KD, KH, KW][i]!) / strides[i]!) + 1);
  const per = O * prod(outSpatial);
  const out = new Float64Array(N * per);
  const bias = b?.data ?? new Float64Array(O);
  for (let n = 0; n < N; n++) {
    convReference(x.data.subarray(n * C * D * H * W, (n + 1) * C * D * H * W), w.data, bias, { input: [C, D, H, W], weight: [O, C, KD, KH, KW], pad: pads, strides }, out.subarray(n * per, (n + 1) * per));
  }
  return { data: out, dims: [N, O, ...outSpatial.slice(3 - rank)] };
}

function convTranspose(node: NodeProtoObject, x: Value, w: Value, b: Value | undefined): Value {
  const rank = x.dims.length - 2;
  checkPlain(node, rank);
  const pads = intsAttr(node, 'pads');
  if (pads && pads.some((p) => p !== 0)) unsupported(node, `pads [${pads}] (only 0)`);
  const op = intsAttr(node, 'output_padding');
  if (op && op.some((p) => p !== 0)) unsupported(node, `output_padding [${op}] (only 0)`);
  if (intsAttr(node, 'output_shape')) unsupported(node, 'output_shape (not implemented)');
  const [N, C] = x.dims as [number, number];
  const O = w.dims[1]!;
  const [D, H, W] = to3(x.dims.slice(2), 1);
  const shape = { input: [C, D, H, W] as const, weight: [C, O, ...to3(w.dims.slice(2), 1)] as const, strides: to3(intsAttr(node, 'strides') ?? Array<number>(rank).fill(1), 1) };
  const outSpatial = convTransposeOutputSize(shape);
  const per = O * prod(outSpatial);
  const out = new Float64Array(N * per);
  const bias = b?.data ?? new Float64Array(O);
  for (let n = 0; n < N; n++) convTransposeReference(x.data.subarray(n * C * D * H * W, (n + 1) * C * D * H * W), w.data, bias, shape, out.subarray(n * per, (n + 1) * per));
  return { data: out, dims: [N, O, ...outSpatial.slice(3 - rank)] };
}

function maxPool(node: NodeProtoObject, x: Value): Value {
  const rank = x.dims.length - 2;
  checkPlain(node, rank);
  const pads = intsAttr(node, 'pads');
  if (pads && pads.some((p) => p !== 0)) unsupported(node, `pads [${pads}] (only 0)`);
  if (intAttr(node, 'ceil_mode', 0) !== 0) unsupported(node, 'ceil_mode 1 (only 0)');
  const kernel = intsAttr(node, 'kernel_shape');
  if (!kernel || kernel.length !== rank) unsupported(node, `kernel_shape [${kernel}] for spatial rank ${rank}`);
  const k3 = to3(kernel, 1);
  const s3 = to3(intsAttr(node, 'strides') ?? Array<number>(rank).fill(1), 1);
  const [D, H, W] = to3(x.dims.slice(2), 1);
  const channels = x.dims[0]! * x.dims[1]!;
  const outSpatial = [D, H, W].map((n, i) => poolOutputSize(n, k3[i]!, s3[i]!));
  const out = maxPoolReference(x.data, [channels, D, H, W], k3, s3, new Float64Array(channels * prod(outSpatial)));
  return { data: out, dims: [x.dims[0]!, x.dims[1]!, ...outSpatial.slice(3 - rank)] };
}

function evaluate(node: NodeProtoObject, ins: (Value | undefined)[]): Value[] {
  const x = ins[0];
  if (!x) unsupported(node, 'first input missing');
  switch (node.op_type) {
    case 'Conv':
      return [conv(node, x, ins[1]!, ins[2])];
    case 'ConvTranspose':
      return [convTranspose(node, x, ins[1]!, ins[2])];
    case 'MaxPool':
      return [maxPool(node, x)];
    case 'GlobalAveragePool': {
      const [N, C] = x.dims as [number, number];
      const out = globalAveragePoolReference(x.data, N * C, prod(x.dims.slice(2)), new Float64Array(N * C));
      return [{ data: out, dims: [N, C, ...x.dims.slice(2).map(() => 1)] }];
    }
    case 'Relu':
    case 'Sigmoid':
    case 'Tanh':
    case 'LeakyRelu':
      return [{ data: activationReference(node.op_type, x.data, new Float64Array(x.data.length), floatAttr(node, 'alpha', 0.01)), dims: x.dims }];
    case 'PRelu': {
      const slope = ins[1]!;
      const C = x.dims[1]!;
      if (slope.data.length !== C || slope.dims[0] !== C || slope.dims.length !== x.dims.length - 1) unsupported(node, `slope [${slope.dims}] (only one slope per channel, [C, 1, ...])`);
      return [{ data: preluReference(x.data, slope.data, C, prod(x.dims.slice(2)), new Float64Array(x.data.length)), dims: x.dims }];
    }
    case 'Softmax': {
      const r = x.dims.length;
      const axis = intAttr(node, 'axis', -1);
      const ax = axis < 0 ? axis + r : axis;
      const out = softmaxReference(x.data, prod(x.dims.slice(0, ax)), x.dims[ax]!, prod(x.dims.slice(ax + 1)), new Float64Array(x.data.length));
      return [{ data: out, dims: x.dims }];
    }
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
      return [binaryReference(node.op_type as BinaryOp, x.data, x.dims, ins[1]!.data, ins[1]!.dims)];
    case 'Concat':
      return [concatReference(ins as Value[], intAttr(node, 'axis', 0))];
    case 'DepthToSpace': {
      const mode = stringAttr(node, 'mode', 'DCR');
      if (mode !== 'CRD' && mode !== 'DCR') unsupported(node, `mode ${mode}`);
      return [depthToSpaceReference(x.data, x.dims, intAttr(node, 'blocksize', 0), mode)];
    }
    case 'Flatten': {
      const r = x.dims.length;
      const axis = intAttr(node, 'axis', 1);
      const ax = axis < 0 ? axis + r : axis;
      return [{ data: x.data, dims: [prod(x.dims.slice(0, ax)), prod(x.dims.slice(ax))] }];
    }
    case 'Gemm': {
      const a = x.dims as [number, number];
      const b = ins[1]!;
      if (a.length !== 2 || b.dims.length !== 2) unsupported(node, 'inputs of rank other than 2');
      const y = gemmReference(x.data, a, b.data, b.dims as [number, number], ins[2]?.data ?? null, {
        transA: intAttr(node, 'transA', 0) === 1,
        transB: intAttr(node, 'transB', 0) === 1,
        alpha: floatAttr(node, 'alpha', 1),
        beta: floatAttr(node, 'beta', 1),
      });
      return [y];
    }
    case 'Identity':
      return [x];
    default:
      return unsupported(node, 'operator not implemented');
  }
}

/**
 * Run a model's graph on `feeds` in float64 and return every graph output.
 * @example
 * const m = getModel('dncnn2d');
 * const y = runReference(m.bytes, { image: { data: new Float32Array(12 * 20), dims: [1, 1, 12, 20] } });
 * y.denoised.dims // [1, 1, 12, 20]
 */
export function runReference(bytes: Uint8Array, feeds: ReferenceFeeds): Record<string, ReferenceTensor> {
  const g = decodeModel(bytes, 'reference model').graph;
  const values = new Map<string, Value>();
  for (const t of g.initializer ?? []) values.set(t.name, { data: floatTensorData(t), dims: t.dims.map(Number) });
  const initNames = new Set(values.keys());
  for (const input of g.input ?? []) {
    if (initNames.has(input.name)) continue;
    const f = feeds[input.name];
    if (!f) throw new OnnxModelsError('RPERF_ONNX_REFERENCE_UNSUPPORTED', `reference forward pass: no feed for graph input "${input.name}"; received ${Object.keys(feeds).join(', ') || 'none'}`);
    if (f.data.length !== prod(f.dims)) throw new RangeError(`runReference: feed "${input.name}" holds ${f.data.length} values for dims [${f.dims.join(', ')}]`);
    values.set(input.name, { data: Float64Array.from(f.data), dims: [...f.dims] });
  }
  for (const node of g.node) {
    const ins = node.input.map((name) => (name === '' ? undefined : values.get(name)));
    node.input.forEach((name, i) => {
      if (name !== '' && !ins[i]) unsupported(node, `input "${name}" is not computed before it`);
    });
    const outs = evaluate(node, ins);
    node.output.forEach((name, i) => values.set(name, outs[i]!));
  }
  const result: Record<string, ReferenceTensor> = {};
  for (const o of g.output ?? []) {
    const v = values.get(o.name)!;
    result[o.name] = { data: v.data instanceof Float64Array ? v.data : Float64Array.from(v.data), dims: v.dims };
  }
  return result;
}

/**
 * max_i |a_i - b_i|, Infinity when either holds a NaN (so a NaN never passes a bound) or
 * the lengths differ.
 * @example maxAbsDifference([1, 2], [1, 2.5]) // 0.5
 */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

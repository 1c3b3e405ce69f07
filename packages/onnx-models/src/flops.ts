/**
 * The FLOP count of an ONNX graph for one input shape: shapes propagated node by node from
 * the graph inputs, and the multiply-adds of the operators that carry the arithmetic.
 *
 * Convention (the usual one for "achieved GFLOP/s" of a network): one multiply-add = 2 FLOPs,
 * counted for Conv, ConvTranspose, Gemm and MatMul only; bias adds, activations, pooling,
 * softmax and element-wise ops are not counted (they are O(outputs), a few % of a conv net's
 * work, and a kernel's speed is judged on the products). So
 *
 *   Conv          MACs = N · O · prod(out spatial) · (C / group) · prod(kernel)
 *   ConvTranspose MACs = N · C · prod(in spatial) · (O_per_group) · prod(kernel)
 *                  (each input value scatters into O/group · prod(kernel) outputs)
 *   Gemm          MACs = M · N · K (after transA / transB)
 *   MatMul        MACs = batch · M · N · K
 *
 * Shapes of the other operators the zoo uses (pooling, activations, broadcast arithmetic,
 * Concat, DepthToSpace, Flatten, Softmax, Identity) are propagated; an operator whose output
 * shape this does not know is a typed error (RPERF_ONNX_SHAPE_UNSUPPORTED), never a guess.
 */
import { broadcastShape } from './broadcast-reference';
import { decodeModel } from './decode';
import { OnnxModelsError } from './errors';
import type { AttributeProtoObject, NodeProtoObject } from './onnx-proto';

/** Operators whose multiply-adds are counted. */
export type CountedOp = 'Conv' | 'ConvTranspose' | 'Gemm' | 'MatMul';

/** FLOPs of one forward pass. */
export interface FlopCount {
  /** 2 × multiply-adds of the counted operators. */
  readonly flops: number;
  readonly macs: number;
  /** Multiply-adds per counted operator type (absent types are 0). */
  readonly macsByOp: Readonly<Record<CountedOp, number>>;
  /** Shape of every graph output for this input. */
  readonly outputDims: Readonly<Record<string, readonly number[]>>;
}

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function unsupported(node: NodeProtoObject, what: string): never {
  throw new OnnxModelsError('RPERF_ONNX_SHAPE_UNSUPPORTED', `FLOP count: node "${node.name}" (${node.op_type}): ${what}`);
}
const attrOf = (node: NodeProtoObject, name: string): AttributeProtoObject | undefined => (node.attribute ?? []).find((a) => a.name === name);
const intAttr = (node: NodeProtoObject, name: string, dflt: number): number => {
  const a = attrOf(node, name);
  return a?.i !== undefined ? Number(a.i) : dflt;
};
const intsAttr = (node: NodeProtoObject, name: string): number[] | undefined => attrOf(node, name)?.ints?.map(Number);

/** Output size of a convolution / pooling window along one axis (ONNX, floor mode). */
function windowOut(n: number, k: number, stride: number, dilation: number, padBegin: number, padEnd: number): number {
  return Math.floor((n + padBegin + padEnd - dilation * (k - 1) - 1) / stride) + 1;
}

function checkAutoPad(node: NodeProtoObject): void {
  const a = attrOf(node, 'auto_pad')?.s;
  const mode = a ? new TextDecoder().decode(a) : 'NOTSET';
  if (mode !== 'NOTSET' && mode !== 'VALID') unsupported(node, `auto_pad ${mode} (explicit pads only)`);
}

/** Spatial output dims of a windowed operator (Conv, MaxPool) with explicit pads. */
function windowed(node: NodeProtoObject, spatial: readonly number[], kernel: readonly number[]): number[] {
  checkAutoPad(node);
  const r = spatial.length;
  const pads = intsAttr(node, 'pads') ?? Array<number>(2 * r).fill(0);
  const strides = intsAttr(node, 'strides') ?? Array<number>(r).fill(1);
  const dil = intsAttr(node, 'dilations') ?? Array<number>(r).fill(1);
  if (intAttr(node, 'ceil_mode', 0) !== 0) unsupported(node, 'ceil_mode 1');
  return spatial.map((n, i) => windowOut(n, kernel[i]!, strides[i]!, dil[i]!, pads[i]!, pads[r + i]!));
}

/**
 * Count the FLOPs of one forward pass of `bytes` (a serialised ModelProto) on inputs of the
 * given dims (every non-initializer graph input).
 * @example
 * countFlops(getModel('conv2d').bytes, { image: [1, 1, 64, 64] }).flops
 */
export function countFlops(bytes: Uint8Array, inputDims: Readonly<Record<string, readonly number[]>>): FlopCount {
  const g = decodeModel(bytes, 'FLOP count').graph;
  const dims = new Map<string, readonly number[]>();
  for (const t of g.initializer ?? []) dims.set(t.name, t.dims.map(Number));
  for (const input of g.input ?? []) {
    if (dims.has(input.name)) continue;
    const d = inputDims[input.name];
    if (!d) throw new OnnxModelsError('RPERF_ONNX_SHAPE_UNSUPPORTED', `FLOP count: no dims for graph input "${input.name}"; received ${Object.keys(inputDims).join(', ') || 'none'}`);
    dims.set(input.name, [...d]);
  }
  const macsByOp: Record<CountedOp, number> = { Conv: 0, ConvTranspose: 0, Gemm: 0, MatMul: 0 };
  for (const node of g.node) {
    const ins = node.input.map((name) => (name === '' ? undefined : dims.get(name)));
    node.input.forEach((name, i) => {
      if (name !== '' && !ins[i]) unsupported(node, `input "${name}" has no known shape before it`);
    });
    const x = ins[0];
    if (!x) unsupported(node, 'first input missing');
    let out: readonly number[];
    switch (node.op_type) {
      case 'Conv': {
        const w = ins[1]!;
        const group = intAttr(node, 'group', 1);
        const spatial = windowed(node, x.slice(2), w.slice(2));
        out = [x[0]!, w[0]!, ...spatial];
        macsByOp.Conv += x[0]! * w[0]! * prod(spatial) * (x[1]! / group) * prod(w.slice(2));
        break;
      }
      case 'ConvTranspose': {
        const w = ins[1]!; // [C, O / group, k...]
        const group = intAttr(node, 'group', 1);
        checkAutoPad(node);
        if (intsAttr(node, 'output_shape')) unsupported(node, 'output_shape (give pads instead)');
        const r = x.length - 2;
        const pads = intsAttr(node, 'pads') ?? Array<number>(2 * r).fill(0);
        const strides = intsAttr(node, 'strides') ?? Array<number>(r).fill(1);
        const dil = intsAttr(node, 'dilations') ?? Array<number>(r).fill(1);
        const outPad = intsAttr(node, 'output_padding') ?? Array<number>(r).fill(0);
        const spatial = x.slice(2).map((n, i) => strides[i]! * (n - 1) + outPad[i]! + (w[2 + i]! - 1) * dil[i]! + 1 - pads[i]! - pads[r + i]!);
        out = [x[0]!, w[1]! * group, ...spatial];
        macsByOp.ConvTranspose += x[0]! * x[1]! * prod(x.slice(2)) * w[1]! * prod(w.slice(2));
        break;
      }
      case 'MaxPool':
      case 'AveragePool': {
        const k = intsAttr(node, 'kernel_shape');
        if (!k) unsupported(node, 'no kernel_shape');
        out = [x[0]!, x[1]!, ...windowed(node, x.slice(2), k)];
        break;
      }
      case 'GlobalAveragePool':
      case 'GlobalMaxPool':
        out = [x[0]!, x[1]!, ...x.slice(2).map(() => 1)];
        break;
      case 'Relu':
      case 'Sigmoid':
      case 'Tanh':
      case 'LeakyRelu':
      case 'PRelu':
      case 'Softmax':
      case 'Identity':
      case 'Dropout':
        out = x;
        break;
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div':
        out = broadcastShape(x, ins[1]!);
        break;
      case 'Concat': {
        const axis = intAttr(node, 'axis', 0);
        const ax = axis < 0 ? axis + x.length : axis;
        out = x.map((d, i) => (i === ax ? ins.reduce((s, t) => s + t![ax]!, 0) : d));
        break;
      }
      case 'DepthToSpace': {
        const b = intAttr(node, 'blocksize', 0);
        const r = x.length - 2;
        out = [x[0]!, x[1]! / b ** r, ...x.slice(2).map((d) => d * b)];
        break;
      }
      case 'Flatten': {
        const axis = intAttr(node, 'axis', 1);
        const ax = axis < 0 ? axis + x.length : axis;
        out = [prod(x.slice(0, ax)), prod(x.slice(ax))];
        break;
      }
      case 'Gemm': {
        const b = ins[1]!;
        const [m, k] = intAttr(node, 'transA', 0) === 1 ? [x[1]!, x[0]!] : [x[0]!, x[1]!];
        const n = intAttr(node, 'transB', 0) === 1 ? b[0]! : b[1]!;
        out = [m, n];
        macsByOp.Gemm += m * n * k;
        break;
      }
      case 'MatMul': {
        const b = ins[1]!;
        if (x.length < 2 || b.length < 2) unsupported(node, 'inputs of rank 1');
        const m = x[x.length - 2]!;
        const k = x[x.length - 1]!;
        const n = b[b.length - 1]!;
        const batch = broadcastShape(x.slice(0, -2), b.slice(0, -2));
        out = [...batch, m, n];
        macsByOp.MatMul += prod(batch) * m * n * k;
        break;
      }
      default:
        unsupported(node, 'operator without a shape rule here');
    }
    if (out.some((d) => !Number.isInteger(d) || d < 1)) unsupported(node, `computed output dims [${out.join(', ')}] from inputs ${ins.map((t) => `[${t?.join(', ')}]`).join(', ')}`);
    dims.set(node.output[0]!, out);
  }
  const macs = macsByOp.Conv + macsByOp.ConvTranspose + macsByOp.Gemm + macsByOp.MatMul;
  const outputDims: Record<string, readonly number[]> = {};
  for (const o of g.output ?? []) outputDims[o.name] = dims.get(o.name) ?? [];
  return Object.freeze({ flops: 2 * macs, macs, macsByOp: Object.freeze(macsByOp), outputDims: Object.freeze(outputDims) });
}

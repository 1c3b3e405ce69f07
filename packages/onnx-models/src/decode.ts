/**
 * Reading an .onnx file: decode the ModelProto and summarise its graph's inputs, outputs and
 * initializers, without onnxruntime. Used to check a user's model before a session is made
 * and to read a zoo model's weights in tests.
 */
import { OnnxModelsError } from './errors';
import { TENSOR_DATA_TYPE, modelProtoType, type ModelProtoObject, type TensorProtoObject, type ValueInfoProtoObject } from './onnx-proto';
import type { Dim, ElemType, TensorSpec } from './types';

/** What `inspectModel` reports about a model. */
export interface ModelSummary {
  readonly irVersion: number;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly graphName: string;
  /** Graph inputs that are not initializers (what a caller must feed). */
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly initializers: readonly { readonly name: string; readonly dims: readonly number[]; readonly elemType: ElemType | 'unknown' }[];
  readonly nodeCount: number;
}

const ELEM_BY_CODE = new Map<number, ElemType>(Object.entries(TENSOR_DATA_TYPE).map(([k, v]) => [v, k as ElemType]));

/**
 * Decode the bytes of an .onnx file to a plain ModelProto object (int64 as numbers).
 * Throws OnnxModelsError RPERF_ONNX_NOT_ONNX when they are not an ONNX model.
 */
export function decodeModel(bytes: Uint8Array, source = 'model'): ModelProtoObject {
  const type = modelProtoType();
  let obj: ModelProtoObject;
  try {
    obj = type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: true }) as ModelProtoObject;
  } catch (err) {
    throw new OnnxModelsError(
      'RPERF_ONNX_NOT_ONNX',
      `${source} is not an ONNX model (${bytes.length} bytes; protobuf decoding failed: ${(err as Error).message}); expected a serialised onnx.ModelProto (.onnx file)`,
    );
  }
  if (!obj.graph || !obj.ir_version || !Array.isArray(obj.graph.node) || obj.graph.node.length === 0) {
    throw new OnnxModelsError(
      'RPERF_ONNX_NOT_ONNX',
      `${source} is not an ONNX model (${bytes.length} bytes decode without ${!obj.ir_version ? 'an ir_version' : 'a graph with nodes'}); expected a serialised onnx.ModelProto (.onnx file)`,
    );
  }
  return obj;
}

function spec(v: ValueInfoProtoObject): TensorSpec {
  const tt = v.type?.tensor_type;
  const shape: Dim[] = (tt?.shape?.dim ?? []).map((d, i) => (d.dim_value !== undefined ? Number(d.dim_value) : d.dim_param || `dim${i}`));
  return { name: v.name, elemType: ELEM_BY_CODE.get(tt?.elem_type ?? 0) ?? ('unknown' as ElemType), shape };
}

/**
 * Summarise a model: IR version, opsets, inputs (initializers excluded), outputs.
 * @example inspectModel(getModel('unet3d').bytes).inputs // [{ name: 'image', elemType: 'float32', shape: ['batch', 1, 'depth', 'height', 'width'] }]
 */
export function inspectModel(bytes: Uint8Array, source = 'model'): ModelSummary {
  const m = decodeModel(bytes, source);
  const g = m.graph;
  const init = new Set((g.initializer ?? []).map((t) => t.name));
  return {
    irVersion: Number(m.ir_version),
    opsets: (m.opset_import ?? []).map((o) => ({ domain: o.domain ?? '', version: Number(o.version) })),
    producerName: m.producer_name ?? '',
    graphName: g.name ?? '',
    inputs: (g.input ?? []).filter((v) => !init.has(v.name)).map(spec),
    outputs: (g.output ?? []).map(spec),
    initializers: (g.initializer ?? []).map((t) => ({ name: t.name, dims: t.dims.map(Number), elemType: ELEM_BY_CODE.get(t.data_type) ?? 'unknown' })),
    nodeCount: g.node.length,
  };
}

/** Read a float32 initializer's values (raw_data or float_data). Throws if absent or not float32. */
export function readFloatInitializer(bytes: Uint8Array, name: string): { dims: number[]; data: Float32Array } {
  const t: TensorProtoObject | undefined = decodeModel(bytes).graph.initializer?.find((x) => x.name === name);
  if (!t || t.data_type !== TENSOR_DATA_TYPE.float32) {
    throw new OnnxModelsError('RPERF_ONNX_GRAPH_INVALID', `no float32 initializer named "${name}" in the model`);
  }
  return { dims: t.dims.map(Number), data: floatTensorData(t) };
}

/** The values of a decoded float32 TensorProto (little-endian raw_data, else float_data). */
export function floatTensorData(t: TensorProtoObject): Float32Array {
  if (t.data_type !== TENSOR_DATA_TYPE.float32) {
    throw new OnnxModelsError('RPERF_ONNX_GRAPH_INVALID', `tensor "${t.name}" has data type ${t.data_type}, expected float32 (${TENSOR_DATA_TYPE.float32})`);
  }
  if (t.raw_data && t.raw_data.length > 0) {
    const view = new DataView(t.raw_data.buffer, t.raw_data.byteOffset, t.raw_data.byteLength);
    const data = new Float32Array(t.raw_data.byteLength / 4);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
    return data;
  }
  return Float32Array.from(t.float_data ?? []);
}

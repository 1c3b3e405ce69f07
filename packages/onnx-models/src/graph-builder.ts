/**
 * A small builder of ONNX graphs: named inputs, initializers, nodes and outputs, serialised
 * to an onnx.ModelProto with protobufjs.
 *
 * Values are referred to by name (ONNX's own model: every edge is a string). The builder
 * checks that every node input exists and that no name is produced twice, so a graph that
 * encodes is also well formed (onnxruntime still does the type and shape inference).
 */
import { ONNX_IR_VERSION, ONNX_OPSET, PRODUCER_NAME, PRODUCER_VERSION } from './defaults';
import { OnnxModelsError } from './errors';
import {
  ATTRIBUTE_TYPE,
  TENSOR_DATA_TYPE,
  modelProtoType,
  type AttributeProtoObject,
  type ModelProtoObject,
  type NodeProtoObject,
  type TensorProtoObject,
  type ValueInfoProtoObject,
} from './onnx-proto';
import type { Dim, ElemType, TensorSpec } from './types';

/** A typed attribute value (ONNX distinguishes INT from FLOAT, so plain numbers are not enough). */
export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string };

/** Constructors of attribute values: `{ kernel_shape: attr.ints([3, 3, 3]), alpha: attr.float(0.2) }`. */
export const attr = Object.freeze({
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  ints: (value: readonly number[]): AttrValue => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): AttrValue => ({ kind: 'floats', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
});

/** Model-level fields of the ModelProto. */
export interface ModelMeta {
  docString?: string;
  /** Written as metadata_props (sorted by key, so the bytes do not depend on insertion order). */
  metadata?: Readonly<Record<string, string>>;
  irVersion?: number;
  opset?: number;
  producerName?: string;
  producerVersion?: string;
}

/** Options of `GraphBuilder.node`. */
export interface NodeOptions {
  /** Output names (default: one output named `<node name>_out`, or `<name>_out<k>` for several). */
  outputs?: readonly string[];
  /** Number of outputs when names are generated. Default 1. */
  outputCount?: number;
  /** Node name (default: `<op_type>_<counter>`). */
  name?: string;
}

const utf8 = new TextEncoder();

function checkInt(where: string, x: number): void {
  if (!Number.isSafeInteger(x)) throw new OnnxModelsError('RPERF_ONNX_INVALID_OPTIONS', `${where}: expected an integer, received ${x}`);
}

function attributeProto(name: string, a: AttrValue): AttributeProtoObject {
  switch (a.kind) {
    case 'int':
      checkInt(`attribute ${name}`, a.value);
      return { name, type: ATTRIBUTE_TYPE.INT, i: a.value };
    case 'float':
      return { name, type: ATTRIBUTE_TYPE.FLOAT, f: a.value };
    case 'ints':
      a.value.forEach((v) => checkInt(`attribute ${name}`, v));
      return { name, type: ATTRIBUTE_TYPE.INTS, ints: [...a.value] };
    case 'floats':
      return { name, type: ATTRIBUTE_TYPE.FLOATS, floats: [...a.value] };
    case 'string':
      return { name, type: ATTRIBUTE_TYPE.STRING, s: utf8.encode(a.value) };
  }
}

function valueInfo(spec: TensorSpec): ValueInfoProtoObject {
  return {
    name: spec.name,
    type: {
      tensor_type: {
        elem_type: TENSOR_DATA_TYPE[spec.elemType],
        shape: { dim: spec.shape.map((d: Dim) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/** Little-endian bytes of a float32 array (ONNX raw_data is little-endian on every platform). */
function float32Le(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return out;
}

/** Little-endian bytes of int64 values. */
function int64Le(data: readonly number[]): Uint8Array {
  const out = new Uint8Array(data.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    checkInt('int64 initializer', data[i]!);
    view.setBigInt64(i * 8, BigInt(data[i]!), true);
  }
  return out;
}

/**
 * Builds one ONNX graph. Add inputs, initializers and nodes, mark outputs, then `encode()`.
 * @example
 * const g = new GraphBuilder('relu');
 * const x = g.input({ name: 'x', elemType: 'float32', shape: [1, 4] });
 * g.node('Relu', [x], {}, { outputs: ['y'] });
 * g.output({ name: 'y', elemType: 'float32', shape: [1, 4] });
 * const bytes = g.encode(); // a loadable .onnx model
 */
export class GraphBuilder {
  private readonly inputs: ValueInfoProtoObject[] = [];
  private readonly outputs: ValueInfoProtoObject[] = [];
  private readonly nodes: NodeProtoObject[] = [];
  private readonly initializers: TensorProtoObject[] = [];
  private readonly values = new Set<string>();
  private readonly counters = new Map<string, number>();
  private params = 0;

  constructor(readonly name: string) {}

  /** Number of weights (elements of float initializers) added so far. */
  get parameterCount(): number {
    return this.params;
  }

  /** True if a value of that name exists. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** A fresh name `<prefix>_<k>` (k counts per prefix). */
  uniqueName(prefix: string): string {
    for (;;) {
      const k = this.counters.get(prefix) ?? 0;
      this.counters.set(prefix, k + 1);
      const name = `${prefix}_${k}`;
      if (!this.values.has(name)) return name;
    }
  }

  private declare(name: string, what: string): void {
    if (!name) throw new OnnxModelsError('RPERF_ONNX_GRAPH_INVALID', `${this.name}: ${what} needs a non-empty name`);
    if (this.values.has(name)) throw new OnnxModelsError('RPERF_ONNX_GRAPH_INVALID', `${this.name}: ${what} "${name}" is already defined; names must be unique`);
    this.values.add(name);
  }

  /** Declare a graph input; returns its name. */
  input(spec: TensorSpec): string {
    this.declare(spec.name, 'input');
    this.inputs.push(valueInfo(spec));
    return spec.name;
  }

  /** Add a float32 initializer (weights); returns its name. */
  initializer(name: string, data: Float32Array, dims: readonly number[]): string {
    const n = dims.reduce((a, b) => a * b, 1);
    if (n !== data.length) {
      throw new OnnxModelsError('RPERF_ONNX_GRAPH_INVALID', `${this.name}: initializer "${name}" has ${data.length} values but dims ${JSON.stringify(dims)} need ${n}`);
    }
    this.declare(name, 'initializer');
    dims.forEach((d) => checkInt(`initializer ${name} dims`, d));
    this.initializers.push({ name, dims: [...dims], data_type: TENSOR_DATA_TYPE.float32, raw_data: float32Le(data) });
    this.params += data.length;
    return name;
  }

  /** Add an int64 initializer (shapes, axes); returns its name. Not counted as parameters. */
  int64Initializer(name: string, data: readonly number[], dims: readonly number[] = [data.length]): string {
    this.declare(name, 'initializer');
    this.initializers.push({ name, dims: [...dims], data_type: TENSOR_DATA_TYPE.int64, raw_data: int64Le(data) });
    return name;
  }

  /**
   * Add a node. Inputs must exist ('' marks an omitted optional input). Returns the output
   * names.
   */
  node(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, AttrValue>> = {}, options: NodeOptions = {}): string[] {
    const name = options.name ?? this.uniqueName(opType);
    for (const i of inputs) {
      if (i !== '' && !this.values.has(i)) {
        throw new OnnxModelsError('RPERF_ONNX_GRAPH_INVALID', `${this.name}: node "${name}" (${opType}) reads "${i}", which no input, initializer or earlier node defines`);
      }
    }
    const count = options.outputs?.length ?? options.outputCount ?? 1;
    const outputs = options.outputs ? [...options.outputs] : Array.from({ length: count }, (_, k) => (count === 1 ? `${name}_out` : `${name}_out${k}`));
    for (const o of outputs) this.declare(o, `output of node "${name}"`);
    const attribute = Object.keys(attributes)
      .sort()
      .map((k) => attributeProto(k, attributes[k]!));
    this.nodes.push({ input: [...inputs], output: outputs, name, op_type: opType, attribute });
    return outputs;
  }

  /**
   * Mark a value as a graph output. If `value` is not already named `spec.name`, an
   * Identity node renames it (onnxruntime removes it when optimising).
   */
  output(spec: TensorSpec, value: string = spec.name): void {
    if (value !== spec.name) this.node('Identity', [value], {}, { outputs: [spec.name], name: `${spec.name}_identity` });
    else if (!this.values.has(value)) throw new OnnxModelsError('RPERF_ONNX_GRAPH_INVALID', `${this.name}: output "${value}" is not defined by any node`);
    this.outputs.push(valueInfo(spec));
  }

  /** The ModelProto as a plain object (what `encode` serialises). */
  toModelProto(meta: ModelMeta = {}): ModelProtoObject {
    if (this.outputs.length === 0) throw new OnnxModelsError('RPERF_ONNX_GRAPH_INVALID', `${this.name}: the graph has no output; call output()`);
    const props = Object.entries(meta.metadata ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value }));
    return {
      ir_version: meta.irVersion ?? ONNX_IR_VERSION,
      opset_import: [{ domain: '', version: meta.opset ?? ONNX_OPSET }],
      producer_name: meta.producerName ?? PRODUCER_NAME,
      producer_version: meta.producerVersion ?? PRODUCER_VERSION,
      model_version: 1,
      ...(meta.docString ? { doc_string: meta.docString } : {}),
      graph: {
        node: this.nodes,
        name: this.name,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      ...(props.length ? { metadata_props: props } : {}),
    };
  }

  /** Serialise to the bytes of an .onnx file. Same graph, same bytes. */
  encode(meta: ModelMeta = {}): Uint8Array {
    const type = modelProtoType();
    return type.encode(type.fromObject(this.toModelProto(meta))).finish();
  }
}

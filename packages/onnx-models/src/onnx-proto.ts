/**
 * The subset of ONNX's `onnx.proto` (onnx/onnx, proto2 syntax) this package writes and reads,
 * parsed once by protobufjs.
 *
 * NOTE: the field numbers below are the ONNX specification's, copied from onnx.proto; the
 * messages keep only the fields a model of the zoo needs (no sparse tensors, functions,
 * training info or external data). proto2 syntax keeps repeated integers unpacked, as the
 * reference `onnx` Python package writes them; decoders accept either form.
 */
import { createRequire } from 'node:module';
import type protobuf from 'protobufjs';

// NOTE: protobufjs (~40 CommonJS modules) is required when a model is first built or decoded,
// not at import: a cold `rhenium segment` reads the U-Net from the model store and hands the
// bytes to onnxruntime without either, and loading it cost ~5% of that process (issue #17).
const require = createRequire(import.meta.url);

/** onnx.proto, reduced. Field numbers are the specification's. */
export const ONNX_PROTO_SUBSET = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
    SPARSE_TENSOR = 11; SPARSE_TENSORS = 12; TYPE_PROTO = 13; TYPE_PROTOS = 14;
  }
  optional string name = 1;
  optional string ref_attr_name = 21;
  optional string doc_string = 13;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  optional GraphProto g = 6;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6;
    INT64 = 7; STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13;
    COMPLEX64 = 14; COMPLEX128 = 15; BFLOAT16 = 16;
  }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional string doc_string = 12;
  optional bytes raw_data = 9;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    optional string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  optional string denotation = 6;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

/** int64 fields decode to numbers or protobufjs `Long`s (objects with `toNumber`). */
export type Int64Like = number | { toNumber(): number };

/** Plain-object shapes of the messages, as this package builds them (snake_case, like onnx.proto). */
export interface AttributeProtoObject {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}
export interface DimensionObject {
  dim_value?: Int64Like;
  dim_param?: string;
}
export interface ValueInfoProtoObject {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: DimensionObject[] } } };
  doc_string?: string;
}
export interface NodeProtoObject {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  domain?: string;
  attribute: AttributeProtoObject[];
}
export interface TensorProtoObject {
  dims: Int64Like[];
  data_type: number;
  name: string;
  raw_data?: Uint8Array;
  float_data?: number[];
  int64_data?: Int64Like[];
  int32_data?: number[];
}
export interface GraphProtoObject {
  node: NodeProtoObject[];
  name: string;
  initializer: TensorProtoObject[];
  doc_string?: string;
  input: ValueInfoProtoObject[];
  output: ValueInfoProtoObject[];
}
export interface ModelProtoObject {
  ir_version: Int64Like;
  opset_import: { domain: string; version: Int64Like }[];
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: Int64Like;
  doc_string?: string;
  graph: GraphProtoObject;
  metadata_props?: { key: string; value: string }[];
}

/** AttributeProto.AttributeType values used by the builder. */
export const ATTRIBUTE_TYPE = Object.freeze({ FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const);

/** TensorProto.DataType values, by the element type names onnxruntime uses. */
export const TENSOR_DATA_TYPE = Object.freeze({
  float32: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float16: 10,
  float64: 11,
  uint32: 12,
  uint64: 13,
} as const);

let modelType: protobuf.Type | null = null;

/** The protobufjs type of `onnx.ModelProto` (the schema is parsed on first use). */
export function modelProtoType(): protobuf.Type {
  if (!modelType) {
    const pb = require('protobufjs') as typeof protobuf;
    const root = pb.parse(ONNX_PROTO_SUBSET, { keepCase: true }).root;
    modelType = root.lookupType('onnx.ModelProto');
  }
  return modelType;
}

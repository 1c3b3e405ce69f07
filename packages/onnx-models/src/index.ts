export { GraphBuilder, attr } from './graph-builder';
export type { AttrValue, ModelMeta, NodeOptions } from './graph-builder';
export { conv, convTranspose, gemm, maxPool, op, prelu } from './layers';
export type { ConvOptions } from './layers';
export { biasUniform, heUniform } from './init';
export { ONNX_PROTO_SUBSET, ATTRIBUTE_TYPE, TENSOR_DATA_TYPE, modelProtoType } from './onnx-proto';
export type { ModelProtoObject, GraphProtoObject, NodeProtoObject, TensorProtoObject, ValueInfoProtoObject, AttributeProtoObject } from './onnx-proto';
export { ZOO_MODEL_NAMES, buildModel, clearModelCache, describeModel, getModel, isZooModel } from './zoo';
export { modelCacheDir, modelFile } from './cache';
export { builderFingerprint, modelStoreEnabled, readStoredModel, recipeKey, storeModel } from './model-store';
export { decodeModel, floatTensorData, inspectModel, readFloatInitializer } from './decode';
export type { ModelSummary } from './decode';
export { convReference } from './conv-reference';
export type { ConvReferenceShape, FloatArray } from './conv-reference';
export { convTransposeOutputSize, convTransposeReference } from './conv-transpose-reference';
export type { ConvTransposeReferenceShape } from './conv-transpose-reference';
export { globalAveragePoolReference, maxPoolReference, poolOutputSize } from './pool-reference';
export { activationReference, preluReference, softmaxReference } from './activation-reference';
export type { PointwiseActivation } from './activation-reference';
export { binaryReference, broadcastShape } from './broadcast-reference';
export type { BinaryOp } from './broadcast-reference';
export { concatReference, depthToSpaceReference } from './layout-reference';
export { gemmReference } from './gemm-reference';
export type { GemmReferenceOptions } from './gemm-reference';
export { maxAbsDifference, runReference } from './graph-reference';
export type { ReferenceFeeds, ReferenceTensor } from './graph-reference';
export { sha256Hex } from './sha256';
export { countFlops } from './flops';
export { FMA_BLOCK, FMA_CHAINS, fmaBlockFloat32, fmaBlockFloat64, measureFmaPeak, simdFmaLoop } from './fma-peak';
export type { FmaPeak } from './fma-peak';
export type { CountedOp, FlopCount } from './flops';
export { buildUNet3d } from './models/unet3d';
export { buildClassifier3d } from './models/classifier3d';
export { buildDetector3d } from './models/detector3d';
export { buildSrgan2d } from './models/srgan2d';
export { buildDnCnn } from './models/dncnn';
export { buildSingleConv } from './models/single-conv';
export type { ArchitectureBuild } from './models/common';
export { ONNX_MODELS_ERROR_CODES, OnnxModelsError } from './errors';
export type { OnnxModelsErrorCode } from './errors';
export * from './defaults';
export type {
  BuiltModel,
  Classifier3dOptions,
  CommonModelOptions,
  Detector3dOptions,
  Dim,
  DnCnnOptions,
  ElemType,
  ModelDescriptor,
  ModelTask,
  SingleConvOptions,
  Srgan2dOptions,
  TensorSpec,
  UNet3dOptions,
  ZooModelName,
  ZooModelOptions,
} from './types';

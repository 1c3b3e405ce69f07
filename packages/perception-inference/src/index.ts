export { createSession, disposeSessions, readModelFile, checkOnnxBytes, describeInputs } from './session';
export { ORT_TELEMETRY_ENV, disableOrtTelemetry } from './ort-env';
export { cudaStatus, resolveExecutionDevice } from './device';
export type { ResolvedDevice } from './device';
export { segmentVolume, defaultPatchSize, fillPatch } from './segment';
export { planWindows, gaussianImportance } from './sliding-window';
export type { WindowPlan } from './sliding-window';
export { intensityTransform } from './normalize';
export type { IntensityTransform } from './normalize';
export { classify, topK, softmaxInPlace } from './classify';
export { detect, heatmapPeaks, boxToPatient } from './detect';
export { iou3d, nms3d } from './nms';
export { volumeInput } from './model-input';
export { wholeVolumeInput } from './whole-volume';
export { benchmarkOnnxModel, userModelCases, parseInputShape, resolveFeeds, makeFeed } from './user-model';
export type { BenchmarkOnnxModelOptions, OnnxModelBenchmark, ResolvedFeed } from './user-model';
export { USER_REFERENCE_MAX_ELEMENTS, userModelReferenceFigure } from './user-model-reference';
export { startVramSampler } from './vram';
export type { VramFigures } from './vram';
export { PERCEPTION_ERROR_CODES, PerceptionError } from './errors';
export type { PerceptionErrorCode } from './errors';
export * from './defaults';
export type {
  Box3,
  ClassificationResult,
  ClassifyOptions,
  DetectOptions,
  Detection,
  DetectionResult,
  DeviceKind,
  DeviceRequest,
  ModelSession,
  Normalization,
  SegmentOptions,
  SegmentationResult,
  SessionOptions,
  StageFn,
} from './types';
export { USER_MODEL_OPTIONS, userModelArgs } from './cli-options';
export { networkThroughputCase } from './network-throughput';
export type { NetworkThroughputSpec, ThroughputState } from './network-throughput';

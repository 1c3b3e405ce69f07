export { openGanModel, GAN_MODELS, toGanError } from './model';
export { superResolve2d, superResolveVolume } from './super-resolution';
export { denoise2d, denoise3d } from './denoise';
export { runGenerator, noStage } from './generate';
export type { GeneratorRun } from './generate';
export { intensityMapping, toModelRange, fromModelRange } from './intensity';
export { DISCLOSURE_SCHEMA, assertDisclosure, buildDisclosure, bytesOf, dtypeOf, normalizeTimestamp, validateDisclosure } from './disclosure';
export type { DisclosureFacts } from './disclosure';
export { upsampledGeometry } from './geometry';
export { downsampleMean, psnr } from './quality';
export { checkInput, checkModel } from './input';
export { GAN_ERROR_CODES, GanError } from './errors';
export type { GanErrorCode } from './errors';
export * from './defaults';
export type {
  Disclosure,
  GanModel,
  GanModelName,
  GanOperation,
  GanProcessing,
  Generated2d,
  GeneratedVolume,
  GenerateOptions,
  Image2d,
  IntensityMapping,
  OpenGanModelOptions,
} from './types';

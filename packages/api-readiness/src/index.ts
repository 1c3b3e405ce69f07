export { buildServer } from './app';
export { pipelineEngine } from './engine';
export type { PipelineEngineOptions } from './engine';
export { parentPipelineEngine, useModelWorker, workerPipelineEngine } from './worker-engine';
export type { WorkerPipelineEngineOptions } from './worker-engine';
export { API_ERROR_CODES, API_ERROR_STATUS, ApiError } from './errors';
export type { ApiErrorCode } from './errors';
export { chooseAnswerFormat, isSegmentBodyType, mediaType, SEGMENT_ANSWER_TYPES } from './negotiate';
export { resolveServerOptions } from './options';
export { problemOf, problemType, toApiError } from './problem';
export { InFlightGate, Readiness } from './readiness';
export {
  HEALTH_ROUTE_SCHEMA,
  PROBLEM_SCHEMA,
  READY_ROUTE_SCHEMA,
  SEGMENT_ROUTE_SCHEMA,
  VERSION_ROUTE_SCHEMA,
} from './schemas';
export { labelSummary } from './summary';
export { parseServerArgs, SERVER_HELP } from './server-args';
export type { ServerArgs } from './server-args';
export { serve } from './serve';
export type { ServeIo, ServerEvent } from './serve';
export { PACKAGE_NAME, PACKAGE_VERSION } from './version';
// The client side (spawn, HTTP, load, memory, defaults) is its own module, which benches import alone.
export * from './client';
export type {
  LabelSummary,
  LoadTrigger,
  ModelFacts,
  ProblemDocument,
  ResolvedServerOptions,
  ReadinessState,
  SegmentAnswerFormat,
  SegmentEngine,
  SegmentOutcome,
  SegmentSummary,
  ServerOptions,
} from './types';

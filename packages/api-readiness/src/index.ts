export { buildServer } from './app';
export { pipelineEngine } from './engine';
export type { PipelineEngineOptions } from './engine';
export { parentPipelineEngine, useModelWorker, workerPipelineEngine } from './worker-engine';
export type { WorkerPipelineEngineOptions } from './worker-engine';
export { API_ERROR_CODES, API_ERROR_STATUS, ApiError } from './errors';
export type { ApiErrorCode } from './errors';
export * from './defaults';
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
export { packageRoot, serverEntry, startServerProcess } from './spawn';
export type { ServerEntry, ServerProcess, StartServerOptions } from './spawn';
export { httpRequest, jsonOf } from './http-client';
export type { HttpAnswer, HttpRequestOptions } from './http-client';
export { runLoad } from './load';
export type { LoadOptions, LoadResult } from './load';
export { processMemory, statusKb } from './proc-status';
export type { ProcessMemory } from './proc-status';
export { PACKAGE_NAME, PACKAGE_VERSION } from './version';
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

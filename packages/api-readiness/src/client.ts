/**
 * The client side of the package: start the server as a process, talk HTTP to it, put load
 * on it and read its memory. What the benches and tests import; it loads none of the server
 * (Fastify, the pipeline, onnxruntime), so a bench process pays only for what it uses.
 */
export * from './defaults';
export { packageRoot, serverEntry, startServerProcess } from './spawn';
export type { ServerEntry, ServerProcess, StartServerOptions } from './spawn';
export { httpRequest, jsonOf } from './http-client';
export type { HttpAnswer, HttpRequestOptions } from './http-client';
export { runLoad } from './load';
export type { LoadOptions, LoadResult } from './load';
export { processMemory, statusKb } from './proc-status';
export type { ProcessMemory } from './proc-status';
export type { SegmentSummary } from './types';

/**
 * Worker-thread side of {@link workerPipelineEngine} (worker-engine.ts): loads the e2e
 * pipeline's model (onnxruntime session) in this thread, then runs `runPipeline` for every
 * `segment` message, with the same options as the in-process engine (engine.ts). The work is
 * model-host.ts's (the same code the server's main thread runs when Fastify is in a worker).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hostModel } from './model-host';
import type { WorkerInit } from './worker-protocol';

await hostModel(parentPort!, (workerData as WorkerInit).threads);

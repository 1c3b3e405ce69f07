#!/usr/bin/env node
/**
 * The server process: `node dist/server.js --port 0` prints
 * {"event":"listening","url":"http://127.0.0.1:PORT",...} on stdout, then serves until
 * SIGTERM drains it. All the work is in serve.ts.
 *
 * NOTE (issue #17, time to ready): the model starts loading in a worker thread
 * (worker-engine.ts) before serve.ts, and with it Fastify, is imported, so the two run on
 * two cores at once. Arguments are parsed here only to know the thread count; serve()
 * parses them again and reports any usage error (then no worker is started).
 * `RHENIUM_API_MODEL_WORKER=0` keeps the model on the main thread (the in-process engine,
 * loaded after listening), e.g. to compare the two on one build: on a saturated machine
 * (no idle core) the worker costs ~100 ms more CPU and gains nothing.
 */
import { DEFAULT_MODEL_THREADS } from './defaults';
import { parseServerArgs } from './server-args';
import type { SegmentEngine } from './types';
import { workerPipelineEngine } from './worker-engine';

const argv = process.argv.slice(2);
let engine: SegmentEngine | undefined;
try {
  const args = parseServerArgs(argv);
  if (!args.help && process.env.RHENIUM_API_MODEL_WORKER !== '0') {
    engine = workerPipelineEngine({ threads: args.server.modelThreads ?? DEFAULT_MODEL_THREADS });
    // Readiness.load() (after listen) gets this same promise; a failure is reported there.
    engine.load().catch(() => undefined);
  }
} catch {
  // serve() parses the arguments again and reports the error.
}
const { serve } = await import('./serve');
const code = await serve(argv, { stdout: process.stdout, stderr: process.stderr, ...(engine ? { engine } : {}) });
// NOTE: exit explicitly: onnxruntime's thread pool may keep the event loop alive after close.
process.exit(code);

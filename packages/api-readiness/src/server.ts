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
 * It is used on a machine with a second core (see `useModelWorker`; not by the load of the
 * minute, which would make time to ready bimodal). On a saturated machine it gains nothing
 * and costs ~100 ms more CPU (a second isolate loading the pipeline's modules).
 * `RHENIUM_API_MODEL_WORKER=1` always uses it, `=0` never (the in-process engine, loaded
 * after listening, as before).
 */
import { DEFAULT_MODEL_THREADS } from './defaults';
import { parseServerArgs } from './server-args';
import type { SegmentEngine } from './types';
import { useModelWorker, workerPipelineEngine } from './worker-engine';

const argv = process.argv.slice(2);
let engine: SegmentEngine | undefined;
try {
  const args = parseServerArgs(argv);
  if (!args.help && useModelWorker()) {
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

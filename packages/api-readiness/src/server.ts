#!/usr/bin/env node
/**
 * The server process: `node dist/server.js --port 0` prints
 * {"event":"listening","url":"http://127.0.0.1:PORT",...} on stdout, then serves until
 * SIGTERM drains it. All the HTTP work is in serve.ts.
 *
 * NOTE (issue #17, time to ready): on a machine with a second core (`useModelWorker`; not by
 * the load of the minute, which would make time to ready bimodal) Fastify runs in a worker
 * thread (http-worker.ts), started from the first lines here, and this main thread creates
 * the onnxruntime session at once (model-host.ts: import the pipeline and onnxruntime, load
 * the model), then runs the segmentations the worker posts. The session is the longest part of
 * start-up and the one closest to the process's start, where no worker has to boot first;
 * Fastify's import and route building run beside it on the other core. Signals reach only this
 * thread: SIGTERM/SIGINT are passed to the worker, whose serve() drains; its exit code is the
 * process's. Arguments are parsed here to know the thread count; a usage error or --help is
 * left to serve() on this thread (no worker, no model).
 * `RHENIUM_API_MODEL_WORKER=0` (or one core) keeps everything on this thread: serve() with the
 * in-process engine, the model loaded after listening. `=1` always uses the two threads.
 */
import { Worker } from 'node:worker_threads';
import { DEFAULT_MODEL_THREADS } from './defaults';
import { hostModel } from './model-host';
import { parseServerArgs } from './server-args';
import { useModelWorker, workerScript } from './worker-engine';

const argv = process.argv.slice(2);
let threads: number | null = null;
try {
  const args = parseServerArgs(argv);
  if (!args.help && useModelWorker()) threads = args.server.modelThreads ?? DEFAULT_MODEL_THREADS;
} catch {
  // serve() parses the arguments again and reports the error.
}

if (threads !== null) {
  const script = workerScript('http-worker');
  const http = new Worker(script.file, { eval: script.eval, execArgv: script.execArgv, workerData: { argv, timeOrigin: performance.timeOrigin } });
  const exit = (code: number): void => void process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => http.postMessage({ type: 'signal', signal }));
  http.on('error', (e) => {
    process.stderr.write(`rhenium-api-server: ${e.message.replace(/\s+/g, ' ').trim()}\n`);
    exit(1);
  });
  http.on('exit', (code) => exit(code));
  await hostModel(http, threads);
} else {
  const { serve } = await import('./serve');
  const code = await serve(argv, { stdout: process.stdout, stderr: process.stderr });
  // NOTE: exit explicitly: onnxruntime's thread pool may keep the event loop alive after close.
  process.exit(code);
}

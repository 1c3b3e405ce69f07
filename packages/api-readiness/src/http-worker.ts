/**
 * The server's HTTP side in a worker thread (server.ts, issue #17 time to ready): Fastify is
 * imported, its routes built and the socket listening here, while the main thread creates the
 * onnxruntime session from its first lines (model-host.ts). Requests that segment are posted to
 * the main thread (`parentPipelineEngine`), which runs `runPipeline` with the same options as
 * the in-process engine: the answers are the same.
 *
 * workerData: `{ argv }` (the process's arguments, checked by the main thread already).
 * Messages from the main thread: model-host.ts's (`ready`, `done`, ...) and
 * `{ type: 'signal', signal }` for SIGTERM/SIGINT, which only the main thread receives.
 * The worker ends with serve()'s exit code, which the main thread exits with.
 */
import { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { serve } from './serve';
import { parentPipelineEngine } from './worker-engine';

const port = parentPort!;
const { argv, timeOrigin } = workerData as { argv: string[]; timeOrigin: number };
const engine = parentPipelineEngine(port);
// Listening on the port at once: the model's `ready` may come before the server listens.
engine.load().catch(() => undefined);
const signals = new EventEmitter();
port.on('message', (m: { type?: string; signal?: string }) => {
  if (m.type === 'signal' && m.signal) signals.emit(m.signal);
});
const code = await serve(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  signals,
  engine,
  // startupMs counts from the process's start, as on the main thread.
  now: () => performance.timeOrigin + performance.now() - timeOrigin,
});
// Once what it printed is handed to the main thread.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));

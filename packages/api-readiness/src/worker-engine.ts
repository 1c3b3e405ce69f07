/**
 * The e2e pipeline engine in another thread: `workerPipelineEngine` (the model in a worker
 * thread it starts) and `parentPipelineEngine` (the model held by the thread that started
 * this one: the server process's layout with two cores, server.ts and http-worker.ts; the
 * model side is model-host.ts in both).
 *
 * NOTE (issue #17, API time to ready): loading the model (importing the pipeline and
 * onnxruntime, creating the session) and starting the HTTP server (importing Fastify,
 * compiling the routes) each take a few hundred ms of CPU. On one thread they ran one after
 * the other, so time to ready was their sum; on two threads it is about the longer of the two.
 * Requests run `runPipeline` in the model's thread, with the same session options and inputs
 * as the in-process engine (engine.ts), so answers are the same; Fastify's thread stays free
 * for `/health` and `/ready` while a volume is segmented. (The server first ran the model in a
 * worker started before Fastify was imported; with the model on the main thread instead, no
 * worker has to boot before the session, and time to ready was 0.84-0.92x: README, "Start-up".)
 *
 * `load()` may be called before the server listens (server.ts and http-worker.ts do); it
 * opens the channel once and every call returns the same promise. `/ready` turns 200 only
 * when the model's thread reports the session created.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { Volume } from '@rhenium-perf/fixtures';
import { ApiError } from './errors';
import type { ModelFacts, SegmentCallOptions, SegmentEngine, SegmentOutcome } from './types';
import type { WorkerError, WorkerIn, WorkerInit, WorkerOut } from './worker-protocol';

/** Options of {@link workerPipelineEngine}. */
export interface WorkerPipelineEngineOptions {
  /** onnxruntime intra-op threads of the worker's session. */
  threads: number;
}

/**
 * Whether the server process uses two threads (server.ts: Fastify in a worker thread, the model
 * created on the main thread from its first lines): `RHENIUM_API_MODEL_WORKER` `1` yes, `0` no
 * (everything on the main thread, the model loaded after listening); otherwise yes when the
 * machine has a second core for it.
 * NOTE: not decided by the load average (an earlier version was): a server whose start-up
 * path depends on the load of the minute makes its time to ready bimodal, and the A/B gate
 * and the history would see the load, not the code. On a saturated machine the second thread
 * costs CPU and gains nothing; set `=0` there.
 * @example useModelWorker({ RHENIUM_API_MODEL_WORKER: '1' }) // true
 */
export function useModelWorker(env: NodeJS.ProcessEnv = process.env, cores: number = os.availableParallelism()): boolean {
  const v = env.RHENIUM_API_MODEL_WORKER;
  if (v === '1') return true;
  if (v === '0') return false;
  return cores >= 2;
}

/**
 * A worker script of the package: dist/<name>.js from a build, src/<name>.ts (through tsx) from
 * the sources. `engine-worker` (the model worker) or `http-worker` (Fastify, server.ts).
 */
export function workerScript(name: 'engine-worker' | 'http-worker' = 'engine-worker'): { file: string | URL; eval: boolean; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // NOTE: hooks registered by the parent's --import do not reach worker threads on Node 20:
    // a small bootstrap registers tsx's ESM hooks inside the worker, then imports the entry.
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const entry = new URL(`./${name}.ts`, import.meta.url).href;
    const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return { file: code, eval: true, execArgv: ['--conditions=@rhenium-perf/source'] };
  }
  return { file: new URL(`./${name}.js`, import.meta.url), eval: false, execArgv: [] };
}

/** The error a worker reported, mapped like the in-process engine maps the pipeline's. */
function errorFrom(e: WorkerError): Error {
  if (e.code === 'RPERF_E2E_INPUT_DIMENSIONS' || e.code === 'RPERF_E2E_INPUT_INVALID') return new ApiError('RPERF_API_UNSUPPORTED_VOLUME', `${e.code}: ${e.message}`);
  if (e.code === 'RPERF_E2E_ABORTED') return new ApiError('RPERF_API_CLIENT_CLOSED', `${e.code}: ${e.message}`);
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code ? { code: e.code } : {}) });
}

/** The link between an engine and the thread that holds the model (model-host.ts on its other end). */
interface ModelChannel {
  postMessage(m: WorkerIn): void;
  /** Every message from the model's thread. */
  onMessage(listener: (m: WorkerOut) => void): void;
  /** The model's thread is gone or failed. */
  onFailure(listener: (e: Error) => void): void;
  /** Stop the model's thread (when this side owns it). */
  close(): Promise<void>;
}

/**
 * A {@link SegmentEngine} whose model lives in another thread (model-host.ts): `load()` opens
 * the channel once and resolves with the facts of its `ready` message; `segment()` posts the
 * volume and resolves with the `done` answer, with errors mapped like the in-process engine's.
 */
function remotePipelineEngine(open: () => ModelChannel): SegmentEngine & { close(): Promise<void> } {
  let channel: ModelChannel | null = null;
  let loading: Promise<ModelFacts> | null = null;
  let dead: Error | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (o: SegmentOutcome) => void; reject: (e: Error) => void }>();

  const failAll = (err: Error): void => {
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  return {
    name: 'e2e-core-model',
    load(): Promise<ModelFacts> {
      if (loading) return loading;
      loading = new Promise<ModelFacts>((resolve, reject) => {
        const c = open();
        channel = c;
        c.onMessage((m: WorkerOut) => {
          if (m.type === 'ready') resolve(m.facts);
          else if (m.type === 'load_failed') {
            const err = errorFrom(m.error);
            failAll(err);
            reject(err);
            void c.close();
          } else if (m.type === 'done' || m.type === 'error') {
            const p = pending.get(m.id);
            if (!p) return;
            pending.delete(m.id);
            if (m.type === 'done') p.resolve({ labelMap: m.labelMap, dossier: m.dossier, stagesMs: m.stagesMs });
            else p.reject(errorFrom(m.error));
          }
        });
        c.onFailure((e) => {
          failAll(e);
          reject(e);
        });
      });
      return loading;
    },
    async segment(volume: Volume, call: SegmentCallOptions = {}): Promise<SegmentOutcome> {
      if (!channel || !loading) throw new ApiError('RPERF_API_NOT_READY', 'segment() was called before load() finished: the model is not loaded');
      await loading;
      if (dead) throw dead;
      const c = channel;
      const id = nextId++;
      return new Promise<SegmentOutcome>((resolve, reject) => {
        const onAbort = (): void => c.postMessage({ type: 'abort', id, reason: String(call.signal?.reason ?? 'signal aborted') } satisfies WorkerIn);
        const done = (): void => call.signal?.removeEventListener('abort', onAbort);
        pending.set(id, {
          resolve: (o) => (done(), resolve(o)),
          reject: (e) => (done(), reject(e)),
        });
        const aborted = call.signal?.aborted ? { abortedBecause: String(call.signal.reason ?? 'signal aborted') } : {};
        c.postMessage({ type: 'segment', id, volume, ...(call.maxVoxels ? { maxVoxels: call.maxVoxels } : {}), ...aborted } satisfies WorkerIn);
        if (!call.signal?.aborted) call.signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async close(): Promise<void> {
      const c = channel;
      channel = null;
      failAll(new ApiError('RPERF_API_NOT_READY', 'the engine was closed'));
      if (c) await c.close();
    },
  };
}

/**
 * The e2e pipeline in a worker thread, as a {@link SegmentEngine} with a `close()`.
 * @example const engine = workerPipelineEngine({ threads: 1 }); void engine.load(); // then serve(argv, { ...io, engine })
 */
export function workerPipelineEngine(options: WorkerPipelineEngineOptions): SegmentEngine & { close(): Promise<void> } {
  return remotePipelineEngine(() => {
    const script = workerScript();
    const init: WorkerInit = { threads: options.threads };
    const w = new Worker(script.file, { eval: script.eval, workerData: init, execArgv: script.execArgv });
    // The worker never keeps the process alive by itself (the server's socket does).
    w.unref();
    return {
      postMessage: (m) => w.postMessage(m),
      onMessage: (l) => void w.on('message', l),
      onFailure: (l) => {
        w.on('error', l);
        w.on('exit', (code) => l(new Error(`the model worker exited (code ${code})`)));
      },
      close: async () => void (await w.terminate()),
    };
  });
}

/**
 * The e2e pipeline held by the PARENT thread (server.ts's main thread, model-host.ts), as seen
 * from the worker that runs Fastify (http-worker.ts): the same engine over `port`. `load()`
 * resolves when the parent reports the session created.
 */
export function parentPipelineEngine(port: MessagePort): SegmentEngine & { close(): Promise<void> } {
  return remotePipelineEngine(() => ({
    postMessage: (m) => port.postMessage(m),
    onMessage: (l) => void port.on('message', (m: WorkerOut | { type: string }) => l(m as WorkerOut)),
    onFailure: (l) => void port.on('close', () => l(new Error('the model thread closed its port'))),
    close: async () => undefined,
  }));
}

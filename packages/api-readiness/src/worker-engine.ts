/**
 * The e2e pipeline engine in a worker thread: the server process's default (server.ts).
 *
 * NOTE (issue #17, API time to ready): loading the model (importing the pipeline and
 * onnxruntime, creating the session) and starting the HTTP server (importing Fastify,
 * compiling the routes) each take a few hundred ms of CPU. On the main thread they ran one
 * after the other, so time to ready was their sum. The worker starts before Fastify is
 * imported and loads the model on the other core meanwhile: time to ready is about the
 * longer of the two. Requests then run `runPipeline` in the worker, with the same session
 * options and inputs as the in-process engine (engine.ts), so answers are the same; the main
 * thread stays free for `/health` and `/ready` while a volume is segmented.
 *
 * `load()` may be called before the server listens (server.ts does); it starts the worker
 * once and every call returns the same promise. `/ready` turns 200 only when the worker
 * reports the session created.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
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
 * Whether the server process loads its model in a worker: `RHENIUM_API_MODEL_WORKER` `1`
 * yes, `0` no; otherwise yes when the machine has a second core for it.
 * NOTE: not decided by the load average (an earlier version was): a server whose start-up
 * path depends on the load of the minute makes its time to ready bimodal, and the A/B gate
 * and the history would see the load, not the code. On a saturated machine the worker costs
 * ~100 ms of CPU more and gains nothing; set `=0` there.
 * @example useModelWorker({ RHENIUM_API_MODEL_WORKER: '1' }) // true
 */
export function useModelWorker(env: NodeJS.ProcessEnv = process.env, cores: number = os.availableParallelism()): boolean {
  const v = env.RHENIUM_API_MODEL_WORKER;
  if (v === '1') return true;
  if (v === '0') return false;
  return cores >= 2;
}

/** The worker script: dist/engine-worker.js from a build, src/engine-worker.ts (through tsx) from the sources. */
function workerScript(): { file: string | URL; eval: boolean; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // NOTE: hooks registered by the parent's --import do not reach worker threads on Node 20:
    // a small bootstrap registers tsx's ESM hooks inside the worker, then imports the entry.
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const entry = new URL('./engine-worker.ts', import.meta.url).href;
    const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return { file: code, eval: true, execArgv: ['--conditions=@rhenium-perf/source'] };
  }
  return { file: new URL('./engine-worker.js', import.meta.url), eval: false, execArgv: [] };
}

/** The error a worker reported, mapped like the in-process engine maps the pipeline's. */
function errorFrom(e: WorkerError): Error {
  if (e.code === 'RPERF_E2E_INPUT_DIMENSIONS' || e.code === 'RPERF_E2E_INPUT_INVALID') return new ApiError('RPERF_API_UNSUPPORTED_VOLUME', `${e.code}: ${e.message}`);
  if (e.code === 'RPERF_E2E_ABORTED') return new ApiError('RPERF_API_CLIENT_CLOSED', `${e.code}: ${e.message}`);
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code ? { code: e.code } : {}) });
}

/**
 * The e2e pipeline in a worker thread, as a {@link SegmentEngine} with a `close()`.
 * @example const engine = workerPipelineEngine({ threads: 1 }); void engine.load(); // then serve(argv, { ...io, engine })
 */
export function workerPipelineEngine(options: WorkerPipelineEngineOptions): SegmentEngine & { close(): Promise<void> } {
  let worker: Worker | null = null;
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
        const script = workerScript();
        const init: WorkerInit = { threads: options.threads };
        const w = new Worker(script.file, { eval: script.eval, workerData: init, execArgv: script.execArgv });
        worker = w;
        // The worker never keeps the process alive by itself (the server's socket does).
        w.unref();
        w.on('message', (m: WorkerOut) => {
          if (m.type === 'ready') resolve(m.facts);
          else if (m.type === 'load_failed') {
            const err = errorFrom(m.error);
            failAll(err);
            reject(err);
            void w.terminate();
          } else {
            const p = pending.get(m.id);
            if (!p) return;
            pending.delete(m.id);
            if (m.type === 'done') p.resolve({ labelMap: m.labelMap, dossier: m.dossier, stagesMs: m.stagesMs });
            else p.reject(errorFrom(m.error));
          }
        });
        w.on('error', (e) => {
          failAll(e);
          reject(e);
        });
        w.on('exit', (code) => {
          const err = new Error(`the model worker exited (code ${code})`);
          failAll(err);
          reject(err);
        });
      });
      return loading;
    },
    async segment(volume: Volume, call: SegmentCallOptions = {}): Promise<SegmentOutcome> {
      if (!worker || !loading) throw new ApiError('RPERF_API_NOT_READY', 'segment() was called before load() finished: the model is not loaded');
      await loading;
      if (dead) throw dead;
      const w = worker;
      const id = nextId++;
      return new Promise<SegmentOutcome>((resolve, reject) => {
        const onAbort = (): void => w.postMessage({ type: 'abort', id, reason: String(call.signal?.reason ?? 'signal aborted') } satisfies WorkerIn);
        const done = (): void => call.signal?.removeEventListener('abort', onAbort);
        pending.set(id, {
          resolve: (o) => (done(), resolve(o)),
          reject: (e) => (done(), reject(e)),
        });
        const aborted = call.signal?.aborted ? { abortedBecause: String(call.signal.reason ?? 'signal aborted') } : {};
        w.postMessage({ type: 'segment', id, volume, ...(call.maxVoxels ? { maxVoxels: call.maxVoxels } : {}), ...aborted } satisfies WorkerIn);
        if (!call.signal?.aborted) call.signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async close(): Promise<void> {
      const w = worker;
      worker = null;
      failAll(new ApiError('RPERF_API_NOT_READY', 'the engine was closed'));
      if (w) await w.terminate();
    },
  };
}

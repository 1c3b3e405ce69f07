/**
 * A small pool of pipeline workers (worker threads) for the concurrency benchmark: N
 * pipelines at once, each worker with its own onnxruntime session on one intra-op thread.
 *
 * The worker script is src/pipeline-worker.ts when running from the sources (loaded with tsx
 * and the source condition, as the tests and `npm run perf` do) and dist/pipeline-worker.js
 * from a build.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VolumeModality } from '@rhenium-perf/fixtures';
import { packageRoot } from '@rhenium-perf/harness';
import { PipelineError } from './errors';

/** A started worker. */
export interface PipelineWorker {
  /** Run `runs` pipelines one after another in the worker; resolves with each latency (ms). */
  run(runs: number): Promise<number[]>;
  terminate(): Promise<void>;
}

function workerScript(): { file: string | URL; eval: boolean; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // NOTE: from the sources, a small bootstrap registers tsx's ESM hooks inside the worker
    // (hooks registered by the parent's --import do not reach worker threads on Node 20),
    // then imports the TypeScript entry; workspace packages resolve to their sources.
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const entry = pathToFileURL(join(dirname(here), 'pipeline-worker.ts')).href;
    const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return { file: code, eval: true, execArgv: ['--conditions=@rhenium-perf/source'] };
  }
  const dir = packageRoot(import.meta.url, '@rhenium-perf/e2e-core-model');
  if (dir !== null) return { file: join(dir, 'dist', 'pipeline-worker.js'), eval: false, execArgv: [] };
  throw new PipelineError('RPERF_E2E_INVALID_OPTIONS', 'options', here, 'cannot find dist/pipeline-worker.js of @rhenium-perf/e2e-core-model; rebuild the package');
}

/**
 * Start a worker that loads the model and builds a synthetic volume of `shape`.
 * @example const w = await startPipelineWorker('MRI', [16, 32, 32], '/tmp/out'); await w.run(4)
 */
export async function startPipelineWorker(modality: VolumeModality, shape: [number, number, number], outDir: string): Promise<PipelineWorker> {
  const script = workerScript();
  const worker = new Worker(script.file, { eval: script.eval, workerData: { modality, shape, outDir }, execArgv: script.execArgv });
  const next = (): Promise<{ ready?: boolean; latenciesMs?: number[]; error?: string }> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean; latenciesMs?: number[]; error?: string }): void => {
        cleanup();
        resolve(m);
      };
      const onError = (e: Error): void => {
        cleanup();
        reject(e);
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new Error(`pipeline worker exited with code ${code}`));
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  const ready = await next();
  if (!ready.ready) throw new Error(`pipeline worker did not start: ${ready.error ?? 'unexpected message'}`);
  return {
    run: async (runs) => {
      const reply = next();
      worker.postMessage({ runs });
      const m = await reply;
      if (m.error) throw new Error(`pipeline worker failed: ${m.error}`);
      return m.latenciesMs!;
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}

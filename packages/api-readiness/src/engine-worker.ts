/**
 * Worker-thread side of {@link workerPipelineEngine} (worker-engine.ts): loads the e2e
 * pipeline's model (onnxruntime session) in this thread, then runs `runPipeline` for every
 * `segment` message, with the same options as the in-process engine (engine.ts).
 *
 * Messages in: `{ type: 'segment', id, volume, maxVoxels? }`, `{ type: 'abort', id, reason }`.
 * Messages out: `{ type: 'ready', facts }` or `{ type: 'load_failed', error }` once, then
 * `{ type: 'done', id, labelMap, dossier, stagesMs }` or `{ type: 'error', id, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Volume } from '@rhenium-perf/fixtures';
import type { WorkerError, WorkerIn, WorkerInit, WorkerOut } from './worker-protocol';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: WorkerOut): void => port.postMessage(m);
const errorOf = (e: unknown): WorkerError => {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
};

try {
  const mod = await import('@rhenium-perf/e2e-core-model');
  const model = await mod.loadPipelineModel({ device: 'cpu', intraOpThreads: init.threads });
  const running = new Map<number, AbortController>();
  port.on('message', (m: WorkerIn) => {
    if (m.type === 'abort') {
      running.get(m.id)?.abort(m.reason);
      return;
    }
    const ac = new AbortController();
    if (m.abortedBecause !== undefined) ac.abort(m.abortedBecause);
    running.set(m.id, ac);
    void mod
      .runPipeline({ kind: 'volume', volume: m.volume as Volume, name: 'request body' }, { model, signal: ac.signal, ...(m.maxVoxels ? { maxVoxels: m.maxVoxels } : {}) })
      .then(
        (r) => {
          const out: WorkerOut = { type: 'done', id: m.id, labelMap: r.labelMap, dossier: r.dossier as unknown as Record<string, unknown>, stagesMs: r.stagesMs as Record<string, number> };
          // The label map's buffer is moved, not copied, when it is its own.
          const buf = r.labelMap.data.buffer;
          const own = buf instanceof ArrayBuffer && r.labelMap.data.byteOffset === 0 && r.labelMap.data.byteLength === buf.byteLength;
          port.postMessage(out, own ? [buf] : []);
        },
        (e: unknown) => post({ type: 'error', id: m.id, error: errorOf(e) }),
      )
      .finally(() => running.delete(m.id));
  });
  post({ type: 'ready', facts: { name: model.name, sha256: model.sha256, device: model.session.device, threads: model.session.intraOpThreads } });
} catch (e) {
  post({ type: 'load_failed', error: errorOf(e) });
}

/**
 * The model side of a two-thread server: loads the e2e pipeline's model (onnxruntime session)
 * in THIS thread, then runs `runPipeline` for every `segment` message of `port`, with the same
 * options as the in-process engine (engine.ts). Used by the model worker (engine-worker.ts,
 * port = its parentPort) and by the server's main thread when Fastify runs in a worker
 * (server.ts, port = that Worker; see http-worker.ts).
 *
 * Messages in: `{ type: 'segment', id, volume, maxVoxels? }`, `{ type: 'abort', id, reason }`.
 * Messages out: `{ type: 'ready', facts }` or `{ type: 'load_failed', error }` once, then
 * `{ type: 'done', id, labelMap, dossier, stagesMs }` or `{ type: 'error', id, error }`.
 */
import type { TransferListItem } from 'node:worker_threads';
import type { Volume } from '@rhenium-perf/fixtures';
import type { WorkerError, WorkerIn, WorkerOut } from './worker-protocol';

/** What the host needs of a port: a MessagePort (parentPort) or a Worker. */
export interface ModelHostPort {
  postMessage(message: WorkerOut, transfer?: readonly TransferListItem[]): void;
  on(event: 'message', listener: (m: WorkerIn) => void): unknown;
}

/** An error as it crosses the thread boundary (its class does not). */
export function workerErrorOf(e: unknown): WorkerError {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
}

/**
 * Load the model with `threads` intra-op threads, report `ready` (or `load_failed`) on `port`,
 * then serve its `segment` and `abort` messages. Resolves once the model is loaded (or failed).
 * NOTE: the message listener is added once the model is loaded; the other side sends work
 * only after `ready`.
 */
export async function hostModel(port: ModelHostPort, threads: number): Promise<void> {
  const post = (m: WorkerOut): void => port.postMessage(m);
  try {
    const mod = await import('@rhenium-perf/e2e-core-model');
    const model = await mod.loadPipelineModel({ device: 'cpu', intraOpThreads: threads });
    const running = new Map<number, AbortController>();
    port.on('message', (m: WorkerIn) => {
      if (m.type === 'abort') {
        running.get(m.id)?.abort(m.reason);
        return;
      }
      if (m.type !== 'segment') return;
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
          (e: unknown) => post({ type: 'error', id: m.id, error: workerErrorOf(e) }),
        )
        .finally(() => running.delete(m.id));
    });
    post({ type: 'ready', facts: { name: model.name, sha256: model.sha256, device: model.session.device, threads: model.session.intraOpThreads } });
  } catch (e) {
    post({ type: 'load_failed', error: workerErrorOf(e) });
  }
}

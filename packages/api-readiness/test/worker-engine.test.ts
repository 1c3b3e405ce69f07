/**
 * The server process's engines (worker-engine.ts): the e2e pipeline in a worker thread gives
 * the same answers as the in-process engine, maps the pipeline's errors the same way, and is
 * not usable before load() or after close(); so does the model held by another thread's
 * model-host.ts as Fastify's worker sees it (`parentPipelineEngine`, the server's layout with
 * two cores: server.ts, http-worker.ts), here over a MessageChannel.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { ApiError } from '../src/errors';
import { pipelineEngine } from '../src/engine';
import type { SegmentEngine } from '../src/types';
import { hostModel } from '../src/model-host';
import { parentPipelineEngine, useModelWorker, workerPipelineEngine } from '../src/worker-engine';

const volume = syntheticVolume('CT', 'tiny').image;
/** The dossier without what differs between two runs (its id and creation time, timings). */
const stable = (d: Readonly<Record<string, unknown>>): unknown =>
  JSON.parse(JSON.stringify(d, (k, v: unknown) => (/^(id|created_at|createdAt)$|_ms$|Ms$/.test(k) ? undefined : v)));

describe('workerPipelineEngine', () => {
  let worker: ReturnType<typeof workerPipelineEngine>;
  let local: SegmentEngine;
  beforeAll(async () => {
    worker = workerPipelineEngine({ threads: 1 });
    local = pipelineEngine({ threads: 1 });
    await Promise.all([worker.load(), local.load()]);
  }, 120_000);
  afterAll(async () => {
    await worker.close();
  });

  it('load() reports the same model as the in-process engine, and returns one promise', async () => {
    const [a, b] = await Promise.all([worker.load(), local.load()]);
    expect(a).toEqual(b);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(worker.load()).toBe(worker.load());
  });

  it('segments like the in-process engine: the same label map, stages and dossier', async () => {
    const [w, l] = await Promise.all([worker.segment(volume, { maxVoxels: 1 << 20 }), local.segment(volume, { maxVoxels: 1 << 20 })]);
    expect(w.labelMap.shape).toEqual(volume.shape);
    expect(Buffer.from(w.labelMap.data.buffer, w.labelMap.data.byteOffset, w.labelMap.data.byteLength).equals(Buffer.from(l.labelMap.data.buffer, l.labelMap.data.byteOffset, l.labelMap.data.byteLength))).toBe(true);
    expect(w.labelMap.affine).toEqual(l.labelMap.affine);
    expect(Object.keys(w.stagesMs).sort()).toEqual(Object.keys(l.stagesMs).sort());
    expect(stable(w.dossier)).toEqual(stable(l.dossier));
  });

  it('maps the pipeline errors: too many voxels is RPERF_API_UNSUPPORTED_VOLUME, an aborted call RPERF_API_CLIENT_CLOSED', async () => {
    const tooBig = await worker.segment(volume, { maxVoxels: 10 }).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(ApiError);
    expect((tooBig as ApiError).code).toBe('RPERF_API_UNSUPPORTED_VOLUME');
    const ac = new AbortController();
    ac.abort('client went away');
    const aborted = await worker.segment(volume, { signal: ac.signal }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(ApiError);
    expect((aborted as ApiError).code).toBe('RPERF_API_CLIENT_CLOSED');
    expect((aborted as ApiError).message).toMatch(/RPERF_E2E_ABORTED/);
  });

  it('is not ready before load() and refuses work after close()', async () => {
    const fresh = workerPipelineEngine({ threads: 1 });
    const early = await fresh.segment(volume).catch((e: unknown) => e);
    expect((early as ApiError).code).toBe('RPERF_API_NOT_READY');
    await fresh.close();
    const other = workerPipelineEngine({ threads: 1 });
    const loading = other.load();
    await other.close();
    await expect(loading).rejects.toThrow(/closed|exited/);
  });
});

describe('parentPipelineEngine (the model held by the other end of a port, model-host.ts)', () => {
  it('reports the same model and segments like the in-process engine, errors mapped alike', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const remote = parentPipelineEngine(port1);
      const loading = remote.load();
      const local = pipelineEngine({ threads: 1 });
      const [, a, b] = await Promise.all([hostModel(port2, 1), loading, local.load()]);
      expect(a).toEqual(b);
      const [r, l] = await Promise.all([remote.segment(volume, { maxVoxels: 1 << 20 }), local.segment(volume, { maxVoxels: 1 << 20 })]);
      expect(Buffer.from(r.labelMap.data.buffer, r.labelMap.data.byteOffset, r.labelMap.data.byteLength).equals(Buffer.from(l.labelMap.data.buffer, l.labelMap.data.byteOffset, l.labelMap.data.byteLength))).toBe(true);
      expect(r.labelMap.affine).toEqual(l.labelMap.affine);
      expect(stable(r.dossier)).toEqual(stable(l.dossier));
      const tooBig = await remote.segment(volume, { maxVoxels: 10 }).catch((e: unknown) => e);
      expect((tooBig as ApiError).code).toBe('RPERF_API_UNSUPPORTED_VOLUME');
      const ac = new AbortController();
      ac.abort('client went away');
      const aborted = await remote.segment(volume, { signal: ac.signal }).catch((e: unknown) => e);
      expect((aborted as ApiError).code).toBe('RPERF_API_CLIENT_CLOSED');
    } finally {
      port1.close();
    }
  }, 120_000);

  it('is not ready before load(), and fails its calls once the port closes', async () => {
    const { port1, port2 } = new MessageChannel();
    const remote = parentPipelineEngine(port1);
    expect(((await remote.segment(volume).catch((e: unknown) => e)) as ApiError).code).toBe('RPERF_API_NOT_READY');
    const loading = remote.load();
    port2.close();
    await expect(loading).rejects.toThrow(/closed its port/);
  });
});

describe('useModelWorker', () => {
  it('follows RHENIUM_API_MODEL_WORKER, else uses the worker when there is a second core (never the load of the minute)', () => {
    expect(useModelWorker({ RHENIUM_API_MODEL_WORKER: '1' }, 1)).toBe(true);
    expect(useModelWorker({ RHENIUM_API_MODEL_WORKER: '0' }, 8)).toBe(false);
    expect(useModelWorker({}, 2)).toBe(true);
    expect(useModelWorker({}, 1)).toBe(false);
  });
});

describe('the server process and RHENIUM_API_MODEL_WORKER', () => {
  it('=0 keeps everything on the main thread; the answers are those of =1 (Fastify in a worker, the model on the main thread)', async () => {
    const { startServerProcess, httpRequest } = await import('../src/index');
    const { encodeNifti1 } = await import('@rhenium-perf/io-parsing');
    const body = Buffer.from(encodeNifti1(volume));
    const answers: string[] = [];
    for (const env of [{ RHENIUM_API_MODEL_WORKER: '0' }, { RHENIUM_API_MODEL_WORKER: '1' }]) {
      const s = await startServerProcess({ env });
      try {
        await s.waitReady();
        const a = await httpRequest(s.url + '/v1/segment', { method: 'POST', body, headers: { 'content-type': 'application/octet-stream', accept: 'application/octet-stream' } });
        expect(a.status).toBe(200);
        answers.push(a.body.toString('base64'));
      } finally {
        await s.stop();
      }
    }
    expect(answers[0]).toBe(answers[1]);
  }, 180_000);
});

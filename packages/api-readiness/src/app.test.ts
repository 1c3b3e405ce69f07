/**
 * Readiness, draining and the in-flight bound of the Fastify app, in-process (`inject`),
 * with an engine whose loading the test controls. (The real pipeline and the real process
 * are tested in test/server.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { encodeNifti1 } from '@rhenium-perf/io-parsing';
import { buildServer } from './app';
import { InFlightGate } from './readiness';
import type { ModelFacts, SegmentEngine } from './types';

const FACTS: ModelFacts = { name: 'threshold', sha256: null, device: 'cpu', threads: null };
const volume = syntheticVolume('CT', 'tiny').image;
const nifti = Buffer.from(encodeNifti1(volume));

/** An engine that labels voxels above a threshold, whose load waits for `release()`. */
function gatedEngine(fail = false): SegmentEngine & { release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    name: 'threshold',
    release,
    async load() {
      await gate;
      if (fail) throw new Error('weights file is missing');
      return FACTS;
    },
    async segment(v: Volume) {
      const data = new Uint8Array(v.data.length);
      for (let i = 0; i < data.length; i++) data[i] = v.data[i]! > 0 ? 1 : 0;
      return { labelMap: { ...v, data }, dossier: { kind: 'test' }, stagesMs: { threshold: 0.1 } };
    },
  };
}

const post = { method: 'POST' as const, url: '/v1/segment', payload: nifti, headers: { 'content-type': 'application/octet-stream' } };

describe('readiness', () => {
  it('/ready is 503 RPERF_API_NOT_READY with Retry-After while loading, 200 once loaded; /health answers throughout', async () => {
    const engine = gatedEngine();
    const app = buildServer({ engine, loadOn: 'manual', retryAfterS: 3 });
    const loading = app.readiness.load();
    const r1 = await app.inject({ url: '/ready' });
    expect(r1.statusCode).toBe(503);
    expect(r1.headers['retry-after']).toBe('3');
    expect(r1.json()).toMatchObject({ code: 'RPERF_API_NOT_READY', status: 503 });
    expect((await app.inject(post)).json()).toMatchObject({ code: 'RPERF_API_NOT_READY' });
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/version' })).json()).toMatchObject({ engine: 'threshold', model: null });
    engine.release();
    await loading;
    const r2 = await app.inject({ url: '/ready' });
    expect(r2.statusCode).toBe(200);
    expect(r2.json()).toEqual({ status: 'ready', model: FACTS, loadMs: expect.any(Number) });
    const seg = await app.inject(post);
    expect(seg.statusCode).toBe(200);
    const positives = volume.data.filter((x) => x > 0).length;
    expect(seg.json().labels).toEqual([{ label: 1, voxels: positives, volumeMm3: positives * volume.spacingMm[0] * volume.spacingMm[1] * volume.spacingMm[2] }]);
    expect(seg.json().timingsMs.stages).toEqual({ threshold: 0.1 });
    await app.close();
  });

  it('a failed load is 503 RPERF_API_MODEL_LOAD_FAILED naming the cause, on /ready and /v1/segment', async () => {
    const engine = gatedEngine(true);
    const app = buildServer({ engine, loadOn: 'manual' });
    engine.release();
    expect((await app.readiness.load()).state).toBe('failed');
    for (const r of [await app.inject({ url: '/ready' }), await app.inject(post)]) {
      expect(r.statusCode).toBe(503);
      expect(r.json().code).toBe('RPERF_API_MODEL_LOAD_FAILED');
      expect(r.json().detail).toContain('weights file is missing');
    }
    await app.close();
  });

  it('draining: /ready and /v1/segment are 503 RPERF_API_DRAINING, every answer closes its connection', async () => {
    const engine = gatedEngine();
    engine.release();
    const app = buildServer({ engine, loadOn: 'ready' });
    await app.ready();
    await app.readiness.load();
    app.readiness.startDraining();
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().code).toBe('RPERF_API_DRAINING');
    expect(ready.headers.connection).toBe('close');
    expect((await app.inject(post)).json().code).toBe('RPERF_API_DRAINING');
    const h = await app.inject({ url: '/health' });
    expect(h.statusCode).toBe(200);
    expect(h.headers.connection).toBe('close');
    await app.close();
  });

  it('an engine failure is 500 RPERF_API_PIPELINE_FAILED; 4D input is 422 RPERF_API_UNSUPPORTED_VOLUME', async () => {
    const engine: SegmentEngine = {
      name: 'broken',
      load: async () => FACTS,
      segment: async () => {
        throw new Error('kernel exploded');
      },
    };
    const app = buildServer({ engine, loadOn: 'ready' });
    await app.ready();
    await app.readiness.load();
    const r = await app.inject(post);
    expect(r.statusCode).toBe(500);
    expect(r.json()).toMatchObject({ code: 'RPERF_API_PIPELINE_FAILED' });
    expect(r.json().detail).toContain('kernel exploded');
    // Two frames: dim[0] = 4, dim[4] = 2, the voxels doubled.
    const frames = Buffer.concat([nifti, nifti.subarray(352)]);
    frames.writeInt16LE(4, 40);
    frames.writeInt16LE(2, 48);
    const r4 = await app.inject({ ...post, payload: frames });
    expect(r4.statusCode).toBe(422);
    expect(r4.json().code).toBe('RPERF_API_UNSUPPORTED_VOLUME');
    await app.close();
  });
});

describe('InFlightGate', () => {
  it('hands out max slots; a release is idempotent and frees one slot', () => {
    const g = new InFlightGate(2);
    const a = g.tryAcquire();
    const b = g.tryAcquire();
    expect(a && b).toBeTruthy();
    expect(g.tryAcquire()).toBeNull();
    expect(g.active).toBe(2);
    a!();
    a!();
    expect(g.active).toBe(1);
    expect(g.tryAcquire()).not.toBeNull();
    expect(g.tryAcquire()).toBeNull();
  });
});

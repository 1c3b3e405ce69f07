/**
 * Every case of the package is well formed, and every smoke case runs inline (setup,
 * warm-up, runs, verify) against the real server process started from the sources, and
 * passes.
 *
 * The floor of time to ready (bench/floor-ready.cjs, bench/floor.ts): the script as a real
 * process loads the server's U-Net and answers /ready 200 with the session's names, a floor that
 * cannot load its model fails with its one-line error, and a run of `api_time_to_ready_vs_floor`
 * carries the floor figures. No timing is asserted.
 */
import { runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import { floorArgs, floorEntry, floorModel, timeFloorReady } from '../bench/floor';
import { httpRequest, jsonOf, startServerProcess } from '../src/index';
import health from '../bench/health.bench';
import ready from '../bench/ready.bench';
import rss from '../bench/rss.bench';
import segment from '../bench/segment.bench';

const cases: BenchCase[] = [...health, ...ready, ...rss, ...segment];

describe('api-readiness bench cases', () => {
  it('have distinct ids in the fastapi_readiness category; smoke implies full; modality only on segment cases', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.category).toBe('fastapi_readiness');
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
      expect(c.modality ?? null).toBe(c.id.includes('segment') ? 'MRI' : null);
    }
    expect(cases.map((c) => c.id).sort()).toEqual([
      'api_health_c16_n2000',
      'api_health_c1_n2000',
      'api_health_c64_n2000',
      'api_health_smoke_c16_n500',
      'api_rss_under_segment_load_mri_tiny_c4_n100',
      'api_segment_overhead_mri_tiny',
      'api_time_to_ready',
      'api_time_to_ready_vs_floor',
    ]);
    expect(cases.filter((c) => c.tags.includes('smoke')).map((c) => c.id).sort()).toEqual(['api_health_smoke_c16_n500', 'api_segment_overhead_mri_tiny']);
  });

  for (const c of cases.filter((c) => c.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'api-readiness' });
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
      if (c.id.startsWith('api_health')) {
        const q = result.quality;
        expect(q.http_p50_ms!.value).toBeGreaterThan(0);
        expect(q.http_p95_ms!.value).toBeGreaterThanOrEqual(q.http_p50_ms!.value);
        expect(q.http_p99_ms!.value).toBeGreaterThanOrEqual(q.http_p95_ms!.value);
        expect(q.requests_per_s!.value).toBeGreaterThan(0);
        expect(result.items_per_run).toBe(500);
      } else {
        expect(result.quality.in_process_pipeline_ms!.value).toBeGreaterThan(0);
        expect(result.quality.http_round_trip_ms!.value).toBeGreaterThan(0);
        expect(result.metadata.overhead_ms_median).toBeCloseTo(
          (result.metadata.http_round_trip_ms_median as number) - (result.metadata.in_process_pipeline_ms_median as number),
          9,
        );
      }
    });
  }
});

describe('the floor of the time to ready', () => {
  it('is a real process that loads the server\'s U-Net, then answers /ready 200 with the session\'s names', async () => {
    const m = await floorModel(true);
    expect(m.model).toMatch(/unet3d-[0-9a-f]{16}\.onnx$/);
    expect(m.model).toContain(m.sha256.slice(0, 16));
    const floor = await startServerProcess({ entry: floorEntry(), args: floorArgs(m, 1) });
    try {
      expect(await floor.waitReady()).toBeGreaterThan(0);
      const ready = await httpRequest(floor.url + '/ready');
      expect(ready.status).toBe(200);
      expect(jsonOf(ready)).toEqual({ status: 'ready', inputs: ['image'], outputs: ['probabilities'] });
      expect((await httpRequest(floor.url + '/health')).status).toBe(404);
      expect(floor.events[0]).toMatchObject({ event: 'listening', url: floor.url, pid: floor.pid });
    } finally {
      expect(await floor.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    }
    expect(floor.stderr()).toBe('');
    expect(await timeFloorReady(m, 1)).toBeGreaterThan(0);
  });

  it('that cannot load its model fails with its one-line error (and so fails the case)', async () => {
    const m = await floorModel(true);
    const bad = { ...m, model: m.model + '.missing' };
    await expect(startServerProcess({ entry: floorEntry(), args: floorArgs(bad, 1) })).rejects.toThrow(/exited .* before listening; stderr: floor-ready: ENOENT: no such file or directory/);
    await expect(timeFloorReady(bad, 1)).rejects.toThrow(/floor-ready: ENOENT/);
    await expect(startServerProcess({ entry: floorEntry(), args: [m.model, '0'] })).rejects.toThrow(/floor-ready: intra-op threads must be an integer >= 1, received "0"/);
  });

  it('api_time_to_ready_vs_floor times the floor and records the paired figures beside the target; api_time_to_ready is unchanged', async () => {
    const plain = ready.find((x) => x.id === 'api_time_to_ready')!;
    expect(plain.exclusive).toBeFalsy();
    expect(plain.tags).toEqual(['full']);
    // NOTE: runCaseInline takes BenchCase<unknown, unknown>; a case of the typed union needs the widening.
    const c = ready.find((x) => x.id === 'api_time_to_ready_vs_floor')! as unknown as BenchCase;
    expect(c.exclusive).toBe(true);
    expect(c.tags).toEqual(['full', 'reference']);
    const result = await runCaseInline(c, { mode: 'smoke', project: 'api-readiness', warmupRunsPerProcess: 0, measuredRunsPerProcess: 1, batchSize: 1 });
    expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
    expect(result.targets.time_to_ready_target_ms?.target).toBe(250);
    const q = result.quality;
    expect(q.floor_time_to_ready_ms?.unit).toBe('ms');
    expect(q.floor_time_to_ready_ms!.value).toBeGreaterThan(0);
    expect(q.overhead_vs_floor_ms?.unit).toBe('ms');
    expect(q.ratio_vs_floor?.unit).toBe('x');
    expect(q.ratio_vs_floor!.value).toBeGreaterThan(0);
    const meta = result.metadata;
    expect(meta.floor_pairs).toBe(1);
    const floorMs = meta.floor_time_to_ready_ms_runs as number[];
    const serverMs = meta.floor_paired_server_ready_ms as number[];
    expect(q.overhead_vs_floor_ms!.value).toBeCloseTo(serverMs[0]! - floorMs[0]!, 2);
    expect(q.ratio_vs_floor!.value).toBeCloseTo(serverMs[0]! / floorMs[0]!, 2);
    expect(result.targets.time_to_ready_target_ms!.value).toBeCloseTo(serverMs[0]!, 2);
    expect(meta.floor_intra_op_threads).toBeGreaterThanOrEqual(1);
    expect(meta.floor_model).toMatch(/^unet3d-[0-9a-f]+\.onnx$/);
  });
});

/**
 * `/health` latency under a loopback load: the real server process, autocannon in the
 * bench process, keep-alive connections at concurrency 1, 16 and 64, a bounded request
 * count per burst. One run = one burst; its sample is the burst's wall time, and the
 * per-request p50/p95/p99 (pooled over every measured burst) and req/s are the quality figures.
 *
 * Run counts: a burst takes 0.1-0.25 s; the full-only cases take 1 warm-up + 2 timed bursts
 * per process, the smoke case 1 + 4 (its smoke run keeps about its old 5 samples; the full
 * suite runs 3 processes per case since issue #17).
 */
import { defineBench, sweep, type BenchDefinition } from '@rhenium-perf/harness';
import { runLoad, type LoadResult, type ServerProcess } from '../src/client';
import { CATEGORY, LatencyPool, loadFigures, readyServer } from './support';

interface HealthState {
  server: ServerProcess;
  pool: LatencyPool;
  connections: number;
  amount: number;
}

/** One load case: `amount` GET /health over `connections` keep-alive connections per run. */
function healthCase(connections: number, amount: number, tags: string[], id: string, measuredRunsPerProcess: number): BenchDefinition<HealthState, LoadResult> {
  // One item = one GET /health request (itemsPerRun = requests per burst); no voxels (inputShape [] counts 1 per item).
  return {
    id,
    category: CATEGORY,
    task: 'health_latency_under_load',
    modality: null,
    inputShape: [],
    dtype: 'http_get',
    itemsPerRun: amount,
    tags,
    params: { concurrency: connections, requests: amount },
    warmupRunsPerProcess: 1,
    measuredRunsPerProcess,
    async setup(ctx) {
      const server = await readyServer(ctx);
      ctx.record('concurrency', connections);
      ctx.record('requests_per_burst', amount);
      ctx.record('keep_alive', true);
      // Warm both sides' JIT and open the connections once before anything is kept.
      await runLoad({ url: server.url + '/health', connections, amount: Math.max(connections, 200) });
      return { server, pool: new LatencyPool(), connections, amount };
    },
    async run(state, ctx) {
      const burst = await runLoad({ url: state.server.url + '/health', connections: state.connections, amount: state.amount });
      state.pool.add(burst, ctx);
      return burst;
    },
    verify: (state, _out, ctx) => loadFigures(ctx, state.pool, state.amount),
    async teardown(state) {
      await state.server.stop();
    },
  };
}

export default [
  ...sweep({ concurrency: [1, 16, 64] }, (p) =>
    healthCase(Number(p.concurrency), 2000, ['full'], `api_health_c${p.concurrency}_n2000`, 2),
  ),
  defineBench(healthCase(16, 500, ['smoke', 'full'], 'api_health_smoke_c16_n500', 4)),
];

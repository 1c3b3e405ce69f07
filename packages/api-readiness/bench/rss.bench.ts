/**
 * The server's resident memory under load: the real server process segments the tiny MRI
 * volume for bursts of requests from autocannon (4 keep-alive connections, at the default
 * --max-in-flight, so nothing is refused), and /proc/<pid>/status gives its VmRSS before
 * and after load and its high-water mark VmHWM (the peak of the whole life of the process,
 * start-up and model load included). Latencies are pooled over the measured bursts only.
 *
 * Run counts: a burst takes ~0.4 s; 3 processes (as before: the old 3 measured runs made 3
 * processes) of 1 warm-up + 1 timed burst (+ the harness's 2 calibration bursts).
 */
import { check, defineBench, quality } from '@rhenium-perf/harness';
import { DEFAULT_MAX_IN_FLIGHT, processMemory, runLoad, type LoadResult, type ServerProcess } from '../src/client';
import { CATEGORY, LatencyPool, loadFigures, readyServer, tinyMri } from './support';

const CONNECTIONS = DEFAULT_MAX_IN_FLIGHT;
const REQUESTS = 100;

interface RssState {
  server: ServerProcess;
  nifti: Buffer;
  idleRssMb: number | null;
  pool: LatencyPool;
}

export default [
  defineBench<RssState, LoadResult>({
    id: 'api_rss_under_segment_load_mri_tiny_c4_n100',
    category: CATEGORY,
    task: 'server_rss_under_load',
    modality: 'MRI',
    inputShape: [8, 16, 16],
    dtype: 'float32',
    // One item = one POST /v1/segment of the tiny MRI volume (itemsPerRun = requests per burst); input voxels counted.
    itemsPerRun: REQUESTS,
    tags: ['full'],
    params: { concurrency: CONNECTIONS, requests: REQUESTS },
    warmupRunsPerProcess: 1,
    measuredRunsPerProcess: 1,
    processes: 3,
    async setup(ctx) {
      const server = await readyServer(ctx);
      const idle = processMemory(server.pid);
      ctx.record('rss_idle_mb', idle.rssMb);
      ctx.record('concurrency', CONNECTIONS);
      ctx.record('requests_per_burst', REQUESTS);
      return { server, nifti: tinyMri().nifti, idleRssMb: idle.rssMb, pool: new LatencyPool() };
    },
    async run(state, ctx) {
      const burst = await runLoad({
        url: state.server.url + '/v1/segment',
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
        body: state.nifti,
        connections: CONNECTIONS,
        amount: REQUESTS,
      });
      state.pool.add(burst, ctx);
      return burst;
    },
    verify(state, _out, ctx) {
      const figures = loadFigures(ctx, state.pool, REQUESTS);
      const mem = processMemory(state.server.pid);
      check(mem.hwmMb !== null && mem.rssMb !== null, `/proc/${state.server.pid}/status has no VmRSS/VmHWM (not Linux?)`);
      ctx.record('rss_mb', mem.hwmMb);
      ctx.record('rss_after_load_mb', mem.rssMb);
      ctx.record('rss_source', `/proc/${state.server.pid}/status VmHWM (peak) and VmRSS (after load)`);
      return {
        ...figures,
        rss_mb: quality(mem.hwmMb!, 'MiB', false),
        rss_after_load_mb: quality(mem.rssMb!, 'MiB', false),
        rss_growth_mb: quality(mem.rssMb! - (state.idleRssMb ?? mem.rssMb!), 'MiB', false),
      };
    },
    async teardown(state) {
      await state.server.stop();
    },
  }),
];

/**
 * Time to ready: spawn the server process and poll `GET /ready` every 5 ms until it answers
 * 200 (listening, model loaded, onnxruntime session created). One run = one spawn-to-ready;
 * stages split it into spawn -> listening line and listening -> ready (model load).
 *
 * Built (`nx run api-readiness:bench`) this spawns `node dist/server.js`; from the sources
 * (tests) `node --import tsx --conditions=@rhenium-perf/source src/server.ts`, which adds
 * tsx's start-up and on-the-fly compilation: compare only numbers of the same entry
 * (recorded as `server_entry`).
 */
import { defineBench, quality } from '@rhenium-perf/harness';
import { httpRequest, jsonOf, serverEntry, startServerProcess, type ServerProcess } from '../src/index';
import { CATEGORY, check, median } from './support';

interface ReadyState {
  previous: ServerProcess | null;
  all: ServerProcess[];
  readyMs: number[];
  listenMs: number[];
}

export default [
  defineBench<ReadyState, ServerProcess>({
    id: 'api_time_to_ready',
    category: CATEGORY,
    task: 'time_to_ready',
    modality: null,
    inputShape: [],
    dtype: 'process',
    tags: ['full'],
    warmupRuns: 1,
    measurementRuns: 5,
    setup(ctx) {
      const entry = serverEntry();
      ctx.record('server_entry', entry.args.join(' '));
      ctx.record('ready_poll_interval_ms', 5);
      return { previous: null, all: [], readyMs: [], listenMs: [] };
    },
    async run(state, ctx) {
      // NOTE: the previous run's server is killed (SIGKILL, not awaited) at the start of the
      // next run: a process has to exist until verify for the last one, and waiting for a
      // graceful exit inside the timed region would measure the shutdown too.
      state.previous?.child.kill('SIGKILL');
      const server = await ctx.stage('spawn_to_listening', () => startServerProcess({ args: ['--port', '0'] }));
      state.all.push(server);
      state.previous = server;
      const readyMs = await ctx.stage('listening_to_ready', () => server.waitReady());
      state.readyMs.push(readyMs);
      state.listenMs.push(server.listenMs);
      return server;
    },
    async verify(state, server, ctx) {
      const health = await httpRequest(server.url + '/health');
      check(health.status === 200, `/health answered ${health.status}`);
      check(jsonOf<{ pid: number }>(health).pid === server.pid, 'the /health pid is not the spawned process');
      const version = jsonOf<{ model: Record<string, unknown> | null; version: string }>(await httpRequest(server.url + '/v1/version'));
      check(version.model !== null, '/v1/version shows no model after /ready answered 200');
      ctx.record('model', version.model);
      ctx.record('time_to_ready_ms_runs', state.readyMs);
      const ready = median(state.readyMs);
      const listen = median(state.listenMs);
      ctx.record('time_to_ready_ms_median', ready);
      ctx.record('time_to_listen_ms_median', listen);
      return {
        time_to_ready_ms: quality(ready, 'ms', false),
        time_to_listen_ms: quality(listen, 'ms', false),
      };
    },
    async teardown(state) {
      await Promise.all(state.all.map((s) => s.stop('SIGKILL')));
    },
  }),
];

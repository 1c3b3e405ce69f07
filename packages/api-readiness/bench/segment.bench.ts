/**
 * `/v1/segment` overhead: the HTTP round trip of the tiny synthetic MRI volume (NIfTI body
 * upload, decode, pipeline, JSON answer with the dossier) against the same pipeline called
 * in-process on the same volume (`runPipeline({ kind: 'volume' }, { model })`, one session
 * with the server's thread count).
 *
 * NOTE: one run does both, interleaved (round trip, then in-process), so each pair sees the
 * same machine state; the run's sample is their sum, and the stages `http_round_trip` and
 * `in_process_pipeline` give each (the medians below are of the harness's stage samples of
 * the measured runs; the Server-Timing values are kept from measured runs only). Setup warms both sides (WARM_PAIRS pairs: JIT, the
 * dossier schema's compilation) so every pair kept for the medians is a warm one. The overhead (median round trip - median in-process) and
 * both medians are the quality figures; the server's own decode and pipeline times (its
 * Server-Timing header) split the overhead into NIfTI decoding and HTTP + serialisation.
 */
import http from 'node:http';
import { check, defineBench, median, quality } from '@rhenium-perf/harness';
import { loadPipelineModel, runPipeline, type PipelineModel } from '@rhenium-perf/e2e-core-model';
import { DEFAULT_MODEL_THREADS, httpRequest, jsonOf, type HttpAnswer, type SegmentSummary, type ServerProcess } from '../src/client';
import { CATEGORY, readyServer, tinyMri } from './support';
import type { Volume } from '@rhenium-perf/fixtures';

/** Round trip + in-process pairs run in setup, before anything is kept. */
const WARM_PAIRS = 3;

interface SegmentState {
  server: ServerProcess;
  agent: http.Agent;
  model: PipelineModel;
  volume: Volume;
  nifti: Buffer;
  serverPipelineMs: number[];
  serverDecodeMs: number[];
  inProcessLabels: Uint8Array | null;
}

interface SegmentOutput {
  answer: HttpAnswer;
  inProcessLabels: Uint8Array;
}

/** `decode;dur=0.7, pipeline;dur=12.3` -> { decode: 0.7, pipeline: 12.3 } */
function serverTiming(header: string | string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of String(header ?? '').split(',')) {
    const m = /^\s*([\w-]+);dur=([0-9.]+)/.exec(part);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

export default [
  defineBench<SegmentState, SegmentOutput>({
    id: 'api_segment_overhead_mri_tiny',
    category: CATEGORY,
    task: 'segment_http_overhead',
    modality: 'MRI',
    inputShape: [8, 16, 16],
    dtype: 'float32',
    // One item = one volume segmented over HTTP and in process; input voxels counted (8 x 16 x 16).
    tags: ['smoke', 'full'],
    // ~15 ms a run: 2 warm-up + 15 timed pairs per process (smoke keeps its 15 samples; the
    // full suite's time is dominated by the server's start-up in setup).
    warmupRunsPerProcess: 2,
    measuredRunsPerProcess: 15,
    async setup(ctx) {
      const server = await readyServer(ctx, ['--threads', String(DEFAULT_MODEL_THREADS)]);
      const model = await loadPipelineModel({ device: 'cpu', intraOpThreads: DEFAULT_MODEL_THREADS });
      const { volume, nifti } = tinyMri();
      ctx.record('model_sha256', model.sha256);
      ctx.record('intra_op_threads', DEFAULT_MODEL_THREADS);
      ctx.record('body_bytes', nifti.byteLength);
      ctx.record('keep_alive', true);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < WARM_PAIRS; i++) {
        const a = await httpRequest(server.url + '/v1/segment', {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
          body: nifti,
          agent,
        });
        check(a.status === 200, `warm-up POST /v1/segment answered ${a.status}: ${a.body.toString('utf8').slice(0, 300)}`);
        await runPipeline({ kind: 'volume', volume }, { model });
      }
      return {
        server,
        agent,
        model,
        volume,
        nifti,
        serverPipelineMs: [],
        serverDecodeMs: [],
        inProcessLabels: null,
      };
    },
    async run(state, ctx) {
      const answer = await ctx.stage('http_round_trip', () =>
        httpRequest(state.server.url + '/v1/segment', {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
          body: state.nifti,
          agent: state.agent,
        }),
      );
      const r = await ctx.stage('in_process_pipeline', () => runPipeline({ kind: 'volume', volume: state.volume }, { model: state.model }));
      if (ctx.phase === 'measured') {
        const timing = serverTiming(answer.headers['server-timing']);
        if (timing.pipeline !== undefined) state.serverPipelineMs.push(timing.pipeline);
        if (timing.decode !== undefined) state.serverDecodeMs.push(timing.decode);
      }
      return { answer, inProcessLabels: r.labelMap.data };
    },
    verify(state, out, ctx, timing) {
      check(out.answer.status === 200, `POST /v1/segment answered ${out.answer.status}: ${out.answer.body.toString('utf8').slice(0, 300)}`);
      const summary = jsonOf<SegmentSummary>(out.answer);
      check(JSON.stringify(summary.shape) === JSON.stringify(state.volume.shape), `the answer's shape ${JSON.stringify(summary.shape)} is not the input's`);
      check(JSON.stringify(summary.affine) === JSON.stringify(state.volume.affine), "the answer's affine is not the input's");
      // The server's label counts must equal the in-process label map's (same model, same volume).
      const counts = new Map<number, number>();
      for (const v of out.inProcessLabels) if (v !== 0) counts.set(v, (counts.get(v) ?? 0) + 1);
      const expected = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([label, voxels]) => ({ label, voxels }));
      const got = summary.labels.map((l) => ({ label: l.label, voxels: l.voxels }));
      check(JSON.stringify(got) === JSON.stringify(expected), `server labels ${JSON.stringify(got)} differ from in-process ${JSON.stringify(expected)}`);
      check(typeof summary.dossier === 'object' && summary.dossier !== null, 'the answer has no dossier');
      const httpSamples = timing.stageSamplesMs.http_round_trip ?? [];
      const inProcSamples = timing.stageSamplesMs.in_process_pipeline ?? [];
      check(httpSamples.length > 0 && httpSamples.length === inProcSamples.length, 'no measured stage times');
      const httpMs = median(httpSamples);
      const inProcMs = median(inProcSamples);
      const overhead = httpMs - inProcMs;
      const serverPipe = state.serverPipelineMs.length ? median(state.serverPipelineMs) : null;
      const serverDecode = state.serverDecodeMs.length ? median(state.serverDecodeMs) : null;
      ctx.record('http_round_trip_ms_median', httpMs);
      ctx.record('in_process_pipeline_ms_median', inProcMs);
      ctx.record('overhead_ms_median', overhead);
      ctx.record('server_pipeline_ms_median', serverPipe);
      ctx.record('server_decode_ms_median', serverDecode);
      ctx.record('pairs', httpSamples.length * timing.batchSize);
      return {
        overhead_ms: quality(overhead, 'ms', false),
        http_round_trip_ms: quality(httpMs, 'ms', false),
        in_process_pipeline_ms: quality(inProcMs, 'ms', false),
        overhead_ratio: quality(httpMs / inProcMs, 'x', false),
      };
    },
    async teardown(state) {
      state.agent.destroy();
      await state.server.stop();
    },
  }),
];

/**
 * Stress cases (full suite only): scalability, concurrency, soak.
 *
 * - Scalability: ONE case runs the pipeline on 64^3, 128x128x64 and 128^3 MRI volumes in each
 *   measured run (each size a stage, so the report shows the latency per size), and verify
 *   fits latency = a * voxels^b on the per-size medians of the harness's stage samples
 *   (log-log least squares) and records the exponent b. One case rather than three, so the
 *   fit uses sizes measured side by side in one process under the same load.
 * - Concurrency: N = cores pipelines at once in worker threads (one intra-op thread each)
 *   and the same jobs one at a time in one worker, paired in each run as the stages
 *   `concurrent` and `sequential` (same machine state); throughputs and the speedup come from
 *   the harness's stage samples, job latency percentiles from the measured runs only.
 * - Soak: 50 pipelines in one process; RSS growth after a warm-up of 5 runs is recorded (for
 *   measured runs only) and the case fails above SOAK_MAX_RSS_GROWTH_MB.
 *
 * Run counts: 3 processes each (the harness's default). Scalability (~6 s a run) and soak
 * (~1 s) take 0 warm-up + 1 timed run per process: the harness's one untimed calibration call
 * comes first and warms the process (setup warms the session too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { defineBench, expectQuality, median, percentile, quality, sortSamples } from '@rhenium-perf/harness';
import { syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { SOAK_MAX_RSS_GROWTH_MB } from '../src/defaults';
import { loadPipelineModel } from '../src/model';
import { runPipeline } from '../src/pipeline';
import { fitPowerLaw } from '../src/scaling';
import { startPipelineWorker, type PipelineWorker } from '../src/worker-pool';
import type { PipelineModel, PipelineResult } from '../src/types';
import { stageCoverage } from './support';

const SCALING_SHAPES: readonly [number, number, number][] = [
  [64, 64, 64],
  [64, 128, 128],
  [128, 128, 128],
];
const sizeName = (s: readonly number[]): string => `n${s[0]}x${s[1]}x${s[2]}`;

interface ScalingState {
  model: PipelineModel;
  volumes: Volume[];
  tmp: string;
  coverage: number[];
}

/** Voxels of the three volumes of one run together. */
const SCALING_VOXELS = SCALING_SHAPES.reduce((a, s) => a + s[0] * s[1] * s[2], 0);

const scalability = defineBench<ScalingState, PipelineResult[]>({
  id: 'e2e_stress_scalability_mri',
  category: 'e2e_core_model',
  task: 'scalability',
  modality: 'MRI',
  // One item = the three volumes of a run together (their sizes differ): input voxels counted,
  // inputShape flattened to their sum (64^3 + 64x128x128 + 128^3 = 3,407,872).
  inputShape: [SCALING_VOXELS],
  dtype: 'float32',
  tags: ['full', 'stress'],
  warmupRunsPerProcess: 0,
  measuredRunsPerProcess: 1,
  setup: async (ctx) => {
    const model = await loadPipelineModel({ device: ctx.device });
    ctx.record('model_sha256', model.sha256);
    // Warm the session on one patch-sized volume (every size runs 32x64x64 patches).
    await runPipeline({ kind: 'volume', volume: syntheticVolume('MRI', [32, 64, 64]).image }, { model });
    return { model, volumes: SCALING_SHAPES.map((s) => syntheticVolume('MRI', s).image), tmp: mkdtempSync(join(os.tmpdir(), 'rperf-e2e-scale-')), coverage: [] };
  },
  run: async (s, ctx) => {
    const out: PipelineResult[] = [];
    for (const [i, v] of s.volumes.entries()) {
      const r = await ctx.stage(sizeName(SCALING_SHAPES[i]!), () => runPipeline({ kind: 'volume', volume: v, name: sizeName(SCALING_SHAPES[i]!) }, { model: s.model, outDir: s.tmp }));
      if (ctx.phase === 'measured') s.coverage.push(stageCoverage(r));
      out.push(r);
    }
    return out;
  },
  verify: (s, out, ctx, timing) => {
    const voxels = SCALING_SHAPES.map((sh) => sh[0] * sh[1] * sh[2]);
    const med = SCALING_SHAPES.map((sh) => {
      const xs = timing.stageSamplesMs[sizeName(sh)] ?? [];
      if (xs.length === 0) throw new Error(`no measured stage samples of ${sizeName(sh)}`);
      return median(xs);
    });
    const fit = fitPowerLaw(voxels, med);
    out.forEach((r, i) => {
      if (r.labelMap.shape.some((n, a) => n !== SCALING_SHAPES[i]![a])) throw new Error(`label map of ${sizeName(SCALING_SHAPES[i]!)} has shape [${r.labelMap.shape.join(', ')}]`);
    });
    ctx.record('latency_p50_ms_by_voxels', Object.fromEntries(voxels.map((n, i) => [String(n), med[i]])));
    ctx.record('scaling_exponent', fit.exponent);
    ctx.record('scaling_fit', fit);
    return {
      scaling_exponent: quality(fit.exponent, '', false),
      scaling_fit_r2: quality(fit.r2, '', true),
      stage_coverage_min: expectQuality('stage_coverage_min', Math.min(...s.coverage), { min: 0.9 }),
    };
  },
  teardown: (s) => rmSync(s.tmp, { recursive: true, force: true }),
});

interface ConcurrencyState {
  workers: PipelineWorker[];
  tmp: string;
  jobsPerWorker: number;
  /** Per-job latencies (from the workers) of the measured runs: concurrent and one at a time. */
  latencies: number[];
  sequentialLatencies: number[];
}

const CONCURRENT_JOBS_PER_WORKER = 4;
const WORKERS = Math.max(2, Math.min(4, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));

const concurrency = defineBench<ConcurrencyState, { latencies: number[]; sequential: number[] }>({
  id: 'e2e_stress_concurrency_mri_small',
  category: 'e2e_core_model',
  task: 'concurrency',
  modality: 'MRI',
  // One item = one pipeline job on a 16x32x32 volume; input voxels counted. A run does the jobs
  // concurrently and then one at a time (2 x workers x jobs per worker items).
  inputShape: [16, 32, 32],
  dtype: 'float32',
  itemsPerRun: 2 * WORKERS * CONCURRENT_JOBS_PER_WORKER,
  tags: ['full', 'stress'],
  params: { workers: WORKERS, jobs_per_worker: CONCURRENT_JOBS_PER_WORKER },
  // ~0.5 s a run (both sides): 1 warm-up + 3 timed runs per process.
  warmupRunsPerProcess: 1,
  measuredRunsPerProcess: 3,
  setup: async () => {
    const tmp = mkdtempSync(join(os.tmpdir(), 'rperf-e2e-conc-'));
    const workers = await Promise.all(Array.from({ length: WORKERS }, (_, i) => startPipelineWorker('MRI', [16, 32, 32], join(tmp, `w${i}`))));
    return { workers, tmp, jobsPerWorker: CONCURRENT_JOBS_PER_WORKER, latencies: [], sequentialLatencies: [] };
  },
  run: async (s, ctx) => {
    const lat = await ctx.stage('concurrent', async () => (await Promise.all(s.workers.map((w) => w.run(s.jobsPerWorker)))).flat());
    // One at a time: the same number of jobs in one worker, sequentially.
    const seq = await ctx.stage('sequential', () => s.workers[0]!.run(WORKERS * s.jobsPerWorker));
    if (ctx.phase === 'measured') {
      s.latencies.push(...lat);
      s.sequentialLatencies.push(...seq);
    }
    return { latencies: lat, sequential: seq };
  },
  verify: async (s, out, ctx, timing) => {
    const jobs = WORKERS * s.jobsPerWorker;
    const concMs = timing.stageSamplesMs.concurrent ?? [];
    const seqMs = timing.stageSamplesMs.sequential ?? [];
    if (concMs.length === 0 || concMs.length !== seqMs.length) throw new Error('no measured stage samples of the concurrent and sequential sides');
    const concThroughput = jobs / (median(concMs) / 1000);
    const seqThroughput = jobs / (median(seqMs) / 1000);
    const concLat = sortSamples(s.latencies);
    const seqSorted = sortSamples(s.sequentialLatencies);
    const figures = {
      workers: WORKERS,
      concurrent: { throughput_per_s: concThroughput, latency_p50_ms: percentile(concLat, 50), latency_p95_ms: percentile(concLat, 95), latency_p99_ms: percentile(concLat, 99) },
      sequential: { throughput_per_s: seqThroughput, latency_p50_ms: percentile(seqSorted, 50), latency_p95_ms: percentile(seqSorted, 95), latency_p99_ms: percentile(seqSorted, 99) },
      speedup: concThroughput / seqThroughput,
    };
    ctx.record('concurrency', figures);
    if (out.latencies.length !== jobs || out.sequential.length !== jobs) throw new Error(`expected ${jobs} job latencies per side, got ${out.latencies.length} and ${out.sequential.length}`);
    return {
      concurrent_throughput: quality(concThroughput, 'pipelines/s', true),
      sequential_throughput: quality(seqThroughput, 'pipelines/s', true),
      speedup: quality(figures.speedup, 'x', true),
      concurrent_latency_p95: quality(figures.concurrent.latency_p95_ms, 'ms', false),
    };
  },
  teardown: async (s) => {
    await Promise.all(s.workers.map((w) => w.terminate()));
    rmSync(s.tmp, { recursive: true, force: true });
  },
});

const SOAK_RUNS = 50;
const SOAK_WARMUP = 5;

interface SoakState {
  model: PipelineModel;
  volume: Volume;
  tmp: string;
  /** RSS growth of each measured run (warm-up and calibration runs are not kept). */
  growthMb: number[];
}

const soak = defineBench<SoakState, { rssMb: number[] }>({
  id: 'e2e_stress_soak_mri_small_50_runs',
  category: 'e2e_core_model',
  task: 'soak',
  modality: 'MRI',
  // One item = one pipeline run on a 16x32x32 volume (SOAK_RUNS per run); input voxels counted.
  inputShape: [16, 32, 32],
  dtype: 'float32',
  itemsPerRun: SOAK_RUNS,
  tags: ['full', 'stress'],
  params: { runs: SOAK_RUNS },
  warmupRunsPerProcess: 0,
  measuredRunsPerProcess: 1,
  setup: async (ctx) => {
    const model = await loadPipelineModel({ device: ctx.device });
    return { model, volume: syntheticVolume('MRI', 'small').image, tmp: mkdtempSync(join(os.tmpdir(), 'rperf-e2e-soak-')), growthMb: [] };
  },
  run: async (s, ctx) => {
    const rssMb: number[] = [];
    for (let r = 0; r < SOAK_RUNS; r++) {
      await runPipeline({ kind: 'volume', volume: s.volume, name: 'soak' }, { model: s.model, outDir: s.tmp });
      rssMb.push(process.memoryUsage.rss() / 2 ** 20);
    }
    if (ctx.phase === 'measured') s.growthMb.push(rssMb[SOAK_RUNS - 1]! - rssMb[SOAK_WARMUP - 1]!);
    return { rssMb };
  },
  verify: (s, out, ctx) => {
    if (s.growthMb.length === 0) throw new Error('no measured soak run');
    const growth = Math.max(...s.growthMb);
    ctx.record('rss_mb_after_warmup', out.rssMb[SOAK_WARMUP - 1]);
    ctx.record('rss_mb_end', out.rssMb[SOAK_RUNS - 1]);
    ctx.record('rss_growth_mb_by_batch', s.growthMb);
    return { rss_growth_mb: expectQuality('rss_growth_mb', growth, { max: SOAK_MAX_RSS_GROWTH_MB, unit: 'MB' }) };
  },
  teardown: (s) => rmSync(s.tmp, { recursive: true, force: true }),
});

export default [scalability, concurrency, soak];

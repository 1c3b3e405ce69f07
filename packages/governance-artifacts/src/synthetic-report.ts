/**
 * A synthetic, schema-valid performance report: `n` results spread over all 13 categories,
 * latencies drawn from a seeded log-normal. Used to benchmark rendering at a realistic
 * size, and by the tests; it is never presented as measured data.
 */
import { createRng } from '@rhenium-perf/fixtures';
import { percentile, sortSamples } from '@rhenium-perf/harness';
import { CATEGORY_IDS, SCHEMA_VERSION, type BenchmarkResult, type Modality, type Report } from '@rhenium-perf/schema';

/** Options of `syntheticReport`. */
export interface SyntheticReportOptions {
  /** Number of benchmark results (>= 13 so every category has one). */
  results: number;
  seed?: number;
  /** The report's timestamp (injected; also the cases' start time). */
  timestamp: string;
  /** Samples per passed result. */
  samples?: number;
}

const MODALITIES: readonly (Modality | null)[] = ['MRI', 'CT', 'US', 'XR', null];

const round = (x: number, d = 4): number => Number(x.toFixed(d));

/**
 * Build the report. Result `i` goes to category `i mod 13`; every 20th result (from the
 * 7th) is skipped and every 29th (from the 11th) failed, so all three states appear.
 * @example syntheticReport({ results: 60, timestamp: '2025-01-31T12:00:00Z' }).benchmarks.length // 60
 */
export function syntheticReport(options: SyntheticReportOptions): Report {
  const { results: n, seed = 20250131, timestamp, samples: nSamples = 10 } = options;
  if (!Number.isInteger(n) || n < CATEGORY_IDS.length) {
    throw new RangeError(`syntheticReport: results must be an integer >= ${CATEGORY_IDS.length} (one per category), received ${n}`);
  }
  const rng = createRng(seed);
  const benchmarks: BenchmarkResult[] = [];
  for (let i = 0; i < n; i++) {
    const category = CATEGORY_IDS[i % CATEGORY_IDS.length] as (typeof CATEGORY_IDS)[number];
    const k = Math.floor(i / CATEGORY_IDS.length);
    const state = i % 20 === 7 ? 'skipped' : i % 29 === 11 ? 'failed' : 'passed';
    const medianMs = Math.exp(rng.normal() * 1.5 + 2); // ~7 ms, spread over decades
    const samples =
      state === 'passed'
        ? Array.from({ length: nSamples }, () => round(medianMs * Math.exp(0.1 * rng.normal())))
        : [];
    const sorted = [...samples].sort((a, b) => a - b);
    const mean = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : null;
    const std =
      samples.length > 1 && mean !== null ? Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples.length - 1)) : null;
    const shape = [16 << (k % 3), 16 << (k % 3)];
    const voxels = shape[0]! * shape[1]!;
    const rss = round(80 + 400 * rng.next(), 2);
    benchmarks.push({
      id: `${category}_synthetic_${String(k).padStart(2, '0')}`,
      category,
      modality: MODALITIES[i % MODALITIES.length] ?? null,
      task: 'synthetic',
      input_shape: shape,
      dtype: 'float32',
      device: 'cpu',
      state,
      warmup_runs_per_process: 3,
      measurement_runs: samples.length,
      batch_size: 1,
      process_batch_sizes: samples.length ? [1] : [],
      voxels_per_item: voxels,
      voxels_counted: 'input',
      items_per_run: 1,
      latency_ms: sorted.length
        ? {
            min: sorted[0]!,
            max: sorted[sorted.length - 1]!,
            mean: round(mean as number),
            std: std === null ? null : round(std),
            p50: percentile(sortSamples(sorted), 50),
            p95: percentile(sortSamples(sorted), 95),
            p99: percentile(sortSamples(sorted), 99),
          }
        : { min: null, max: null, mean: null, std: null, p50: null, p95: null, p99: null },
      samples_ms: samples,
      process_samples: samples.length > 0 ? [samples.length] : [],
      throughput:
        mean === null
          ? { items_per_sec: null, voxels_per_sec: null }
          : { items_per_sec: round(1000 / mean, 3), voxels_per_sec: round((1000 / mean) * voxels, 1) },
      memory: { rss_mb_before: round(rss * 0.8, 2), rss_mb_after: round(rss * 0.9, 2), rss_mb_peak: rss, vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null },
      quality: {},
      targets: {},
      success: state === 'passed',
      error: state === 'failed' ? 'synthetic failure' : null,
      skipped_reason: state === 'skipped' ? 'synthetic skip' : null,
      tags: ['full'],
      params: {},
      metadata: {},
      stages: null,
      package: { name: `@rhenium-perf/${category.replace(/_/g, '-')}`, version: '0.1.0' },
      project: category.replace(/_/g, '-'),
      started_at: timestamp,
      duration_sec: round(samples.reduce((a, b) => a + b, 0) / 1000, 4),
      timeout_ms: 120_000,
    });
  }
  const passed = benchmarks.filter((b) => b.state === 'passed');
  const e2e = passed.filter((b) => b.category === 'e2e_core_model');
  const projects = [...new Set(benchmarks.map((b) => b.project))];
  const total = round(benchmarks.reduce((a, b) => a + b.duration_sec, 0), 4);
  const environment = {
    node: 'v20.20.0',
    v8: '11.3.244.8-node.33',
    onnxruntime: null,
    os: 'linux',
    os_version: 'synthetic',
    arch: 'x64',
    cpu: 'synthetic cpu',
    cpu_count: 2,
    ram_gb: 8,
    gpu: null,
    gpu_count: 0,
    vram_gb: null,
    cuda: null,
    machine_fingerprint: '0123456789abcdef',
  };
  return {
    schema_version: SCHEMA_VERSION,
    kind: 'report',
    timestamp,
    mode: 'full',
    device: { requested: 'cpu', resolved: 'cpu', reason: null },
    environment,
    source: { version: '0.1.0', git_sha: null, branch: null, dirty: null, config_hash: 'fedcba9876543210' },
    benchmarks,
    summary: {
      total_benchmarks: benchmarks.length,
      passed: passed.length,
      failed: benchmarks.filter((b) => b.state === 'failed').length,
      skipped: benchmarks.filter((b) => b.state === 'skipped').length,
      total_duration_sec: total,
      top_line_metrics: {
        e2e_p50_ms: e2e[0]?.latency_ms.p50 ?? null,
        e2e_p95_ms: e2e[0]?.latency_ms.p95 ?? null,
        e2e_items_per_sec: e2e[0]?.throughput.items_per_sec ?? null,
        peak_rss_mb: Math.max(...benchmarks.map((b) => b.memory.rss_mb_peak ?? 0)),
        peak_vram_mb: null,
      },
      regression_status: 'not_checked',
    },
    packages: projects.map((p) => {
      const mine = benchmarks.filter((b) => b.project === p);
      return {
        project: p,
        name: `@rhenium-perf/${p}`,
        version: '0.1.0',
        benchmarks: mine.length,
        passed: mine.filter((b) => b.state === 'passed').length,
        failed: mine.filter((b) => b.state === 'failed').length,
        skipped: mine.filter((b) => b.state === 'skipped').length,
        duration_sec: round(mine.reduce((a, b) => a + b.duration_sec, 0), 4),
        environment,
      };
    }),
    missing_packages: [],
    comparison: null,
    ab: null,
  };
}

/**
 * Synthetic, schema-valid reports for tests of compare, render and export (not part of the
 * public API). Deterministic: numbers come from a small seeded generator of their own so
 * that this file has no dependency beyond the schema types.
 */
import { latencyStats } from '@rhenium-perf/harness';
import { CATEGORY_IDS, SCHEMA_VERSION } from '@rhenium-perf/schema';
import type { BenchmarkResult, CategoryId, Environment, Report } from '@rhenium-perf/schema';

/** Latency stats of samples by the rules of docs/perf/metrics.md (the harness's own). */
export const statsOf = latencyStats;

/** A passed result built from latency samples (ms); everything else has plain defaults. */
export function makeResult(id: string, samplesMs: readonly number[], extra: Partial<BenchmarkResult> = {}): BenchmarkResult {
  const itemsPerRun = extra.items_per_run ?? 1;
  const voxels = extra.voxels_per_item ?? 0;
  const total = samplesMs.reduce((a, b) => a + b, 0);
  const itemsPerSec = samplesMs.length > 0 && total > 0 ? (itemsPerRun * samplesMs.length) / (total / 1000) : null;
  const base: BenchmarkResult = {
    id,
    category: 'preprocessing',
    modality: null,
    task: 'synthetic',
    input_shape: [1],
    dtype: 'float32',
    device: 'cpu',
    state: 'passed',
    warmup_runs_per_process: 3,
    measurement_runs: samplesMs.length,
    batch_size: 1,
    process_batch_sizes: [1],
    voxels_per_item: voxels,
    voxels_counted: 'input',
    items_per_run: itemsPerRun,
    latency_ms: statsOf(samplesMs),
    samples_ms: [...samplesMs],
    process_samples: samplesMs.length > 0 ? [samplesMs.length] : [],
    throughput: { items_per_sec: itemsPerSec, voxels_per_sec: itemsPerSec === null ? null : itemsPerSec * voxels },
    memory: { rss_mb_before: 100, rss_mb_after: 110, rss_mb_peak: 120, vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null },
    quality: {},
    targets: {},
    success: true,
    error: null,
    skipped_reason: null,
    tags: ['full'],
    params: {},
    metadata: {},
    stages: null,
    package: { name: '@rhenium-perf/preprocessing', version: '0.1.0' },
    project: 'preprocessing',
    started_at: '2025-01-01T00:00:00.000Z',
    duration_sec: total / 1000,
    timeout_ms: 120_000,
  };
  return { ...base, ...extra };
}

/**
 * A passed result measured in several independent processes: `processes[k]` holds the
 * samples (ms) of process k, in order; `samples_ms` is their concatenation and
 * `process_samples` their lengths. (`makeResult` alone gives one process of all samples.)
 * @example makeReplicated('a', [[10, 11], [12], [9, 10, 40]]) // 3 processes, medians 10.5, 12, 10
 */
export function makeReplicated(id: string, processes: readonly (readonly number[])[], extra: Partial<BenchmarkResult> = {}): BenchmarkResult {
  return makeResult(
    id,
    processes.flat(),
    { ...extra, process_samples: processes.map((p) => p.length), process_batch_sizes: processes.map(() => 1) },
  );
}

/** A failed or skipped result (no numbers). */
export function makeUnmeasured(id: string, state: 'failed' | 'skipped', reason: string, extra: Partial<BenchmarkResult> = {}): BenchmarkResult {
  return makeResult(id, [], {
    state,
    success: false,
    error: state === 'failed' ? reason : null,
    skipped_reason: state === 'skipped' ? reason : null,
    measurement_runs: 0,
    memory: { rss_mb_before: null, rss_mb_after: null, rss_mb_peak: null, vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null },
    ...extra,
  });
}

/** An environment record; `fingerprint` must be 16 hex digits. */
export function makeEnvironment(fingerprint = '0123456789abcdef', overrides: Partial<Environment> = {}): Environment {
  return {
    node: 'v20.20.0',
    v8: '11.3.244.8-node.30',
    onnxruntime: '1.30.0',
    os: 'linux',
    os_version: '6.1.0',
    arch: 'x64',
    cpu: 'Synthetic CPU @ 2.0GHz',
    cpu_count: 2,
    ram_gb: 7.8,
    gpu: null,
    gpu_count: 0,
    vram_gb: null,
    cuda: null,
    machine_fingerprint: fingerprint,
    ...overrides,
  };
}

/** A report around `benchmarks`, with a summary computed from them. */
export function makeReport(benchmarks: BenchmarkResult[], overrides: Partial<Report> = {}): Report {
  const passed = benchmarks.filter((b) => b.state === 'passed').length;
  const failed = benchmarks.filter((b) => b.state === 'failed').length;
  const e2e = benchmarks.filter((b) => b.category === 'e2e_core_model' && b.state === 'passed');
  const peak = (xs: (number | null)[]): number | null => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  return {
    schema_version: SCHEMA_VERSION,
    kind: 'report',
    timestamp: '2025-01-02T03:04:05.000Z',
    mode: 'full',
    device: { requested: 'auto', resolved: 'cpu', reason: 'no CUDA execution provider' },
    environment: makeEnvironment(),
    source: { version: '0.1.0', git_sha: '0123456789abcdef0123456789abcdef01234567', branch: 'main', dirty: false, config_hash: 'fedcba9876543210' },
    benchmarks,
    summary: {
      total_benchmarks: benchmarks.length,
      passed,
      failed,
      skipped: benchmarks.length - passed - failed,
      total_duration_sec: benchmarks.reduce((a, b) => a + b.duration_sec, 0),
      top_line_metrics: {
        e2e_p50_ms: e2e[0]?.latency_ms.p50 ?? null,
        e2e_p95_ms: e2e[0]?.latency_ms.p95 ?? null,
        e2e_items_per_sec: e2e[0]?.throughput.items_per_sec ?? null,
        peak_rss_mb: peak(benchmarks.map((b) => b.memory.rss_mb_peak)),
        peak_vram_mb: peak(benchmarks.map((b) => b.memory.vram_mb_peak)),
      },
      regression_status: 'not_checked',
    },
    packages: [],
    missing_packages: [],
    comparison: null,
    ab: null,
    ...overrides,
  };
}

/** Text that tries to break a Markdown table, open a code span, or inject HTML. */
export const NASTY_TEXT = 'boom | col2 `code` <script>alert("x")</script> & \\| a\nsecond line\r\nthird <b>bold</b>';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * A full-suite-like report: ~60 results over all 13 categories, with failed and skipped
 * cases, e2e stage timings, quality figures, targets, nasty strings in errors, task names and
 * target names, and a comparison with every state.
 */
export function syntheticReport(): Report {
  const rand = lcg(7);
  const results: BenchmarkResult[] = [];
  const modalities = ['MRI', 'CT', 'US', 'XR'] as const;
  CATEGORY_IDS.forEach((category: CategoryId, ci) => {
    const count = category === 'e2e_core_model' ? 8 : 4 + (ci % 2);
    for (let k = 0; k < count; k++) {
      const id = `${category}_case_${k}`;
      const scale = 0.05 * 10 ** (rand() * 4); // 50 µs .. 500 ms
      const samples = Array.from({ length: 10 }, () => scale * (1 + 0.05 * rand()));
      const voxels = 2 ** (12 + ((ci + k) % 12));
      const project = category.replace(/_/g, '-');
      const pkg = { name: `@rhenium-perf/${project}`, version: '0.1.0' };
      if (k === 1 && ci % 4 === 1) {
        results.push(makeUnmeasured(id, 'failed', `${NASTY_TEXT} (case ${k})`, { category, project, package: pkg }));
        continue;
      }
      if (k === 2 && ci % 3 === 0) {
        results.push(makeUnmeasured(id, 'skipped', 'needs CUDA | gpu tag', { category, project, package: pkg, tags: ['full', 'gpu'] }));
        continue;
      }
      const stages =
        category === 'e2e_core_model'
          ? ['decode', 'preprocess', 'segment', 'measure', 'dossier', 'write'].map((name, si) => ({ name, mean_ms: scale * (0.05 + 0.05 * si), p50_ms: scale * (0.05 + 0.05 * si) }))
          : null;
      results.push(
        makeResult(id, samples, {
          category,
          project,
          package: pkg,
          modality: modalities[(ci + k) % 4]!,
          task: k === 0 ? `task with | pipe and <i>html</i> ${category}` : `task ${k}`,
          voxels_per_item: voxels,
          items_per_run: 1 + (k % 3),
          batch_size: scale < 1 ? 16 : 1,
          memory: { rss_mb_before: 80 + ci, rss_mb_after: 90 + ci, rss_mb_peak: 100 + 10 * ci + k, vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null },
          quality: k % 2 === 0 ? { psnr: { value: 30 + ci, unit: 'dB', higher_is_better: true, threshold: 25 }, 'rms|err': { value: 0.0012, unit: '<norm>', higher_is_better: false } } : {},
          // Performance goals (never failing a case) on the first case of every third category.
          targets:
            k === 0 && ci % 3 === 0
              ? { 'startup|ms': { value: 120 + ci, unit: 'ms', higher_is_better: false, target: 125, met: 120 + ci <= 125 }, speedup: { value: 1.5, unit: '<x>', higher_is_better: true, target: 2, met: false } }
              : {},
          stages,
          params: { size: 64 * (k + 1) },
        }),
      );
    }
  });
  // Recompute the per-result throughput with the items_per_run just set.
  for (const r of results) {
    if (r.state !== 'passed') continue;
    const total = r.samples_ms.reduce((a, b) => a + b, 0);
    const ips = (r.items_per_run * r.samples_ms.length) / (total / 1000);
    r.throughput = { items_per_sec: ips, voxels_per_sec: ips * r.voxels_per_item };
  }
  const report = makeReport(results, {
    source: { version: '0.1.0', git_sha: 'abc123', branch: 'feature/<x>|y', dirty: true, config_hash: 'fedcba9876543210' },
    missing_packages: ['extra-category'],
  });
  report.packages = [...new Set(results.map((r) => r.project))].map((project) => {
    const rs = results.filter((r) => r.project === project);
    return {
      project,
      name: `@rhenium-perf/${project}`,
      version: '0.1.0',
      benchmarks: rs.length,
      passed: rs.filter((r) => r.state === 'passed').length,
      failed: rs.filter((r) => r.state === 'failed').length,
      skipped: rs.filter((r) => r.state === 'skipped').length,
      duration_sec: rs.reduce((a, r) => a + r.duration_sec, 0),
      environment: report.environment,
    };
  });
  const states = ['regression', 'improvement', 'inconclusive', 'unchanged', 'new', 'missing'] as const;
  report.comparison = {
    baseline: 'baselines/v1.0.json',
    baseline_timestamp: '2024-12-01T00:00:00.000Z',
    alpha: 0.01,
    comparisons: states.map((state, i) => {
      const change = { regression: 0.2, improvement: -0.2, inconclusive: 0.15, unchanged: 0.02, new: null, missing: null }[state];
      const tested = change !== null;
      return {
        id: results[i]!.id,
        metric: 'latency_ms' as const,
        state,
        baseline: state === 'new' ? null : 10,
        current: state === 'missing' ? null : 10 * (1 + (change ?? 0)),
        change,
        threshold: 0.1,
        p_value: tested ? 0.0001 * (i + 1) : null,
        q_value: tested ? (state === 'inconclusive' ? 0.04 : 0.0006 * (i + 1)) : null,
      };
    }),
  };
  report.comparison.comparisons.push({ id: 'old_case_removed', metric: 'rss_mb_peak', state: 'missing', baseline: 321, current: null, change: null, threshold: 0.2, p_value: null, q_value: null });
  report.summary.regression_status = 'regression';
  return report;
}

/**
 * Complete example documents (every optional field present), typed by the TypeScript
 * types: the tests validate them against the schemas, which keeps the two in step, and
 * other packages' tests use them as fixtures.
 */
import { SCHEMA_VERSION, type AbSection, type BenchmarkResult, type Environment, type SourceInfo, type Report, type ResultsFile } from './types';

/** A complete environment. */
export function sampleEnvironment(): Environment {
  return {
    node: 'v20.20.2', v8: '11.3.244.8-node.33', onnxruntime: '1.30.0', os: 'Linux linux', os_version: '6.1.0', arch: 'x64',
    cpu: 'Intel(R) Xeon(R) Processor', cpu_count: 2, ram_gb: 24, gpu: null, gpu_count: 0, vram_gb: null, cuda: null,
    machine_fingerprint: '0123456789abcdef',
  };
}

/** A complete model (code) description. */
export function sampleSource(): SourceInfo {
  return { version: '1.0.0', git_sha: 'a'.repeat(40), branch: 'main', dirty: false, config_hash: 'fedcba9876543210' };
}

/** A complete passed benchmark result. */
export function sampleBenchmark(overrides: Partial<BenchmarkResult> = {}): BenchmarkResult {
  return {
    id: 'recon_mri_zf_256_c1', category: 'reconstruction_mri', modality: 'MRI', task: 'zero_filled', input_shape: [256, 256],
    dtype: 'complex64', device: 'cpu', state: 'passed', warmup_runs_per_process: 2, measurement_runs: 5, batch_size: 1,
    process_batch_sizes: [1, 2], voxels_per_item: 65536, voxels_counted: 'input', items_per_run: 1,
    latency_ms: { min: 1, max: 1.4, mean: 1.16, std: 0.1516575, p50: 1.1, p95: 1.4, p99: 1.4 },
    samples_ms: [1, 1.1, 1.1, 1.2, 1.4], process_samples: [3, 2], throughput: { items_per_sec: 862.07, voxels_per_sec: 56_496_551.7 },
    memory: { rss_mb_before: 60, rss_mb_after: 70, rss_mb_peak: 72, vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null },
    quality: { nrmse: { value: 3e-7, unit: '', higher_is_better: false, threshold: 1e-6 } },
    targets: { ratio_vs_numpy: { value: 1.1, unit: 'x', higher_is_better: false, target: 1.0, met: false } }, success: true, error: null,
    skipped_reason: null, tags: ['smoke', 'full'], params: { size: 256, coils: 1 }, metadata: { fft: 'radix-2' },
    stages: [{ name: 'ifft', mean_ms: 1.0, p50_ms: 0.98 }], package: { name: '@rhenium-perf/reconstruction-mri', version: '0.1.0' },
    project: 'reconstruction-mri', started_at: '2026-11-26T20:00:00.000Z', duration_sec: 0.5, timeout_ms: 120000,
    ...overrides,
  };
}

/** A complete results file. */
export function sampleResults(): ResultsFile {
  return {
    schema_version: SCHEMA_VERSION, kind: 'results', timestamp: '2026-11-26T20:00:00.000Z', project: 'reconstruction-mri',
    package: { name: '@rhenium-perf/reconstruction-mri', version: '0.1.0' }, mode: 'smoke',
    device: { requested: 'auto', resolved: 'cpu', reason: 'auto: using cpu because no NVIDIA GPU found' }, filter: null,
    environment: sampleEnvironment(), source: sampleSource(), benchmarks: [sampleBenchmark()], duration_sec: 1.5,
  };
}

/** A complete report (with a comparison). */
export function sampleReport(): Report {
  const b = sampleBenchmark();
  return {
    schema_version: SCHEMA_VERSION, kind: 'report', timestamp: '2026-11-26T20:01:00.000Z', mode: 'smoke',
    device: { requested: 'cpu', resolved: 'cpu', reason: null }, environment: sampleEnvironment(), source: sampleSource(),
    benchmarks: [b],
    summary: {
      total_benchmarks: 1, passed: 1, failed: 0, skipped: 0, total_duration_sec: 1.5,
      top_line_metrics: { e2e_p50_ms: null, e2e_p95_ms: null, e2e_items_per_sec: null, peak_rss_mb: 72, peak_vram_mb: null },
      regression_status: 'pass',
    },
    packages: [{ project: 'reconstruction-mri', name: '@rhenium-perf/reconstruction-mri', version: '0.1.0', benchmarks: 1, passed: 1, failed: 0, skipped: 0, duration_sec: 1.5, environment: sampleEnvironment() }],
    missing_packages: [],
    comparison: {
      baseline: 'baselines/v1.0.json', baseline_timestamp: '2026-11-01T00:00:00.000Z', alpha: 0.01,
      comparisons: [{ id: b.id, metric: 'latency_ms', state: 'unchanged', baseline: 1.38, current: 1.4, change: 0.0145, threshold: 0.1, p_value: 0.6, q_value: 0.6 }],
    },
    ab: sampleAb(),
  };
}

/** A complete A/B section. */
export function sampleAb(): AbSection {
  return {
    base: { ref: 'HEAD~1', sha: 'b'.repeat(40) }, head: { ref: 'working tree', sha: 'a'.repeat(40), dirty: false },
    seed: 1, alpha: 0.05, confidence: 0.95, budget_sec: 480, min_rounds: 8, max_rounds: 30, wall_sec: 212.5, slowdown: null,
    comparisons: [{
      id: 'recon_mri_zf_256_c1', project: 'reconstruction-mri', metric: 'latency_ms', state: 'unchanged', rounds: 8, base: 1.1,
      current: 1.12, ratio: 1.018, ci_low: 0.99, ci_high: 1.047, p_value: 0.11, mde: 0.06, threshold: 0.1, note: null,
    }],
  };
}

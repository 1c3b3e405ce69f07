/**
 * TypeScript types of the Rhenium Perf documents. They mirror `schemas/*.schema.json`
 * field for field; `types.test.ts` checks the two stay in step.
 */

/** The 13 category ids of the seed, in its order. */
export const CATEGORY_IDS = Object.freeze([
  'e2e_core_model',
  'io_parsing',
  'preprocessing',
  'perception_inference',
  'reconstruction_mri',
  'reconstruction_ct',
  'pinn_step',
  'gan_inference',
  'xai_dossier',
  'serialization',
  'fastapi_readiness',
  'cli_overhead',
  'governance_artifacts',
] as const);

export type CategoryId = (typeof CATEGORY_IDS)[number];

/** Human names of the categories, as the seed lists them. */
export const CATEGORY_NAMES: Readonly<Record<CategoryId, string>> = Object.freeze({
  e2e_core_model: 'End-to-end core model',
  io_parsing: 'I/O & parsing',
  preprocessing: 'Preprocessing',
  perception_inference: 'Perception inference',
  reconstruction_mri: 'MRI reconstruction',
  reconstruction_ct: 'CT reconstruction',
  pinn_step: 'PINN step',
  gan_inference: 'GAN inference',
  xai_dossier: 'XAI dossier',
  serialization: 'Serialization',
  fastapi_readiness: 'FastAPI readiness',
  cli_overhead: 'CLI overhead',
  governance_artifacts: 'Governance artifacts',
});

export type Modality = 'MRI' | 'CT' | 'US' | 'XR';
export type DeviceKind = 'cpu' | 'cuda';
export type DeviceRequest = DeviceKind | 'auto';
export type RunModeName = 'smoke' | 'full' | 'custom';
export type BenchState = 'passed' | 'failed' | 'skipped';

/** The schema version this package writes. Readers accept any 1.x. */
export const SCHEMA_VERSION = '1.2.0';

export interface PackageRef {
  name: string;
  version: string;
}

export interface Environment {
  node: string;
  v8: string;
  onnxruntime: string | null;
  os: string;
  os_version: string;
  arch: string;
  cpu: string;
  cpu_count: number;
  ram_gb: number;
  gpu: string | null;
  gpu_count: number;
  vram_gb: number | null;
  cuda: string | null;
  machine_fingerprint: string;
}

/** What a document was made from (named `model` before schema 1.2). */
export interface SourceInfo {
  version: string;
  git_sha: string | null;
  branch: string | null;
  dirty: boolean | null;
  config_hash: string;
}

export interface DeviceInfo {
  requested: DeviceRequest;
  resolved: DeviceKind;
  reason: string | null;
}

export interface LatencyStats {
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface Throughput {
  items_per_sec: number | null;
  voxels_per_sec: number | null;
}

export interface MemoryStats {
  rss_mb_before: number | null;
  rss_mb_after: number | null;
  rss_mb_peak: number | null;
  vram_mb_before: number | null;
  vram_mb_after: number | null;
  vram_mb_peak: number | null;
}

export interface QualityFigure {
  value: number;
  unit: string;
  higher_is_better: boolean;
  threshold?: number | null;
}

/** A performance goal: reported with whether it was met, never failing the case. */
export interface TargetFigure {
  value: number;
  unit: string;
  higher_is_better: boolean;
  /** A maximum when higher_is_better is false, a minimum otherwise. */
  target: number;
  met: boolean;
}

export interface StageTiming {
  name: string;
  mean_ms: number;
  p50_ms: number;
}

export interface BenchmarkResult {
  id: string;
  category: CategoryId;
  modality: Modality | null;
  task: string;
  input_shape: number[];
  dtype: string;
  device: DeviceKind;
  state: BenchState;
  /** Untimed warm-up calls in each process. */
  warmup_runs_per_process: number;
  /** Timed samples in all (every process); = samples_ms.length. */
  measurement_runs: number;
  /** Calls per timed sample: the smallest batch any process calibrated. */
  batch_size: number;
  /** The batch each process calibrated, in process order. */
  process_batch_sizes: number[];
  /** Voxels (pixels, points, samples) in one item. */
  voxels_per_item: number;
  /** Whether voxels_per_item counts an item's input or its output. */
  voxels_counted: 'input' | 'output';
  items_per_run: number;
  latency_ms: LatencyStats;
  samples_ms: number[];
  /** Samples measured by each independent process, in order; sums to samples_ms.length. */
  process_samples: number[];
  throughput: Throughput;
  memory: MemoryStats;
  /** Checks (a threshold here was enforced) and plain quality figures. */
  quality: Record<string, QualityFigure>;
  /** Performance goals, never failing the case. */
  targets: Record<string, TargetFigure>;
  success: boolean;
  error: string | null;
  skipped_reason: string | null;
  tags: string[];
  params: Record<string, string | number | boolean>;
  metadata: Record<string, unknown>;
  stages: StageTiming[] | null;
  package: PackageRef;
  project: string;
  started_at: string;
  duration_sec: number;
  timeout_ms: number;
}

export interface ResultsFile {
  schema_version: string;
  kind: 'results';
  timestamp: string;
  project: string;
  package: PackageRef;
  mode: RunModeName;
  device: DeviceInfo;
  filter: string | null;
  environment: Environment;
  source: SourceInfo;
  benchmarks: BenchmarkResult[];
  duration_sec: number;
}

export interface TopLineMetrics {
  e2e_p50_ms: number | null;
  e2e_p95_ms: number | null;
  e2e_items_per_sec: number | null;
  peak_rss_mb: number | null;
  peak_vram_mb: number | null;
}

export type RegressionStatus = 'not_checked' | 'pass' | 'inconclusive' | 'regression';

export interface ReportSummary {
  total_benchmarks: number;
  passed: number;
  failed: number;
  skipped: number;
  total_duration_sec: number;
  top_line_metrics: TopLineMetrics;
  regression_status: RegressionStatus;
}

export interface PackageSummary {
  project: string;
  name: string;
  version: string;
  benchmarks: number;
  passed: number;
  failed: number;
  skipped: number;
  duration_sec: number;
  /** The machine this package's results were measured on. */
  environment: Environment;
}

/** latency_ms: geometric mean of per-process median latencies; latency_p95_ms: only in 1.0 reports. */
export type ComparisonMetric = 'latency_ms' | 'latency_p95_ms' | 'rss_mb_peak' | 'items_per_sec';
/** Metrics of an A/B comparison. */
export type AbMetric = 'latency_ms' | 'items_per_sec' | 'rss_mb_peak';
export type ComparisonState = 'regression' | 'improvement' | 'inconclusive' | 'unchanged' | 'new' | 'missing';

export interface MetricComparison {
  id: string;
  metric: ComparisonMetric;
  state: ComparisonState;
  baseline: number | null;
  current: number | null;
  /** Relative change, (current - baseline) / baseline. */
  change: number | null;
  threshold: number;
  p_value: number | null;
  /** Benjamini–Hochberg adjusted p-value across the run's comparisons. */
  q_value: number | null;
}

export interface Comparison {
  baseline: string;
  baseline_timestamp: string;
  alpha: number;
  comparisons: MetricComparison[];
}

/** One case and metric of a same-job A/B comparison. */
export interface AbComparison {
  id: string;
  project: string;
  metric: AbMetric;
  state: ComparisonState;
  /** Rounds measured (one fresh process per side each). */
  rounds: number;
  /** Median over rounds of the base side's per-round value (ms, items/s or MB). */
  base: number | null;
  current: number | null;
  /** head / base: exp(mean of per-round log ratios). */
  ratio: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** One-sided p-value in the direction of the estimate. */
  p_value: number | null;
  /** Smallest relative change detected with 80% power at this noise and round count. */
  mde: number | null;
  threshold: number;
  note: string | null;
}

/** A same-job A/B comparison (rhenium-perf ab). */
export interface AbSection {
  base: { ref: string; sha: string };
  head: { ref: string; sha: string | null; dirty: boolean };
  seed: number;
  alpha: number;
  confidence: number;
  budget_sec: number;
  min_rounds: number;
  max_rounds: number;
  wall_sec: number;
  slowdown: string | null;
  comparisons: AbComparison[];
}

export interface Report {
  schema_version: string;
  kind: 'report';
  timestamp: string;
  mode: RunModeName;
  device: DeviceInfo;
  environment: Environment;
  source: SourceInfo;
  benchmarks: BenchmarkResult[];
  summary: ReportSummary;
  packages: PackageSummary[];
  missing_packages: string[];
  comparison: Comparison | null;
  ab: AbSection | null;
}

/**
 * The flat view of a report that every template renders. Text is raw (templates escape it
 * for their format with the `md` and `mmd` helpers); numbers come formatted, with units,
 * except chart data, which stays numeric.
 */
import type { ComparisonState, RegressionStatus } from '@rhenium-perf/schema';

/** A label and a formatted value. */
export interface ViewRow {
  label: string;
  value: string;
}

/** One benchmark result, formatted. */
export interface BenchmarkView {
  id: string;
  task: string;
  modality: string;
  state: 'passed' | 'failed' | 'skipped';
  p50: string;
  p95: string;
  p99: string;
  itemsPerSec: string;
  voxelsPerSec: string;
  rssPeak: string;
  batch: string;
  /** Quality figures as `name value unit (≤ bound)`, joined by `; `. */
  quality: string;
}

/** One performance goal of one case (reported, never failing the case), formatted. */
export interface TargetView {
  /** Benchmark id. */
  id: string;
  /** Name of the target. */
  name: string;
  /** The measured value with its unit. */
  value: string;
  /** The goal: `≤ max unit` or `≥ min unit`. */
  goal: string;
  met: 'yes' | 'no';
}

/** One category: counts, average p95 and its benchmarks. */
export interface CategoryView {
  id: string;
  name: string;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  avgP95: string;
  benchmarks: BenchmarkView[];
}

/** A failed or skipped case and why. */
export interface ProblemView {
  id: string;
  state: 'failed' | 'skipped';
  message: string;
}

/** One metric comparison, formatted. */
export interface ComparisonRowView {
  id: string;
  metric: string;
  state: ComparisonState;
  baseline: string;
  current: string;
  change: string;
  threshold: string;
  p: string;
  q: string;
}

/** The comparison section. */
export interface ComparisonView {
  checked: boolean;
  baseline: string;
  baselineTimestamp: string;
  alpha: string;
  counts: ViewRow[];
  /** Every comparison that is not `unchanged`, worst first. */
  rows: ComparisonRowView[];
  unchanged: number;
  total: number;
}

/** A labelled number for a chart. */
export interface ChartPoint {
  label: string;
  value: number;
}

/** Data of the Mermaid charts. */
export interface ChartsView {
  casesPerCategory: ChartPoint[];
  p95PerCategory: ChartPoint[];
  /** Largest value of p95PerCategory (ms), for the y axis. */
  p95Max: number;
  stages: ChartPoint[];
  /** Number of e2e results whose stage times were averaged. */
  stageResults: number;
  latencyVsVoxels: ChartPoint[];
  /** Which cases the chart is drawn from. */
  latencyVsVoxelsScope: string;
  latencyVsVoxelsMax: number;
}

/** Everything the dashboard, perf card and diagrams show. */
export interface ReportView {
  timestamp: string;
  mode: string;
  schemaVersion: string;
  device: string;
  run: ViewRow[];
  environment: ViewRow[];
  source: ViewRow[];
  summary: {
    total: number;
    passed: number;
    failed: number;
    skipped: number;
    duration: string;
    regressionStatus: RegressionStatus;
    /** A short human sentence about the regression status. */
    regressionText: string;
  };
  topLine: ViewRow[];
  latencySummary: ViewRow[];
  throughputSummary: ViewRow[];
  memorySummary: ViewRow[];
  packages: { project: string; name: string; version: string; benchmarks: number; passed: number; failed: number; skipped: number; duration: string }[];
  missingPackages: string[];
  categories: CategoryView[];
  /** Every target of every result, in report order (apart from the quality checks). */
  targets: TargetView[];
  problems: ProblemView[];
  comparison: ComparisonView;
  charts: ChartsView;
  /** The SVG plots (render/plots.ts), as `plots/<file>` beside the rendered Markdown. */
  plots: { file: string; title: string }[];
  /** Labels of the reporting-flow diagram. */
  flow: { packages: string; cases: string };
}

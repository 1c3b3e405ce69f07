/**
 * Figures of a performance report, as a flat view: run facts, top-line metrics, and per
 * category the counts and p95 latency. Rendered inside the model card and on its own
 * (`renderReportFigures`).
 */
import { median } from '@rhenium-perf/harness';
import { assertValid, CATEGORY_IDS, CATEGORY_NAMES, type BenchmarkResult, type Report } from '@rhenium-perf/schema';
import { GovernanceError } from './errors';
import { renderTemplate } from './render';
import { assertTimestamp } from './validate';

/** One top-line metric row. */
export interface TopLineRow {
  metric: string;
  value: number | null;
  unit: string;
}

/** One category row: counts and p95 latency over its passed cases. */
export interface CategoryFigures {
  id: string;
  name: string;
  benchmarks: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Median over the category's passed cases of each case's p95 latency (ms), or null. */
  p95_median_ms: number | null;
  /** Largest p95 latency (ms) in the category, and which case. */
  p95_max_ms: number | null;
  p95_max_id: string | null;
}

/** One benchmark row of the full listing. */
export interface ResultRow {
  id: string;
  category: string;
  modality: string | null;
  state: string;
  p50_ms: number | null;
  p95_ms: number | null;
  items_per_sec: number | null;
  rss_mb_peak: number | null;
}

/** The flat view of a report. */
export interface ReportFigures {
  timestamp: string;
  mode: string;
  device: string;
  version: string;
  git_sha: string | null;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  regression_status: string;
  top_line: TopLineRow[];
  categories: CategoryFigures[];
  results: ResultRow[];
}

function categoryFigures(id: (typeof CATEGORY_IDS)[number], results: readonly BenchmarkResult[]): CategoryFigures {
  const mine = results.filter((r) => r.category === id);
  const timed = mine.filter((r) => r.state === 'passed' && typeof r.latency_ms.p95 === 'number');
  let maxId: string | null = null;
  let max: number | null = null;
  for (const r of timed) {
    const p95 = r.latency_ms.p95 as number;
    // Ties go to the smaller id, so the row does not depend on the order of the report.
    if (max === null || p95 > max || (p95 === max && maxId !== null && r.id < maxId)) {
      max = p95;
      maxId = r.id;
    }
  }
  return {
    id,
    name: CATEGORY_NAMES[id],
    benchmarks: mine.length,
    passed: mine.filter((r) => r.state === 'passed').length,
    failed: mine.filter((r) => r.state === 'failed').length,
    skipped: mine.filter((r) => r.state === 'skipped').length,
    p95_median_ms: timed.length > 0 ? median(timed.map((r) => r.latency_ms.p95 as number)) : null,
    p95_max_ms: max,
    p95_max_id: maxId,
  };
}

/**
 * The flat view of a report (validated against the report schema first). Every one of the
 * 13 categories has a row, in the schema's order; results are listed by category, then id.
 */
export function reportFigures(report: unknown, source = 'report'): ReportFigures {
  let r: Report;
  try {
    r = assertValid<Report>('report', report, source);
  } catch (err) {
    const e = err as { message: string; issues?: readonly string[] };
    throw new GovernanceError('RPERF_GOV_INVALID_DATA', e.message, e.issues ?? []);
  }
  const t = r.summary.top_line_metrics;
  const order = new Map<string, number>(CATEGORY_IDS.map((c, i) => [c, i]));
  const results = [...r.benchmarks]
    .sort((a, b) => (order.get(a.category) as number) - (order.get(b.category) as number) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((b) => ({
      id: b.id,
      category: b.category,
      modality: b.modality,
      state: b.state,
      p50_ms: b.latency_ms.p50,
      p95_ms: b.latency_ms.p95,
      items_per_sec: b.throughput.items_per_sec,
      rss_mb_peak: b.memory.rss_mb_peak,
    }));
  return {
    timestamp: r.timestamp,
    mode: r.mode,
    device: r.device.resolved,
    version: r.source.version,
    git_sha: r.source.git_sha,
    total: r.summary.total_benchmarks,
    passed: r.summary.passed,
    failed: r.summary.failed,
    skipped: r.summary.skipped,
    regression_status: r.summary.regression_status,
    top_line: [
      { metric: 'End-to-end latency p50', value: t.e2e_p50_ms, unit: 'ms' },
      { metric: 'End-to-end latency p95', value: t.e2e_p95_ms, unit: 'ms' },
      { metric: 'End-to-end throughput', value: t.e2e_items_per_sec, unit: 'items/s' },
      { metric: 'Peak RSS', value: t.peak_rss_mb, unit: 'MB' },
      { metric: 'Peak VRAM', value: t.peak_vram_mb, unit: 'MB' },
    ],
    categories: CATEGORY_IDS.map((c) => categoryFigures(c, r.benchmarks)),
    results,
  };
}

/**
 * Render a report's figures as Markdown: top-line metrics, per-category p95, and one row
 * per benchmark. `generatedAt` is injected (never read from the clock).
 */
export function renderReportFigures(report: unknown, options: { generatedAt: string; source?: string }): string {
  const generated_at = assertTimestamp(options.generatedAt, 'generatedAt');
  return renderTemplate('report-figures', { generated_at, report: reportFigures(report, options.source) });
}

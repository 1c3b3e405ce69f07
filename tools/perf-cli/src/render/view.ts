/**
 * Build the flat view of a report (data first, formats after): one pass over the report,
 * every number formatted once, so the dashboard, perf card and diagrams agree.
 */
import { plotsOf } from './plots';
import { median } from '@rhenium-perf/harness';
import { CATEGORY_IDS, CATEGORY_NAMES } from '@rhenium-perf/schema';
import type { BenchmarkResult, ComparisonState, MetricComparison, RegressionStatus, Report } from '@rhenium-perf/schema';
import { truncate } from './escape';
import { NO_VALUE, formatChange, formatCount, formatMiB, formatMs, formatP, formatPercent, formatSeconds, formatSig } from './format';
import type { BenchmarkView, CategoryView, ChartPoint, ComparisonRowView, ComparisonView, ReportView, TargetView, ViewRow } from './types';

const STATE_ORDER: readonly ComparisonState[] = ['regression', 'missing', 'inconclusive', 'improvement', 'new', 'unchanged'];

const METRIC_LABELS: Readonly<Record<string, string>> = { latency_ms: 'latency (process medians)', latency_p95_ms: 'p95 latency', rss_mb_peak: 'peak RSS', items_per_sec: 'items/s' };

const REGRESSION_TEXT: Readonly<Record<RegressionStatus, string>> = {
  not_checked: 'no baseline was given',
  pass: 'no benchmark is worse than the baseline past its threshold',
  inconclusive: 'a change past its threshold is not significant, or a benchmark is missing, so this run is not a pass',
  regression: 'at least one benchmark is significantly worse than the baseline, past its threshold',
};

function medianOrNull(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : median(xs);
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function numbers<T>(items: readonly T[], get: (t: T) => number | null): number[] {
  return items.map(get).filter((x): x is number => x !== null && Number.isFinite(x));
}

function maxBy<T>(items: readonly T[], get: (t: T) => number | null): T | null {
  let best: T | null = null;
  let bestValue = -Infinity;
  for (const t of items) {
    const v = get(t);
    if (v !== null && Number.isFinite(v) && v > bestValue) {
      best = t;
      bestValue = v;
    }
  }
  return best;
}

function qualityText(r: BenchmarkResult): string {
  const parts = Object.entries(r.quality).map(([name, q]) => {
    const bound = q.threshold === undefined || q.threshold === null ? '' : ` (${q.higher_is_better ? '≥' : '≤'} ${formatSig(q.threshold)})`;
    return `${name} ${formatSig(q.value)}${q.unit ? ` ${q.unit}` : ''}${bound}`;
  });
  return parts.length ? parts.join('; ') : NO_VALUE;
}

/** The targets of a result (performance goals: reported with met, never failing the case). */
function targetViews(r: BenchmarkResult): TargetView[] {
  const withUnit = (v: number, unit: string): string => `${formatSig(v)}${unit ? ` ${unit}` : ''}`;
  return Object.entries(r.targets ?? {}).map(([name, t]) => ({
    id: r.id,
    name,
    value: withUnit(t.value, t.unit),
    goal: `${t.higher_is_better ? '≥' : '≤'} ${withUnit(t.target, t.unit)}`,
    met: t.met ? 'yes' : 'no',
  }));
}

function benchmarkView(r: BenchmarkResult): BenchmarkView {
  return {
    id: r.id,
    task: r.task,
    modality: r.modality ?? NO_VALUE,
    state: r.state,
    p50: formatMs(r.latency_ms.p50),
    p95: formatMs(r.latency_ms.p95),
    p99: formatMs(r.latency_ms.p99),
    itemsPerSec: formatCount(r.throughput.items_per_sec),
    voxelsPerSec: formatCount(r.throughput.voxels_per_sec),
    rssPeak: formatMiB(r.memory.rss_mb_peak),
    batch: String(r.batch_size),
    quality: qualityText(r),
  };
}

function formatMetric(metric: string, v: number | null): string {
  if (metric === 'latency_ms' || metric === 'latency_p95_ms') return formatMs(v);
  if (metric === 'rss_mb_peak') return formatMiB(v);
  return v === null ? NO_VALUE : `${formatCount(v)}/s`;
}

function comparisonView(report: Report): ComparisonView {
  const c = report.comparison;
  if (!c) return { checked: false, baseline: NO_VALUE, baselineTimestamp: NO_VALUE, alpha: NO_VALUE, counts: [], rows: [], unchanged: 0, total: 0 };
  const counts = STATE_ORDER.map((state) => ({ label: state, value: String(c.comparisons.filter((x) => x.state === state).length) }));
  const rows = c.comparisons
    .filter((x) => x.state !== 'unchanged')
    .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state))
    .map(
      (x: MetricComparison): ComparisonRowView => ({
        id: x.id,
        metric: METRIC_LABELS[x.metric] ?? x.metric,
        state: x.state,
        baseline: formatMetric(x.metric, x.baseline),
        current: formatMetric(x.metric, x.current),
        change: formatChange(x.change),
        threshold: `${x.metric === 'items_per_sec' ? '-' : '+'}${formatPercent(x.threshold)}`,
        p: formatP(x.p_value),
        q: formatP(x.q_value),
      }),
    );
  return {
    checked: true,
    baseline: c.baseline,
    baselineTimestamp: c.baseline_timestamp,
    alpha: String(c.alpha),
    counts,
    rows,
    unchanged: c.comparisons.length - rows.length,
    total: c.comparisons.length,
  };
}

/** Median p95 per distinct voxel count (bucketed by powers of two when there are many). */
function latencyVsVoxels(passed: readonly BenchmarkResult[]): ChartPoint[] {
  const withVoxels = passed.filter((r) => r.voxels_per_item > 0 && r.latency_ms.p95 !== null);
  const distinct = new Set(withVoxels.map((r) => r.voxels_per_item));
  const bucketOf = distinct.size > 16 ? (v: number) => 2 ** Math.round(Math.log2(v)) : (v: number) => v;
  const groups = new Map<number, number[]>();
  for (const r of withVoxels) {
    const k = bucketOf(r.voxels_per_item);
    groups.set(k, [...(groups.get(k) ?? []), r.latency_ms.p95!]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([v, ps]) => ({ label: formatCount(v), value: medianOrNull(ps)! }));
}

/**
 * The view of `report`.
 * @example buildView(report).categories[0].avgP95 // '12.3 ms'
 */
export function buildView(report: Report): ReportView {
  const results = report.benchmarks;
  const passed = results.filter((r) => r.state === 'passed');
  const env = report.environment;
  const source = report.source;
  const s = report.summary;
  const tl = s.top_line_metrics;

  const categories: CategoryView[] = CATEGORY_IDS.map((id) => {
    const rs = results.filter((r) => r.category === id);
    const ok = rs.filter((r) => r.state === 'passed');
    return {
      id,
      name: CATEGORY_NAMES[id],
      tests: rs.length,
      passed: ok.length,
      failed: rs.filter((r) => r.state === 'failed').length,
      skipped: rs.filter((r) => r.state === 'skipped').length,
      avgP95: formatMs(mean(numbers(ok, (r) => r.latency_ms.p95))),
      benchmarks: rs.map(benchmarkView),
    };
  });
  // Results whose category is not one of the 13 (an invalid report) still show up.
  const known = new Set<string>(CATEGORY_IDS);
  const strays = results.filter((r) => !known.has(r.category));
  if (strays.length) {
    categories.push({ id: 'other', name: 'Other', tests: strays.length, passed: strays.filter((r) => r.state === 'passed').length, failed: strays.filter((r) => r.state === 'failed').length, skipped: strays.filter((r) => r.state === 'skipped').length, avgP95: formatMs(mean(numbers(strays.filter((r) => r.state === 'passed'), (r) => r.latency_ms.p95))), benchmarks: strays.map(benchmarkView) });
  }

  const fastest = passed.reduce<BenchmarkResult | null>((best, r) => (r.latency_ms.p50 !== null && (best === null || r.latency_ms.p50 < best.latency_ms.p50!) ? r : best), null);
  const slowest = maxBy(passed, (r) => r.latency_ms.p95);
  const topItems = maxBy(passed, (r) => r.throughput.items_per_sec);
  const topVoxels = maxBy(passed, (r) => r.throughput.voxels_per_sec);
  const topRss = maxBy(results, (r) => r.memory.rss_mb_peak);
  const topVram = maxBy(results, (r) => r.memory.vram_mb_peak);
  const named = (value: string, r: BenchmarkResult | null): string => (r ? `${value} (${r.id})` : value);

  // Stress cases (scalability, concurrency, soak) time other things than the pipeline's stages.
  const e2eWithStages = passed.filter((r) => r.category === 'e2e_core_model' && !r.tags.includes('stress') && r.stages && r.stages.length > 0);
  const stageNames: string[] = [];
  const stageTimes = new Map<string, number[]>();
  for (const r of e2eWithStages) {
    for (const st of r.stages!) {
      if (!stageTimes.has(st.name)) {
        stageNames.push(st.name);
        stageTimes.set(st.name, []);
      }
      stageTimes.get(st.name)!.push(st.mean_ms);
    }
  }
  const p95PerCategory = categories
    .filter((c) => c.id !== 'other')
    .map((c) => ({ label: c.name, value: mean(numbers(results.filter((r) => r.category === c.id && r.state === 'passed'), (r) => r.latency_ms.p95)) }))
    .filter((p): p is ChartPoint => p.value !== null);
  // The pipeline's latency against its input size, when the e2e cases span sizes; else every case.
  const e2ePipeline = passed.filter((r) => r.category === 'e2e_core_model' && !r.tags.includes('stress'));
  const e2eScope = new Set(e2ePipeline.map((r) => r.voxels_per_item)).size >= 2;
  const lvv = latencyVsVoxels(e2eScope ? e2ePipeline : passed);

  return {
    timestamp: report.timestamp,
    mode: report.mode,
    schemaVersion: report.schema_version,
    device: `${report.device.resolved} (requested ${report.device.requested}${report.device.reason ? `: ${report.device.reason}` : ''})`,
    run: [
      { label: 'Report timestamp', value: report.timestamp },
      { label: 'Mode', value: report.mode },
      { label: 'Device', value: `${report.device.resolved} (requested ${report.device.requested}${report.device.reason ? `: ${report.device.reason}` : ''})` },
      { label: 'Benchmarks', value: `${s.total_benchmarks} (${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped)` },
      { label: 'Total duration', value: formatSeconds(s.total_duration_sec) },
      { label: 'Schema version', value: report.schema_version },
    ],
    environment: [
      { label: 'Node.js', value: env.node },
      { label: 'V8', value: env.v8 },
      { label: 'onnxruntime-node', value: env.onnxruntime ?? NO_VALUE },
      { label: 'OS', value: `${env.os} ${env.os_version} (${env.arch})` },
      { label: 'CPU', value: `${env.cpu} × ${env.cpu_count}` },
      { label: 'RAM', value: `${formatSig(env.ram_gb)} GB` },
      { label: 'GPU', value: env.gpu ? `${env.gpu} × ${env.gpu_count}${env.vram_gb !== null ? `, ${formatSig(env.vram_gb)} GB` : ''}` : 'none' },
      { label: 'CUDA', value: env.cuda ?? NO_VALUE },
      { label: 'Machine fingerprint', value: env.machine_fingerprint },
    ],
    source: [
      { label: 'Version', value: source.version },
      { label: 'Git commit', value: source.git_sha ?? NO_VALUE },
      { label: 'Branch', value: source.branch ?? NO_VALUE },
      { label: 'Uncommitted changes', value: source.dirty === null ? NO_VALUE : source.dirty ? 'yes' : 'no' },
      { label: 'Config hash', value: source.config_hash },
    ],
    summary: {
      total: s.total_benchmarks,
      passed: s.passed,
      failed: s.failed,
      skipped: s.skipped,
      duration: formatSeconds(s.total_duration_sec),
      regressionStatus: s.regression_status,
      regressionText: REGRESSION_TEXT[s.regression_status] ?? s.regression_status,
    },
    topLine: [
      { label: 'End-to-end p50', value: formatMs(tl.e2e_p50_ms) },
      { label: 'End-to-end p95', value: formatMs(tl.e2e_p95_ms) },
      { label: 'End-to-end throughput', value: tl.e2e_items_per_sec === null ? NO_VALUE : `${formatCount(tl.e2e_items_per_sec)} items/s` },
      { label: 'Peak RSS (all cases)', value: formatMiB(tl.peak_rss_mb) },
      { label: 'Peak VRAM (all cases)', value: formatMiB(tl.peak_vram_mb) },
    ],
    latencySummary: [
      { label: 'End-to-end p50 / p95', value: `${formatMs(tl.e2e_p50_ms)} / ${formatMs(tl.e2e_p95_ms)}` },
      { label: 'Median p95 over passed cases', value: formatMs(medianOrNull(numbers(passed, (r) => r.latency_ms.p95))) },
      { label: 'Fastest case (p50)', value: fastest ? named(formatMs(fastest.latency_ms.p50), fastest) : NO_VALUE },
      { label: 'Slowest case (p95)', value: slowest ? named(formatMs(slowest.latency_ms.p95), slowest) : NO_VALUE },
    ],
    throughputSummary: [
      { label: 'End-to-end throughput', value: tl.e2e_items_per_sec === null ? NO_VALUE : `${formatCount(tl.e2e_items_per_sec)} items/s` },
      { label: 'Highest items/s', value: topItems ? named(`${formatCount(topItems.throughput.items_per_sec)} items/s`, topItems) : NO_VALUE },
      { label: 'Highest voxels/s', value: topVoxels ? named(`${formatCount(topVoxels.throughput.voxels_per_sec)} voxels/s`, topVoxels) : NO_VALUE },
    ],
    memorySummary: [
      { label: 'Peak RSS', value: topRss ? named(formatMiB(topRss.memory.rss_mb_peak), topRss) : formatMiB(tl.peak_rss_mb) },
      { label: 'Median peak RSS per case', value: formatMiB(medianOrNull(numbers(results, (r) => r.memory.rss_mb_peak))) },
      { label: 'Peak VRAM', value: topVram ? named(formatMiB(topVram.memory.vram_mb_peak), topVram) : 'not measured (no GPU case ran)' },
    ],
    packages: report.packages.map((p) => ({ ...p, duration: formatSeconds(p.duration_sec) })),
    missingPackages: [...report.missing_packages],
    categories,
    targets: results.flatMap(targetViews),
    problems: results
      .filter((r) => r.state !== 'passed')
      .map((r) => ({ id: r.id, state: r.state as 'failed' | 'skipped', message: truncate(r.error ?? r.skipped_reason ?? 'no reason recorded') })),
    comparison: comparisonView(report),
    plots: plotsOf(report).map((pl) => ({ file: pl.file, title: pl.title })),
    charts: {
      casesPerCategory: categories.filter((c) => c.tests > 0).map((c) => ({ label: c.name, value: c.tests })),
      p95PerCategory,
      p95Max: Math.max(0, ...p95PerCategory.map((p) => p.value)),
      stages: stageNames.map((name) => ({ label: name, value: mean(stageTimes.get(name)!)! })).filter((p) => p.value > 0),
      stageResults: e2eWithStages.length,
      latencyVsVoxels: lvv,
      latencyVsVoxelsScope: e2eScope ? 'end-to-end pipeline cases' : 'all passed cases',
      latencyVsVoxelsMax: Math.max(0, ...lvv.map((p) => p.value)),
    },
    flow: {
      packages: `${report.packages.length} package results files${report.missing_packages.length ? `, ${report.missing_packages.length} missing` : ''}`,
      cases: `${s.total_benchmarks} cases, ${s.passed} passed`,
    },
  };
}

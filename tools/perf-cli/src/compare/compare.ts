/**
 * The regression rule against a committed baseline (nightly history on a fixed machine),
 * per benchmark id and metric. The same-job A/B comparison (ab/) is the PR gate.
 *
 * Latency: the statistic is the per-process median, the process being the unit of
 * replication. The value compared is the geometric mean of the per-process medians;
 * change = value / baseline value - 1; the test is Welch's t-test on the logs of the
 * per-process medians, so the threshold and the test are on the same statistic. items/s
 * is the same data seen the other way (items_per_run / latency), compared the same way.
 * With fewer than MIN_PROCESSES_PER_SIDE processes on a side nothing is testable: a
 * change past the threshold is `inconclusive` (never a test on the samples of one process,
 * which share its JIT state and load and make false alarms).
 * Significance: Benjamini–Hochberg q-values over every tested comparison of the run, q ≤ α.
 * Past the threshold and significant: `regression` (bad direction) or `improvement`; past
 * it and not: `inconclusive`; within it: `unchanged`. Peak RSS has one value per case and
 * follows the single-sample policy (default: past +20% is a regression). Only in the current
 * report: `new`; only in the baseline (or no longer passing): `missing`. See docs/perf/metrics.md.
 */
import { median } from '@rhenium-perf/harness';
import type { BenchmarkResult, Comparison, ComparisonMetric, ComparisonState, MetricComparison, RegressionStatus, Report } from '@rhenium-perf/schema';
import { benjaminiHochberg } from './benjamini-hochberg';
import { resolveMetricPolicy, resolveRunSettings } from './config';
import { COMPARISON_METRICS } from './defaults';
import { welchTTest } from './student-t';
import type { CompareConfig, CompareOptions } from './types';

/** +1 when a larger value is worse (latency, memory), -1 when smaller is worse (throughput). */
const WORSE_SIGN: Readonly<Record<ComparisonMetric, 1 | -1>> = Object.freeze({
  latency_ms: 1,
  latency_p95_ms: 1,
  rss_mb_peak: 1,
  items_per_sec: -1,
});

const geoMean = (logs: readonly number[]): number => Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);

/** The metric's value: per-process statistics where the metric has them, else the point value. */
function metricValue(r: BenchmarkResult, metric: ComparisonMetric): number | null {
  const logs = allProcessLogMedians(r);
  if (metric === 'latency_ms') return logs ? geoMean(logs) : r.latency_ms.p50;
  if (metric === 'latency_p95_ms') return r.latency_ms.p95;
  if (metric === 'rss_mb_peak') return r.memory.rss_mb_peak;
  if (logs) return (r.items_per_run * 1000) / geoMean(logs);
  return r.throughput.items_per_sec;
}

/** Processes needed on each side for the test on per-process medians. */
export const MIN_PROCESSES_PER_SIDE = 3;

/**
 * ln of the median of each process's samples (samples_ms split by process_samples), or null
 * when the result does not come from at least MIN_PROCESSES_PER_SIDE processes.
 */
export function processLogMedians(r: BenchmarkResult): number[] | null {
  const logs = allProcessLogMedians(r);
  return logs && logs.length >= MIN_PROCESSES_PER_SIDE ? logs : null;
}

/** ln of the median of each process's samples (any number of processes), or null without samples. */
function allProcessLogMedians(r: BenchmarkResult): number[] | null {
  const counts = r.process_samples ?? [];
  if (counts.length === 0) return null;
  const out: number[] = [];
  let at = 0;
  for (const n of counts) {
    const xs = r.samples_ms.slice(at, at + n);
    at += n;
    if (xs.length === 0) return null;
    const m = median(xs);
    if (!(m > 0)) return null;
    out.push(Math.log(m));
  }
  return out;
}

function byId(results: readonly BenchmarkResult[]): Map<string, BenchmarkResult> {
  const map = new Map<string, BenchmarkResult>();
  for (const r of results) if (!map.has(r.id)) map.set(r.id, r);
  return map;
}

interface Pending {
  row: MetricComparison;
  /** Index into the tested family, or -1. */
  test: number;
  direction: 'bad' | 'good' | 'none';
  singleSample: 'regression' | 'inconclusive';
}

function entry(id: string, metric: ComparisonMetric, state: ComparisonState, threshold: number, baseline: number | null, current: number | null): MetricComparison {
  return { id, metric, state, baseline, current, change: null, threshold, p_value: null, q_value: null };
}

/**
 * Compare `current` with `baseline` per benchmark id and metric.
 * @example compareReports(report, loadBaseline('baselines/v1.0.json'), {}, { baselineSource: 'baselines/v1.0.json' })
 */
export function compareReports(current: Report, baseline: Report, config: CompareConfig = {}, options: CompareOptions = {}): Comparison {
  const { alpha, sidedness } = resolveRunSettings(config);
  const cur = byId(current.benchmarks);
  const base = byId(baseline.benchmarks);
  const ids = [...cur.keys(), ...[...base.keys()].filter((id) => !cur.has(id))];
  const pending: Pending[] = [];
  const pValues: number[] = [];

  for (const id of ids) {
    const c = cur.get(id);
    const b = base.get(id);
    const cPassed = c?.state === 'passed';
    const bPassed = b?.state === 'passed';
    if (!cPassed && !bPassed) continue; // nothing measured on either side: no comparison to make
    for (const metric of COMPARISON_METRICS) {
      const policy = resolveMetricPolicy(config, id, metric);
      const cv = cPassed ? metricValue(c, metric) : null;
      const bv = bPassed ? metricValue(b, metric) : null;
      if (cv === null && bv === null) continue;
      if (bv === null) {
        pending.push({ row: entry(id, metric, 'new', policy.threshold, null, cv), test: -1, direction: 'none', singleSample: policy.singleSample });
        continue;
      }
      if (cv === null) {
        pending.push({ row: entry(id, metric, 'missing', policy.threshold, bv, null), test: -1, direction: 'none', singleSample: policy.singleSample });
        continue;
      }
      const row = entry(id, metric, 'unchanged', policy.threshold, bv, cv);
      const sign = WORSE_SIGN[metric];
      row.change = bv !== 0 ? (cv - bv) / bv : cv === 0 ? 0 : null;
      // NOTE: a zero baseline has no relative change; any move away from it counts as past the threshold.
      const worse = row.change !== null ? sign * row.change > policy.threshold : sign * (cv - bv) > 0;
      const better = row.change !== null ? -sign * row.change > policy.threshold : sign * (cv - bv) < 0;
      const direction = worse ? 'bad' : better ? 'good' : 'none';

      let test = -1;
      if (metric === 'latency_ms' || metric === 'items_per_sec') {
        const cm = processLogMedians(c!);
        const bm = processLogMedians(b!);
        if (cm && bm) {
          // NOTE: samples of one process are not independent (shared JIT state, heap layout and
          // machine load), so the unit of the test is the process: Welch's t-test on the logs of
          // the per-process medians, the statistic whose ratio the threshold is put on.
          const latencyUp = metric === 'items_per_sec' ? cv <= bv : cv >= bv;
          const alternative = sidedness === 'two-sided' ? 'two-sided' : latencyUp ? 'greater' : 'less';
          row.p_value = welchTTest(cm, bm, alternative).p;
          test = pValues.length;
          pValues.push(row.p_value);
        }
      }
      pending.push({ row, test, direction, singleSample: policy.singleSample });
    }
  }

  const q = benjaminiHochberg(pValues);
  for (const p of pending) {
    if (p.test >= 0) p.row.q_value = q[p.test]!;
    if (p.row.state !== 'unchanged') continue;
    // Latency and items/s without 3 processes per side are never decided on point values,
    // neither as a change nor as "unchanged".
    const untestable = p.row.metric === 'latency_ms' || p.row.metric === 'items_per_sec' || p.row.metric === 'latency_p95_ms';
    if (untestable && p.test < 0) {
      p.row.state = 'inconclusive';
      continue;
    }
    if (p.direction === 'none') continue;
    const decisive = p.test >= 0 ? p.row.q_value! <= alpha : !untestable && p.singleSample === 'regression';
    p.row.state = decisive ? (p.direction === 'bad' ? 'regression' : 'improvement') : 'inconclusive';
  }
  return {
    baseline: options.baselineSource ?? 'baseline',
    baseline_timestamp: baseline.timestamp,
    alpha,
    comparisons: pending.map((p) => p.row),
  };
}

/**
 * The run's verdict: 'regression' if any comparison regressed, else 'inconclusive' if any is
 * inconclusive or missing (a missing measurement is never a pass), else 'pass'. An empty
 * comparison (nothing measured on either side) is 'inconclusive'.
 */
export function regressionStatus(comparison: Comparison | null): RegressionStatus {
  if (!comparison) return 'not_checked';
  const states = new Set(comparison.comparisons.map((c) => c.state));
  if (states.has('regression')) return 'regression';
  if (comparison.comparisons.length === 0 || states.has('inconclusive') || states.has('missing')) return 'inconclusive';
  return 'pass';
}

/** Count of comparisons per state (every state present, zero when none). */
export function countStates(comparison: Comparison): Record<ComparisonState, number> {
  const counts: Record<ComparisonState, number> = { regression: 0, improvement: 0, inconclusive: 0, unchanged: 0, new: 0, missing: 0 };
  for (const c of comparison.comparisons) counts[c.state]++;
  return counts;
}

/** A copy of `report` with the comparison attached and `summary.regression_status` set from it. */
export function withComparison(report: Report, comparison: Comparison | null): Report {
  return { ...report, comparison, summary: { ...report.summary, regression_status: regressionStatus(comparison) } };
}

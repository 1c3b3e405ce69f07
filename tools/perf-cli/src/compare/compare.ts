/**
 * The regression rule: compare a report with a baseline, per benchmark id and metric.
 *
 * For a metric present on both sides, change = (current - baseline) / baseline. Within its
 * threshold the metric is `unchanged`. Past it, the change must also be significant: with
 * at least 3 independent processes per side, Welch's t-test on the logs of the per-process
 * median latencies (the process is the unit of replication); otherwise a
 * Mann–Whitney U test on the raw latency samples (items/s is a decreasing function of each
 * sample's latency, and the test is rank-based, so both metrics use the latency samples),
 * with Benjamini–Hochberg q-values over every tested comparison of the run and q ≤ α.
 * Significant: `regression` (bad direction) or `improvement` (good direction); not:
 * `inconclusive`. Peak RSS has one value per case, so it follows the single-sample policy
 * (default: past threshold is a regression). Only in the current report: `new`; only in
 * the baseline (or no longer passing): `missing`. See docs/perf/metrics.md.
 */
import type { BenchmarkResult, Comparison, ComparisonMetric, ComparisonState, MetricComparison, RegressionStatus, Report } from '@rhenium-perf/schema';
import { benjaminiHochberg } from './benjamini-hochberg';
import { resolveMetricPolicy, resolveRunSettings } from './config';
import { COMPARISON_METRICS, MIN_SAMPLES_PER_SIDE } from './defaults';
import { mannWhitneyU } from './mann-whitney';
import { welchTTest } from './student-t';
import type { CompareConfig, CompareOptions } from './types';

/** +1 when a larger value is worse (latency, memory), -1 when smaller is worse (throughput). */
const WORSE_SIGN: Readonly<Record<ComparisonMetric, 1 | -1>> = Object.freeze({
  latency_p95_ms: 1,
  rss_mb_peak: 1,
  items_per_sec: -1,
});

function metricValue(r: BenchmarkResult, metric: ComparisonMetric): number | null {
  if (metric === 'latency_p95_ms') return r.latency_ms.p95;
  if (metric === 'rss_mb_peak') return r.memory.rss_mb_peak;
  return r.throughput.items_per_sec;
}

/** Samples that carry the metric's variation; null for single-valued metrics. */
function metricSamples(r: BenchmarkResult, metric: ComparisonMetric): readonly number[] | null {
  return metric === 'rss_mb_peak' ? null : r.samples_ms;
}

/** Processes needed on each side for the test on per-process medians. */
export const MIN_PROCESSES_PER_SIDE = 3;

/**
 * ln of the median of each process's samples (samples_ms split by process_samples), or null
 * when the result does not come from at least MIN_PROCESSES_PER_SIDE processes.
 */
export function processLogMedians(r: BenchmarkResult): number[] | null {
  const counts = r.process_samples ?? [];
  if (counts.length < MIN_PROCESSES_PER_SIDE) return null;
  const out: number[] = [];
  let at = 0;
  for (const n of counts) {
    const xs = r.samples_ms.slice(at, at + n).sort((a, b) => a - b);
    at += n;
    if (xs.length === 0) return null;
    const mid = xs.length >> 1;
    const median = xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
    if (!(median > 0)) return null;
    out.push(Math.log(median));
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
      const cs = metricSamples(c!, metric);
      const bs = metricSamples(b!, metric);
      const cm = cs && bs ? processLogMedians(c!) : null;
      const bm = cs && bs ? processLogMedians(b!) : null;
      if (cm && bm) {
        // NOTE: samples of one process are not independent (shared JIT state, heap layout and
        // machine load), so with several processes per side the unit of the test is the
        // process: Welch's t-test on the logs of the per-process medians.
        const latencyUp = metric === 'items_per_sec' ? cv <= bv : cv >= bv;
        const alternative = sidedness === 'two-sided' ? 'two-sided' : latencyUp ? 'greater' : 'less';
        row.p_value = welchTTest(cm, bm, alternative).p;
        test = pValues.length;
        pValues.push(row.p_value);
      } else if (cs && bs && cs.length >= MIN_SAMPLES_PER_SIDE && bs.length >= MIN_SAMPLES_PER_SIDE) {
        // Latency samples of the current run larger than the baseline's means "worse" for
        // latency and for throughput alike.
        const latencyUp = metric === 'items_per_sec' ? cv <= bv : cv >= bv;
        const alternative = sidedness === 'two-sided' ? 'two-sided' : latencyUp ? 'greater' : 'less';
        row.p_value = mannWhitneyU(cs, bs, { alternative }).p;
        test = pValues.length;
        pValues.push(row.p_value);
      }
      pending.push({ row, test, direction, singleSample: policy.singleSample });
    }
  }

  const q = benjaminiHochberg(pValues);
  for (const p of pending) {
    if (p.test >= 0) p.row.q_value = q[p.test]!;
    if (p.row.state !== 'unchanged' || p.direction === 'none') continue;
    const decisive = p.test >= 0 ? p.row.q_value! <= alpha : p.singleSample === 'regression';
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

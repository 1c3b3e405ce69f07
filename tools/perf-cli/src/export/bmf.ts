/**
 * Export to the Bencher Metric Format (https://bencher.dev/docs/reference/bencher-metric-format):
 * `{ "<benchmark>": { "<measure slug>": { value, lower_value?, upper_value? } } }`.
 *
 * Measures, per passed benchmark:
 * - `latency` (Bencher's built-in measure, in nanoseconds): value = p50, lower_value = min,
 *   upper_value = p95 of the per-call latency;
 * - `throughput` (built-in, operations/s): value = items/s of the run, lower_value and
 *   upper_value = items/s at the slowest and the fastest sample;
 * - `peak-rss-mib` (created by Bencher on first upload): the case's peak RSS in MiB;
 * - `ab-latency-ratio` (after `rhenium-perf ab`): head/base latency ratio, lower_value and
 *   upper_value its 95% interval.
 */
import type { BenchmarkResult, Report } from '@rhenium-perf/schema';

/** One BMF metric. */
export interface BmfMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

/** A BMF document: benchmark name -> measure slug -> metric. */
export type BmfDocument = Record<string, Record<string, BmfMetric>>;

/** Nanoseconds per millisecond (Bencher's latency measure is in ns). */
export const NS_PER_MS = 1e6;

function metric(value: number | null, lower?: number | null, upper?: number | null): BmfMetric | null {
  if (value === null || !Number.isFinite(value)) return null;
  const m: BmfMetric = { value };
  if (lower !== null && lower !== undefined && Number.isFinite(lower)) m.lower_value = lower;
  if (upper !== null && upper !== undefined && Number.isFinite(upper)) m.upper_value = upper;
  return m;
}

function bmfOf(r: BenchmarkResult): Record<string, BmfMetric> {
  const out: Record<string, BmfMetric> = {};
  const l = r.latency_ms;
  const ns = (x: number | null) => (x === null ? null : x * NS_PER_MS);
  const latency = metric(ns(l.p50), ns(l.min), ns(l.p95));
  if (latency) out.latency = latency;
  const rate = (ms: number | null) => (ms === null || ms <= 0 ? null : (r.items_per_run * 1000) / ms);
  const throughput = metric(r.throughput.items_per_sec, rate(l.max), rate(l.min));
  if (throughput) out.throughput = throughput;
  const rss = metric(r.memory.rss_mb_peak);
  if (rss) out['peak-rss-mib'] = rss;
  return out;
}

/**
 * The BMF document of the passed benchmarks of `report`, keyed by benchmark id.
 * @example toBmf(report).recon_ct_fbp_ramp_256_a180.latency.value // p50 in ns
 */
export function toBmf(report: Report): BmfDocument {
  const doc: BmfDocument = {};
  for (const r of report.benchmarks) {
    if (r.state !== 'passed') continue;
    const measures = bmfOf(r);
    if (Object.keys(measures).length > 0) doc[r.id] = measures;
  }
  for (const c of report.ab?.comparisons ?? []) {
    if (c.metric !== 'latency_ms') continue;
    const m = metric(c.ratio, c.ci_low, c.ci_high);
    if (m) doc[c.id] = { ...(doc[c.id] ?? {}), 'ab-latency-ratio': m };
  }
  return doc;
}

/**
 * Export for benchmark-action/github-action-benchmark's custom tools: an array of
 * `{ name, unit, value, range?, extra? }`.
 *
 * - `toGithubActionBenchmark` (tool `customSmallerIsBetter`): per passed benchmark, its p95
 *   latency in ms (range ± the sample standard deviation) and its peak RSS in MiB.
 * - `toGithubActionBenchmarkBiggerIsBetter` (tool `customBiggerIsBetter`): items/s, which
 *   cannot share a file with smaller-is-better entries.
 */
import type { BenchmarkResult, Report } from '@rhenium-perf/schema';

/** One entry of the action's custom JSON. */
export interface GithubActionBenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

function sig(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function extraOf(r: BenchmarkResult): string {
  const l = r.latency_ms;
  const parts = [`category: ${r.category}`];
  if (l.p50 !== null) parts.push(`p50: ${sig(l.p50)} ms`);
  if (l.p99 !== null) parts.push(`p99: ${sig(l.p99)} ms`);
  parts.push(`samples: ${r.samples_ms.length}`, `batch: ${r.batch_size}`, `device: ${r.device}`);
  return parts.join('\n');
}

/**
 * Smaller-is-better entries (p95 latency in ms, peak RSS in MiB) of the passed benchmarks.
 * @example toGithubActionBenchmark(report)[0] // { name: 'a - p95 latency', unit: 'ms', value: 12.3, range: '± 0.4', extra: '…' }
 */
export function toGithubActionBenchmark(report: Report): GithubActionBenchmarkEntry[] {
  const out: GithubActionBenchmarkEntry[] = [];
  for (const r of report.benchmarks) {
    if (r.state !== 'passed') continue;
    const p95 = r.latency_ms.p95;
    if (p95 !== null && Number.isFinite(p95)) {
      const entry: GithubActionBenchmarkEntry = { name: `${r.id} - p95 latency`, unit: 'ms', value: p95 };
      if (r.latency_ms.std !== null) entry.range = `± ${sig(r.latency_ms.std)}`;
      entry.extra = extraOf(r);
      out.push(entry);
    }
    const rss = r.memory.rss_mb_peak;
    if (rss !== null && Number.isFinite(rss)) out.push({ name: `${r.id} - peak RSS`, unit: 'MiB', value: rss });
  }
  // After `rhenium-perf ab`: head/base latency ratios, the range their 95% interval.
  for (const c of report.ab?.comparisons ?? []) {
    if (c.metric !== 'latency_ms' || c.ratio === null) continue;
    const entry: GithubActionBenchmarkEntry = { name: `${c.id} - A/B latency ratio`, unit: 'x', value: c.ratio, extra: `state: ${c.state}\nrounds: ${c.rounds}` };
    if (c.ci_low !== null && c.ci_high !== null) entry.range = `${sig(c.ci_low)} to ${sig(c.ci_high)}`;
    out.push(entry);
  }
  return out;
}

/** Bigger-is-better entries (items/s) of the passed benchmarks, for `customBiggerIsBetter`. */
export function toGithubActionBenchmarkBiggerIsBetter(report: Report): GithubActionBenchmarkEntry[] {
  const out: GithubActionBenchmarkEntry[] = [];
  for (const r of report.benchmarks) {
    const ips = r.throughput.items_per_sec;
    if (r.state !== 'passed' || ips === null || !Number.isFinite(ips)) continue;
    out.push({ name: `${r.id} - throughput`, unit: 'items/s', value: ips, extra: extraOf(r) });
  }
  return out;
}

/**
 * The history record: a compact copy of one report (its passed cases' p50, p95, quartiles, items/s, peak
 * RSS and per-process medians, with the commit, time, mode and machine), validated by
 * packages/schema/schemas/history.schema.json.
 */
import { median, percentile, sortSamples } from '@rhenium-perf/harness';
import { validateHistoryRecord, type BenchmarkResult, type CategoryId, type Report, type RunModeName } from '@rhenium-perf/schema';
import { PerfCliError } from '../errors';

/** Version of the record format (`history_version`). */
export const HISTORY_VERSION = 1;

/** One passed case of a recorded report. */
export interface HistoryCase {
  id: string;
  category: CategoryId;
  project: string;
  p50_ms: number;
  p95_ms: number;
  /** Nearest-rank quartiles of the samples (absent in records made before they were kept). */
  p25_ms?: number;
  p75_ms?: number;
  items_per_sec: number | null;
  rss_mb_peak: number | null;
  /** The median of each process's samples, in process order. */
  process_medians_ms: number[];
}

/** One report, as the history keeps it (mirrors history.schema.json). */
export interface HistoryRecord {
  kind: 'history';
  history_version: 1;
  timestamp: string;
  mode: RunModeName;
  machine_fingerprint: string;
  source: { git_sha: string | null; branch: string | null; dirty: boolean | null };
  report_schema_version: string;
  cases: HistoryCase[];
}

/**
 * The median of each process's samples: samples_ms cut into runs of process_samples[j].
 * @example processMedians([1, 3, 2, 10, 12], [3, 2]) // [2, 11]
 */
export function processMedians(samples: readonly number[], perProcess: readonly number[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const n of perProcess) {
    if (n > 0) out.push(median(samples.slice(at, at + n)));
    at += n;
  }
  return out;
}

function caseOf(b: BenchmarkResult): HistoryCase | null {
  const p50 = b.latency_ms.p50;
  const p95 = b.latency_ms.p95;
  if (b.state !== 'passed' || p50 === null || p95 === null || b.samples_ms.length === 0) return null;
  // A report older than process_samples (or one whose counts do not add up) is one process.
  const sorted = sortSamples(b.samples_ms);
  const counts = b.process_samples.reduce((a, n) => a + n, 0) === b.samples_ms.length && b.process_samples.length > 0 ? b.process_samples : [b.samples_ms.length];
  return {
    id: b.id,
    category: b.category,
    project: b.project,
    p50_ms: p50,
    p95_ms: p95,
    p25_ms: percentile(sorted, 25),
    p75_ms: percentile(sorted, 75),
    items_per_sec: b.throughput.items_per_sec,
    rss_mb_peak: b.memory.rss_mb_peak,
    process_medians_ms: processMedians(b.samples_ms, counts),
  };
}

/**
 * The record of a (validated) report. A report whose packages were measured on machines other
 * than the report's own fingerprint (merged with --allow-env-mismatch) is refused: the history
 * keeps one machine per folder. `shown` names the report in messages.
 */
export function recordOf(report: Report, shown: string): HistoryRecord {
  const fp = report.environment.machine_fingerprint;
  const others = [...new Set(report.packages.map((p) => p.environment.machine_fingerprint).filter((f) => f !== fp))];
  if (others.length > 0) {
    throw new PerfCliError('RPERF_ENV_MISMATCH', `${shown} mixes machines (fingerprint ${fp} and ${others.join(', ')}); the history keeps one machine per folder, so record the results of each machine in a report of its own`);
  }
  const record: HistoryRecord = {
    kind: 'history',
    history_version: HISTORY_VERSION,
    timestamp: report.timestamp,
    mode: report.mode,
    machine_fingerprint: fp,
    source: { git_sha: report.source.git_sha, branch: report.source.branch, dirty: report.source.dirty },
    report_schema_version: report.schema_version,
    cases: report.benchmarks.map(caseOf).filter((c): c is HistoryCase => c !== null),
  };
  return checkRecord(record, `the record made from ${shown}`);
}

/** Validate a record against the history schema; throws a one-line RPERF_REPORT_INVALID naming `shown`. */
export function checkRecord(doc: unknown, shown: string): HistoryRecord {
  const out = validateHistoryRecord<HistoryRecord>(doc);
  if (out.valid) return out.value;
  const more = out.errors.length > 3 ? ` (+${out.errors.length - 3} more)` : '';
  throw new PerfCliError('RPERF_REPORT_INVALID', `${shown} is not a valid history record: ${out.errors.slice(0, 3).join('; ')}${more}`);
}

/** The first 12 characters of the commit, letters and digits only; `nogit` without one. */
export function sha12(sha: string | null): string {
  const s = (sha ?? '').replace(/[^0-9A-Za-z]/g, '').slice(0, 12);
  return s === '' ? 'nogit' : s;
}

/**
 * The record's file name: `<timestamp>-<sha12>.json`, the timestamp with `:` and `.` made `-`
 * (valid on every filesystem; names sort in time order for one time zone).
 * @example recordFileName(r) // '2026-11-26T20-01-00-000Z-aaaaaaaaaaaa.json'
 */
export function recordFileName(record: Pick<HistoryRecord, 'timestamp' | 'source'>): string {
  return `${record.timestamp.replace(/[:.]/g, '-')}-${sha12(record.source.git_sha)}.json`;
}

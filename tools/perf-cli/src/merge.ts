/**
 * Merge per-package results files into one report with the seed's summary.
 *
 * A function of its input files only: the files may come from different Nx tasks, cached
 * or measured on other agents.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  SCHEMA_VERSION,
  assertValid,
  type BenchmarkResult,
  type DeviceInfo,
  type Environment,
  type SourceInfo,
  type PackageSummary,
  type Report,
  type ResultsFile,
  type RunModeName,
  type TopLineMetrics,
} from '@rhenium-perf/schema';
import { PerfCliError } from './errors';
import { jsonErrorLocation, parseJson, readJsonText } from './json';

/** Read and validate one results file; errors name the file and the JSON path. */
export function readResultsFile(file: string): ResultsFile {
  let text: string;
  try {
    text = readJsonText(file);
  } catch (err) {
    throw new PerfCliError('RPERF_RESULTS_INVALID', `cannot read ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (err) {
    throw new PerfCliError('RPERF_RESULTS_INVALID', `${file} is not JSON (${jsonErrorLocation(text, err)}); re-run that package's bench target`);
  }
  try {
    return assertValid<ResultsFile>('results', doc, file);
  } catch (err) {
    throw new PerfCliError('RPERF_RESULTS_INVALID', `${(err as Error).message}; re-run that package's bench target`);
  }
}

/** Options of `mergeResults`. */
export interface MergeOptions {
  /** Projects that were expected to report; those without a file are listed as missing. */
  expectedProjects?: readonly string[];
  /**
   * Merge results measured on different machines (fingerprints). Refused by default: a
   * report's single environment would then describe only some of its numbers.
   */
  allowEnvMismatch?: boolean;
  /** The git state of the code (captured by the caller). */
  source?: SourceInfo;
  timestamp?: Date;
}

/**
 * The top-line metrics: the end-to-end case tagged `topline` (else the first passed e2e case
 * by id) gives p50, p95 and items/s; peak RSS and VRAM are the maxima over all cases.
 */
export function topLineMetrics(benchmarks: readonly BenchmarkResult[]): TopLineMetrics {
  const e2e = benchmarks
    .filter((b) => b.category === 'e2e_core_model' && b.state === 'passed')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const top = e2e.find((b) => b.tags.includes('topline')) ?? e2e[0] ?? null;
  const rss = benchmarks.map((b) => b.memory.rss_mb_peak).filter((x): x is number => x !== null);
  const vram = benchmarks.map((b) => b.memory.vram_mb_peak).filter((x): x is number => x !== null);
  return {
    e2e_p50_ms: top?.latency_ms.p50 ?? null,
    e2e_p95_ms: top?.latency_ms.p95 ?? null,
    e2e_items_per_sec: top?.throughput.items_per_sec ?? null,
    peak_rss_mb: rss.length ? Math.max(...rss) : null,
    peak_vram_mb: vram.length ? Math.max(...vram) : null,
  };
}

/** Merge validated results files into a report (validated before it is returned). */
export function mergeResults(files: readonly ResultsFile[], options: MergeOptions = {}): Report {
  if (files.length === 0) {
    throw new PerfCliError('RPERF_NO_RESULTS', 'no results to merge: run the benchmarks first (npm run perf -- --smoke) or pass results files');
  }
  const fps = fingerprints(files);
  if (fps.length > 1 && !options.allowEnvMismatch) {
    const which = fps.map((fp) => `${fp} (${files.filter((f) => f.environment.machine_fingerprint === fp).map((f) => f.project).join(', ')})`).join(' vs ');
    throw new PerfCliError(
      'RPERF_ENV_MISMATCH',
      `the results come from ${fps.length} machines: ${which}; merge results of one machine, or pass --allow-env-mismatch (each package keeps its own environment in the report)`,
    );
  }
  const seen = new Map<string, string>();
  const benchmarks: BenchmarkResult[] = [];
  const packages: PackageSummary[] = [];
  const sorted = [...files].sort((a, b) => (a.project < b.project ? -1 : a.project > b.project ? 1 : 0));
  for (const f of sorted) {
    for (const b of f.benchmarks) {
      const prev = seen.get(b.id);
      if (prev !== undefined) {
        throw new PerfCliError('RPERF_RESULTS_INVALID', `benchmark id "${b.id}" appears in both ${prev} and ${f.project}; ids must be unique across packages`);
      }
      seen.set(b.id, f.project);
      benchmarks.push(b);
    }
    packages.push({
      project: f.project,
      name: f.package.name,
      version: f.package.version,
      benchmarks: f.benchmarks.length,
      passed: f.benchmarks.filter((b) => b.state === 'passed').length,
      failed: f.benchmarks.filter((b) => b.state === 'failed').length,
      skipped: f.benchmarks.filter((b) => b.state === 'skipped').length,
      duration_sec: f.duration_sec,
      environment: f.environment,
    });
  }
  const modes = new Set(sorted.map((f) => f.mode));
  const mode: RunModeName = modes.size === 1 ? sorted[0]!.mode : 'custom';
  const env: Environment = sorted[0]!.environment;
  const device: DeviceInfo = sorted[0]!.device;
  const present = new Set(sorted.map((f) => f.project));
  const missing = (options.expectedProjects ?? []).filter((p) => !present.has(p)).sort();
  const report: Report = {
    schema_version: SCHEMA_VERSION,
    kind: 'report',
    timestamp: (options.timestamp ?? new Date()).toISOString(),
    mode,
    device,
    environment: env,
    source: options.source ?? sorted[0]!.source,
    benchmarks,
    summary: {
      total_benchmarks: benchmarks.length,
      passed: benchmarks.filter((b) => b.state === 'passed').length,
      failed: benchmarks.filter((b) => b.state === 'failed').length,
      skipped: benchmarks.filter((b) => b.state === 'skipped').length,
      total_duration_sec: sorted.reduce((a, f) => a + f.duration_sec, 0),
      top_line_metrics: topLineMetrics(benchmarks),
      regression_status: 'not_checked',
    },
    packages,
    missing_packages: missing,
    comparison: null,
    ab: null,
  };
  try {
    return assertValid<Report>('report', report, 'merged report');
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', (err as Error).message);
  }
}

/** Results files in a folder (`*.json`), sorted. */
export function listResultsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Distinct machine fingerprints among files (more than one means mixed machines). */
export function fingerprints(files: readonly ResultsFile[]): string[] {
  return [...new Set(files.map((f) => f.environment.machine_fingerprint))];
}

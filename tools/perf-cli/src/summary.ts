/**
 * The plain-text summary printed at the end of a run.
 */
import { CATEGORY_NAMES, type Report } from '@rhenium-perf/schema';

const ms = (x: number | null): string => (x === null ? '—' : x < 1 ? `${(x * 1000).toPrecision(3)} µs` : x < 1000 ? `${x.toPrecision(3)} ms` : `${(x / 1000).toPrecision(3)} s`);
const num = (x: number | null, unit: string): string => (x === null ? '—' : `${x.toPrecision(3)} ${unit}`);

const PHASE_LABELS: Record<string, string> = {
  process: 'process start/exit', import: 'import', setup: 'setup', wait: 'waiting for the previous process', warmup: 'warm-up', calibrate: 'calibration',
  measured: 'measured', verify: 'verify', teardown: 'teardown',
};

/**
 * Where the cases' wall time went: each phase summed over every case and process (from the
 * harness's `metadata.wall_phases_sec`), largest first. Null when no case has phase times.
 */
export function wallPhaseTotals(report: Report): { phase: string; sec: number }[] | null {
  const totals = new Map<string, number>();
  for (const b of report.benchmarks) {
    const phases = (b.metadata as { wall_phases_sec?: Record<string, unknown> }).wall_phases_sec;
    if (!phases || typeof phases !== 'object') continue;
    for (const [k, v] of Object.entries(phases)) if (typeof v === 'number') totals.set(k, (totals.get(k) ?? 0) + v);
  }
  if (totals.size === 0) return null;
  return [...totals].map(([phase, sec]) => ({ phase, sec })).sort((a, b) => b.sec - a.sec || a.phase.localeCompare(b.phase));
}

/**
 * Seconds during which a case's processes ran beside the previous process (the runner starts
 * the next process while the previous one verifies and exits: `metadata.wall_overlap_sec`).
 */
export function wallOverlapTotal(report: Report): number {
  let sec = 0;
  for (const b of report.benchmarks) {
    const v = (b.metadata as { wall_overlap_sec?: unknown }).wall_overlap_sec;
    if (typeof v === 'number') sec += v;
  }
  return sec;
}

/**
 * One line: the cases' process time by phase, how much of it ran beside another process
 * (untimed phases only), and (given the run's wall time) what lay outside the cases.
 */
export function wallTimeLine(report: Report, runWallSec?: number): string | null {
  const totals = wallPhaseTotals(report);
  if (!totals) return null;
  const inCases = totals.reduce((a, t) => a + t.sec, 0);
  const overlap = wallOverlapTotal(report);
  const casesWall = inCases - overlap;
  const parts = totals.map((t) => `${PHASE_LABELS[t.phase] ?? t.phase} ${t.sec.toFixed(1)} s`);
  const overlapText = overlap > 0 ? `; ${overlap.toFixed(1)} s of it beside the previous process (start-up and setup during its verify and exit), so the cases took ${casesWall.toFixed(1)} s of wall time` : '';
  // Bench targets run one at a time (nx.json: parallelism false), so the cases' wall time fits
  // in the run's unless Nx replayed results from its cache.
  const outside =
    runWallSec === undefined ? ''
    : runWallSec < casesWall ? `; run ${runWallSec.toFixed(1)} s (results replayed from Nx's cache; --fresh measures again)`
    : `; run ${runWallSec.toFixed(1)} s, outside the cases (build, Nx, merge, render) ${(runWallSec - casesWall).toFixed(1)} s`;
  return `  wall time:  cases ${inCases.toFixed(1)} s = ${parts.join(' + ')}${overlapText}${outside}`;
}

/** Lines of the summary of a report. */
export function summaryLines(report: Report, reportPath: string | null, runWallSec?: number): string[] {
  const s = report.summary;
  const t = s.top_line_metrics;
  const lines = [
    '',
    `Rhenium Perf — ${report.mode} run, device ${report.device.resolved}, ${report.environment.cpu} x${report.environment.cpu_count}, node ${report.environment.node}`,
    `  benchmarks: ${s.total_benchmarks}  passed: ${s.passed}  failed: ${s.failed}  skipped: ${s.skipped}  bench time: ${s.total_duration_sec.toFixed(1)} s`,
    `  top line:   e2e p50 ${ms(t.e2e_p50_ms)}  p95 ${ms(t.e2e_p95_ms)}  ${num(t.e2e_items_per_sec, 'items/s')}  peak RSS ${num(t.peak_rss_mb, 'MB')}  peak VRAM ${num(t.peak_vram_mb, 'MB')}`,
    `  regression: ${s.regression_status}`,
  ];
  const wall = wallTimeLine(report, runWallSec);
  if (wall) lines.push(wall);
  const byCat = new Map<string, { n: number; passed: number; failed: number }>();
  for (const b of report.benchmarks) {
    const e = byCat.get(b.category) ?? { n: 0, passed: 0, failed: 0 };
    e.n++;
    if (b.state === 'passed') e.passed++;
    if (b.state === 'failed') e.failed++;
    byCat.set(b.category, e);
  }
  for (const [cat, e] of [...byCat].sort()) {
    lines.push(`  ${(CATEGORY_NAMES as Record<string, string>)[cat]?.padEnd(24) ?? cat}  ${e.passed}/${e.n} passed${e.failed ? `, ${e.failed} FAILED` : ''}`);
  }
  for (const b of report.benchmarks.filter((x) => x.state === 'failed')) lines.push(`  FAILED ${b.id}: ${b.error}`);
  if (report.missing_packages.length > 0) lines.push(`  MISSING results from: ${report.missing_packages.join(', ')} (their bench target failed before writing a results file)`);
  if (reportPath) lines.push(`  report: ${reportPath}`);
  return lines;
}

/**
 * The plain-text summary printed at the end of a run.
 */
import { CATEGORY_NAMES, type Report } from '@rhenium-perf/schema';

const ms = (x: number | null): string => (x === null ? '—' : x < 1 ? `${(x * 1000).toPrecision(3)} µs` : x < 1000 ? `${x.toPrecision(3)} ms` : `${(x / 1000).toPrecision(3)} s`);
const num = (x: number | null, unit: string): string => (x === null ? '—' : `${x.toPrecision(3)} ${unit}`);

/** Lines of the summary of a report. */
export function summaryLines(report: Report, reportPath: string | null): string[] {
  const s = report.summary;
  const t = s.top_line_metrics;
  const lines = [
    '',
    `Rhenium Perf — ${report.mode} run, device ${report.device.resolved}, ${report.environment.cpu} x${report.environment.cpu_count}, node ${report.environment.node}`,
    `  benchmarks: ${s.total_benchmarks}  passed: ${s.passed}  failed: ${s.failed}  skipped: ${s.skipped}  bench time: ${s.total_duration_sec.toFixed(1)} s`,
    `  top line:   e2e p50 ${ms(t.e2e_p50_ms)}  p95 ${ms(t.e2e_p95_ms)}  ${num(t.e2e_items_per_sec, 'items/s')}  peak RSS ${num(t.peak_rss_mb, 'MB')}  peak VRAM ${num(t.peak_vram_mb, 'MB')}`,
    `  regression: ${s.regression_status}`,
  ];
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

/**
 * Reading reports (the JSON a run writes) and writing what is made from them: the rendered
 * dashboard, perf card and diagrams, the export formats, and the comparison lines and gate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot, packageRoot, writeJsonAtomic } from '@rhenium-perf/harness';
import { assertValid, type Report } from '@rhenium-perf/schema';
import type { FailOnState } from '../args';
import { countStates } from '../compare';
import { DEFAULT_OUTPUT_DIR, REPORT_FILE } from '../defaults';
import { PerfCliError } from '../errors';
import { toBmf, toGithubActionBenchmark, toGithubActionBenchmarkBiggerIsBetter } from '../export';
import { jsonErrorLocation, parseJson, readJsonText } from '../json';
import { renderAll } from '../render';
import { renderPlots } from '../render/plots';
import { ensureWritableDir, type CliIo } from './io';

/** Whether the comparison (baseline or A/B) fails the gate: a regression, or a state named by --fail-on. */
export function gateFails(report: Report, failOnRegression: boolean, failOn: readonly FailOnState[]): boolean {
  const states = new Set([...(report.comparison?.comparisons ?? []), ...(report.ab?.comparisons ?? [])].map((c) => c.state));
  if (failOnRegression && states.has('regression')) return true;
  return failOn.some((s) => states.has(s));
}

/** The perf card template: docs/perf/perfcard.md in the workspace, else the copy shipped in templates/. */
export function perfcardTemplate(ws: string | null): string {
  const inDocs = ws ? path.join(ws, 'docs', 'perf', 'perfcard.md') : null;
  if (inDocs && fs.existsSync(inDocs)) return inDocs;
  return path.join(packageRoot(import.meta.url, '@rhenium-perf/cli') ?? '.', 'templates', 'perfcard.md');
}

/**
 * Render dashboard + diagrams into docsDir and the perf card into outputDir, each with the SVG
 * plots in a `plots/` folder beside it (the Markdown links them as `plots/<file>`).
 */
export async function renderReport(report: Report, ws: string | null, outputDir: string, docsDir: string): Promise<string[]> {
  ensureWritableDir(docsDir);
  const plots = await renderPlots(report, path.join(docsDir, 'plots'), path.join(outputDir, 'plots'));
  const out = renderAll(report, {
    dashboardPath: path.join(docsDir, 'dashboard.md'),
    diagramsPath: path.join(docsDir, 'diagrams.md'),
    perfcardPath: path.join(outputDir, 'perfcard.md'),
    perfcardTemplatePath: perfcardTemplate(ws),
  });
  return [out.dashboardPath, out.perfcardPath, out.diagramsPath, ...plots];
}

/** Write the requested export formats into outputDir. */
export function exportFormats(report: Report, formats: readonly string[], outputDir: string): string[] {
  const written: string[] = [];
  for (const f of formats) {
    if (f === 'bmf') {
      const file = path.join(outputDir, 'bmf.json');
      writeJsonAtomic(file, toBmf(report));
      written.push(file);
    } else if (f === 'github-action-benchmark') {
      const smaller = path.join(outputDir, 'github-action-benchmark.json');
      const bigger = path.join(outputDir, 'github-action-benchmark-bigger.json');
      writeJsonAtomic(smaller, toGithubActionBenchmark(report));
      writeJsonAtomic(bigger, toGithubActionBenchmarkBiggerIsBetter(report));
      written.push(smaller, bigger);
    }
  }
  return written;
}

/** Lines describing a report's comparison (empty without one). */
export function comparisonLines(report: Report): string[] {
  const c = report.comparison;
  if (!c) return [];
  const n = countStates(c);
  const lines = [
    `  vs baseline ${c.baseline}: ${Object.entries(n).filter(([, v]) => v > 0).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing compared'} (alpha ${c.alpha}, Benjamini–Hochberg)`,
  ];
  for (const r of c.comparisons.filter((x) => x.state === 'regression' || x.state === 'missing')) {
    const change = r.change === null ? '' : ` ${(r.change * 100).toFixed(1)}%`;
    lines.push(`  ${r.state.toUpperCase()} ${r.id} ${r.metric}${change}${r.q_value === null ? '' : ` (q=${r.q_value.toPrecision(2)})`}`);
  }
  return lines;
}

/** Read a JSON file; a missing or unreadable file, or one that is not JSON, is one line naming it. */
export function readJsonFile(file: string, shown: string, fix: string): unknown {
  let text: string;
  try {
    text = readJsonText(file);
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', `${shown} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})${fix}`);
  }
  try {
    return parseJson(text);
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', `${shown} is not JSON (${jsonErrorLocation(text, err)})${fix}`);
  }
}

export function readReport(file: string): Report {
  const doc = readJsonFile(file, file, '; run the suite first (npm run perf -- --smoke)');
  try {
    return assertValid<Report>('report', doc, file);
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', (err as Error).message);
  }
}

export function defaultReportPath(io: CliIo): string {
  const ws = findWorkspaceRoot(io.cwd) ?? io.cwd;
  return path.join(ws, DEFAULT_OUTPUT_DIR, REPORT_FILE);
}

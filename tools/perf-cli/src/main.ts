/**
 * rhenium-perf as a library: `main(argv, io)` runs a command and returns its exit code.
 * Never calls process.exit; every failure of the user's making is a PerfCliError (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureEnvironment, captureModelInfo, findWorkspaceRoot, resolveDevice, writeJsonAtomic, HarnessError } from '@rhenium-perf/harness';
import { assertValid, type Report, type ResultsFile } from '@rhenium-perf/schema';
import { HELP, parseArgs, type BaselineArgs, type CompareArgs, type MergeArgs, type RenderArgs, type RunArgs, type ValidateArgs } from './args';
import { BaselineError, CompareConfigError, checkEnvironment, compareReports, countStates, loadBaseline, loadCompareConfig, withComparison } from './compare';
import { toBmf, toGithubActionBenchmark, toGithubActionBenchmarkBiggerIsBetter } from './export';
import { RenderError, renderAll } from './render';
import { DEFAULT_OUTPUT_DIR, PACKAGE_RESULTS_DIR, REPORT_FILE } from './defaults';
import { PerfCliError } from './errors';
import { fingerprints, listResultsFiles, mergeResults, readResultsFile } from './merge';
import { benchProjects, runBenchTargets } from './nx';
import { summaryLines } from './summary';

/** Streams and folders the CLI works with (injected by tests). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

function version(): string {
  try {
    const pj = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    return pj.version;
  } catch {
    return 'unknown';
  }
}

function workspaceOf(io: CliIo): string {
  const ws = findWorkspaceRoot(io.cwd);
  if (!ws) throw new PerfCliError('RPERF_USAGE', `no Nx workspace (nx.json) at or above ${io.cwd}; run rhenium-perf inside the Rhenium Perf checkout`);
  return ws;
}

/** Make sure a folder can be written before measuring anything. */
export function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new PerfCliError('RPERF_OUTPUT_UNWRITABLE', `cannot write to ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another --output-dir`);
  }
}

function runConfig(args: RunArgs): Record<string, unknown> {
  return { mode: args.mode, device: args.device, filter: args.filter, affected: args.affected };
}

async function commandRun(args: RunArgs, io: CliIo): Promise<number> {
  const ws = workspaceOf(io);
  const device = resolveDevice(args.device);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.join(ws, DEFAULT_OUTPUT_DIR));
  ensureWritableDir(outputDir);
  // A missing, invalid or foreign baseline is an error before anything is measured.
  const baselinePath = args.baseline === null ? null : path.resolve(io.cwd, args.baseline);
  const baseline = baselinePath === null ? null : loadBaseline(baselinePath);
  if (baseline) {
    const check = checkEnvironment({ environment: captureEnvironment() }, baseline, { allowEnvMismatch: args.allowEnvMismatch, baselineSource: args.baseline! });
    if (!check.matched) io.stderr.write(`rhenium-perf: warning: comparing across machines (${check.differences.join(', ')})\n`);
  }
  const projects = benchProjects(ws, { affected: args.affected, base: args.base ?? undefined });
  if (projects.length === 0) {
    io.stderr.write(`rhenium-perf: no ${args.affected ? 'affected ' : ''}project has a bench target; nothing to run\n`);
    return 0;
  }
  io.stderr.write(`rhenium-perf: ${args.mode} run of ${projects.length} package(s) on ${device.resolved}: ${projects.join(', ')}\n`);
  const benchArgs = [`--${args.mode}`, '--device', args.device];
  if (args.filter) benchArgs.push('--filter', args.filter);
  if (args.verbose) benchArgs.push('--verbose');
  const resultsDir = path.join(ws, PACKAGE_RESULTS_DIR);
  // Results of projects outside this run must not be merged: only the listed projects' files are read.
  const nxExit = await runBenchTargets(ws, { projects, benchArgs, fresh: args.fresh });
  const files: ResultsFile[] = [];
  for (const p of projects) {
    const f = path.join(resultsDir, `${p}.json`);
    if (fs.existsSync(f)) files.push(readResultsFile(f));
  }
  if (files.length === 0) {
    throw new PerfCliError('RPERF_NO_RESULTS', `no package wrote results (nx exit ${nxExit}); see the output above`, 1);
  }
  const fps = fingerprints(files);
  if (fps.length > 1) io.stderr.write(`rhenium-perf: warning: results come from ${fps.length} machine fingerprints (${fps.join(', ')})\n`);
  let report: Report = mergeResults(files, {
    expectedProjects: projects,
    model: captureModelInfo(JSON.parse(fs.readFileSync(path.join(ws, 'package.json'), 'utf8')).version, runConfig(args), ws),
  });
  if (baseline) {
    checkEnvironment(report, baseline, { allowEnvMismatch: args.allowEnvMismatch, baselineSource: args.baseline! });
    report = withComparison(report, compareReports(report, baseline, {}, { baselineSource: args.baseline! }));
  }
  const reportPath = path.join(outputDir, REPORT_FILE);
  writeJsonAtomic(reportPath, report);
  const rendered = renderReport(report, ws, outputDir, path.join(ws, 'docs', 'perf'));
  const exported = exportFormats(report, args.formats, outputDir);
  for (const line of summaryLines(report, path.relative(io.cwd, reportPath) || reportPath)) io.stdout.write(line + '\n');
  for (const line of comparisonLines(report)) io.stdout.write(line + '\n');
  for (const f of [...rendered, ...exported]) io.stdout.write(`  wrote: ${path.relative(io.cwd, f) || f}\n`);
  const failed = report.summary.failed > 0 || report.missing_packages.length > 0;
  const regressed = args.failOnRegression && report.summary.regression_status === 'regression';
  return failed || regressed ? 1 : 0;
}

/** The perf card template: docs/perf/perfcard.md in the workspace, else the copy shipped in templates/. */
function perfcardTemplate(ws: string | null): string {
  const inDocs = ws ? path.join(ws, 'docs', 'perf', 'perfcard.md') : null;
  if (inDocs && fs.existsSync(inDocs)) return inDocs;
  return fileURLToPath(new URL('../templates/perfcard.md', import.meta.url));
}

/** Render dashboard + diagrams into docsDir and the perf card into outputDir. */
function renderReport(report: Report, ws: string | null, outputDir: string, docsDir: string): string[] {
  ensureWritableDir(docsDir);
  const out = renderAll(report, {
    dashboardPath: path.join(docsDir, 'dashboard.md'),
    diagramsPath: path.join(docsDir, 'diagrams.md'),
    perfcardPath: path.join(outputDir, 'perfcard.md'),
    perfcardTemplatePath: perfcardTemplate(ws),
  });
  return [out.dashboardPath, out.perfcardPath, out.diagramsPath];
}

/** Write the requested export formats into outputDir. */
function exportFormats(report: Report, formats: readonly string[], outputDir: string): string[] {
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
function comparisonLines(report: Report): string[] {
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

function readReport(file: string): Report {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', `${file} cannot be read as JSON (${(err as Error).message}); run the suite first (npm run perf -- --smoke)`);
  }
  try {
    return assertValid<Report>('report', doc, file);
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', (err as Error).message);
  }
}

function defaultReportPath(io: CliIo): string {
  const ws = findWorkspaceRoot(io.cwd) ?? io.cwd;
  return path.join(ws, DEFAULT_OUTPUT_DIR, REPORT_FILE);
}

function commandCompare(args: CompareArgs, io: CliIo): number {
  const input = path.resolve(io.cwd, args.input ?? defaultReportPath(io));
  const baseline = loadBaseline(path.resolve(io.cwd, args.baseline!));
  const report = readReport(input);
  const config = args.config ? loadCompareConfig(path.resolve(io.cwd, args.config)) : {};
  const check = checkEnvironment(report, baseline, { allowEnvMismatch: args.allowEnvMismatch, baselineSource: args.baseline! });
  if (!check.matched) io.stderr.write(`rhenium-perf: warning: comparing across machines (${check.differences.join(', ')})\n`);
  const compared = withComparison(report, compareReports(report, baseline, config, { baselineSource: args.baseline! }));
  const out = path.resolve(io.cwd, args.output ?? input);
  writeJsonAtomic(out, compared);
  io.stdout.write(`regression status: ${compared.summary.regression_status}\n`);
  for (const line of comparisonLines(compared)) io.stdout.write(line + '\n');
  return args.failOnRegression && compared.summary.regression_status === 'regression' ? 1 : 0;
}

function commandRender(args: RenderArgs, io: CliIo): number {
  const ws = findWorkspaceRoot(io.cwd);
  const input = path.resolve(io.cwd, args.input ?? defaultReportPath(io));
  const report = readReport(input);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.dirname(input));
  ensureWritableDir(outputDir);
  const docsDir = path.resolve(io.cwd, args.docsDir ?? (ws ? path.join(ws, 'docs', 'perf') : outputDir));
  const files = [...renderReport(report, ws, outputDir, docsDir), ...exportFormats(report, args.formats, outputDir)];
  for (const f of files) io.stdout.write(`wrote: ${path.relative(io.cwd, f) || f}\n`);
  return 0;
}

function commandBaselineUpdate(args: BaselineArgs, io: CliIo): number {
  const ws = findWorkspaceRoot(io.cwd) ?? io.cwd;
  const input = path.resolve(io.cwd, args.input ?? defaultReportPath(io));
  const report = readReport(input);
  const out = path.resolve(io.cwd, args.output ?? path.join(ws, 'baselines', 'v1.0.json'));
  ensureWritableDir(path.dirname(out));
  if (report.mode !== 'full') io.stderr.write(`rhenium-perf: warning: ${path.basename(input)} is a ${report.mode} run; baselines are normally made with --full\n`);
  if (report.summary.failed > 0) io.stderr.write(`rhenium-perf: warning: the report has ${report.summary.failed} failed case(s); they will count as missing in comparisons\n`);
  // The baseline keeps its measurements; a comparison made against another baseline is dropped.
  writeJsonAtomic(out, withComparison(report, null));
  io.stdout.write(`baseline written: ${path.relative(io.cwd, out) || out} (${report.summary.total_benchmarks} benchmarks, fingerprint ${report.environment.machine_fingerprint})\n`);
  return 0;
}

function commandMerge(args: MergeArgs, io: CliIo): number {
  const ws = findWorkspaceRoot(io.cwd) ?? io.cwd;
  const files = args.files.length > 0 ? args.files.map((f) => path.resolve(io.cwd, f)) : listResultsFiles(path.resolve(io.cwd, args.inputDir ?? path.join(ws, PACKAGE_RESULTS_DIR)));
  const docs = files.map(readResultsFile);
  const report = mergeResults(docs);
  const out = path.resolve(io.cwd, args.output ?? path.join(ws, DEFAULT_OUTPUT_DIR, REPORT_FILE));
  ensureWritableDir(path.dirname(out));
  writeJsonAtomic(out, report);
  for (const line of summaryLines(report, path.relative(io.cwd, out) || out)) io.stdout.write(line + '\n');
  return 0;
}

function commandValidate(args: ValidateArgs, io: CliIo): number {
  for (const f of args.files) {
    const file = path.resolve(io.cwd, f);
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new PerfCliError('RPERF_REPORT_INVALID', `${f} cannot be read as JSON: ${(err as Error).message}`);
    }
    const kind = (doc as { kind?: unknown } | null)?.kind === 'results' ? 'results' : 'report';
    try {
      assertValid(kind, doc, f);
    } catch (err) {
      throw new PerfCliError('RPERF_REPORT_INVALID', (err as Error).message);
    }
    io.stdout.write(`${f}: valid ${kind} document\n`);
  }
  return 0;
}

/** Run rhenium-perf with `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, cwd: io.cwd ?? process.cwd() };
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        full.stdout.write(HELP + '\n');
        return 0;
      case 'version':
        full.stdout.write(version() + '\n');
        return 0;
      case 'run':
        return await commandRun(args, full);
      case 'merge':
        return commandMerge(args, full);
      case 'validate':
        return commandValidate(args, full);
      case 'compare':
        return commandCompare(args, full);
      case 'render':
        return commandRender(args, full);
      case 'baseline-update':
        return commandBaselineUpdate(args, full);
    }
  } catch (err) {
    if (err instanceof PerfCliError || err instanceof HarnessError || err instanceof BaselineError || err instanceof CompareConfigError || err instanceof RenderError) {
      full.stderr.write(`rhenium-perf: error: ${err.message}\n`);
      return err instanceof PerfCliError ? err.exitCode : 2;
    }
    full.stderr.write(`rhenium-perf: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

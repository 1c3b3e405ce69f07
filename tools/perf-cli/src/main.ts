/**
 * rhenium-perf as a library: `main(argv, io)` runs a command and returns its exit code.
 * Never calls process.exit; every failure of the user's making is a PerfCliError (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureEnvironment, captureModelInfo, findWorkspaceRoot, makeDirectory, resolveDevice, writeJsonAtomic, writeTextAtomic, HarnessError } from '@rhenium-perf/harness';
import { assertValid, type Report, type ResultsFile } from '@rhenium-perf/schema';
import { HELP, parseArgs, type AbArgs, type BaselineArgs, type CompareArgs, type FailOnState, type MergeArgs, type RenderArgs, type RunArgs, type ValidateArgs } from './args';
import { build, runAb } from './ab/command';
import { workingTreeSide, workspacePackages } from './ab/git';
import { listSideCases } from './ab/sides';
import { abMarkdown } from './ab/markdown';
import { BaselineError, CompareConfigError, checkEnvironment, compareReports, countStates, loadBaseline, loadCompareConfig, withComparison } from './compare';
import { toBmf, toGithubActionBenchmark, toGithubActionBenchmarkBiggerIsBetter } from './export';
import { RenderError, renderAll } from './render';
import { DEFAULT_OUTPUT_DIR, PACKAGE_RESULTS_DIR, REPORT_FILE } from './defaults';
import { PerfCliError } from './errors';
import { fingerprints, listResultsFiles, mergeResults, readResultsFile } from './merge';
import { benchProjects, runBenchTargets } from './nx';
import { summaryLines } from './summary';
import { integrityProblems } from './integrity';
import { jsonErrorLocation, parseJson, readJsonText } from './json';

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

/**
 * Make sure a folder can be written before measuring anything: made level by level (never a
 * recursive mkdir, which spins forever under /proc), then a probe file written and removed
 * (`access(W_OK)` says yes to root on read-only and special filesystems).
 */
export function ensureWritableDir(dir: string): void {
  try {
    makeDirectory(dir);
    const probe = path.join(dir, `.rhenium-perf-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (err) {
    throw new PerfCliError('RPERF_OUTPUT_UNWRITABLE', `cannot write to ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another --output-dir`);
  }
}

function runConfig(args: RunArgs): Record<string, unknown> {
  return { mode: args.mode, device: args.device, filter: args.filter, affected: args.affected };
}

function noCases(args: RunArgs, projects: readonly string[]): PerfCliError {
  return new PerfCliError('RPERF_NO_CASES', `no case matches (mode ${args.mode}${args.filter ? `, --filter ${JSON.stringify(args.filter)}` : ''}) in ${projects.length ? projects.join(', ') : 'any package'}; nothing was written (list the ids with npm run bench -w @rhenium-perf/<package> -- --list)`);
}

/**
 * With --filter: the packages that hold a selected case, found before anything is measured
 * (built, then listed through each package's own harness), so a filter that matches nothing
 * is an error that leaves every earlier result in place, and packages without a match do
 * not run.
 */
async function projectsWithCases(ws: string, projects: readonly string[], args: RunArgs, io: CliIo): Promise<string[]> {
  const side = workingTreeSide(ws);
  const dirs = workspacePackages(ws, 'project');
  build(side, projects, (line) => (args.verbose ? io.stderr.write(line + '\n') : undefined));
  const out: string[] = [];
  for (const p of projects) {
    const cases = await listSideCases(side, dirs.get(p)!, { mode: args.mode, filter: args.filter });
    if (cases.length > 0) out.push(p);
  }
  if (out.length === 0) throw noCases(args, projects);
  return out;
}

async function commandRun(args: RunArgs, io: CliIo): Promise<number> {
  const ws = workspaceOf(io);
  const device = resolveDevice(args.device);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.join(ws, DEFAULT_OUTPUT_DIR));
  ensureWritableDir(outputDir);
  // A missing, invalid or foreign baseline is an error before anything is measured.
  const baselinePath = args.baseline === null ? null : path.resolve(io.cwd, args.baseline);
  const baseline = baselinePath === null ? null : loadBaseline(baselinePath);
  const config = args.config ? loadCompareConfig(path.resolve(io.cwd, args.config)) : {};
  if (baseline) {
    const check = checkEnvironment({ environment: captureEnvironment() }, baseline, { allowEnvMismatch: args.allowEnvMismatch, baselineSource: args.baseline! });
    if (!check.matched) io.stderr.write(`rhenium-perf: warning: comparing across machines (${check.differences.join(', ')})\n`);
  }
  let projects = benchProjects(ws, { affected: args.affected, base: args.base ?? undefined });
  if (projects.length === 0) {
    io.stderr.write(`rhenium-perf: no ${args.affected ? 'affected ' : ''}project has a bench target; nothing to run\n`);
    return 0;
  }
  if (args.filter) projects = await projectsWithCases(ws, projects, args, io);
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
  if (report.benchmarks.length === 0) throw noCases(args, projects);
  if (baseline) {
    checkEnvironment(report, baseline, { allowEnvMismatch: args.allowEnvMismatch, baselineSource: args.baseline! });
    report = withComparison(report, compareReports(report, baseline, config, { baselineSource: args.baseline! }));
  }
  const reportPath = path.join(outputDir, REPORT_FILE);
  writeJsonAtomic(reportPath, report);
  // NOTE: a run renders under its output folder; the tracked docs/perf files change only when
  // asked (--docs-dir docs/perf), so a local run leaves the checkout clean (and the next
  // report's "dirty" flag means what it says).
  const rendered = renderReport(report, ws, outputDir, args.docsDir ? path.resolve(io.cwd, args.docsDir) : outputDir);
  const exported = exportFormats(report, args.formats, outputDir);
  for (const line of summaryLines(report, path.relative(io.cwd, reportPath) || reportPath)) io.stdout.write(line + '\n');
  for (const line of comparisonLines(report)) io.stdout.write(line + '\n');
  for (const f of [...rendered, ...exported]) io.stdout.write(`  wrote: ${path.relative(io.cwd, f) || f}\n`);
  const failed = report.summary.failed > 0 || report.missing_packages.length > 0;
  return failed || gateFails(report, args.failOnRegression, args.failOn) ? 1 : 0;
}

/** Whether the comparison (baseline or A/B) fails the gate: a regression, or a state named by --fail-on. */
function gateFails(report: Report, failOnRegression: boolean, failOn: readonly FailOnState[]): boolean {
  const states = new Set([...(report.comparison?.comparisons ?? []), ...(report.ab?.comparisons ?? [])].map((c) => c.state));
  if (failOnRegression && states.has('regression')) return true;
  return failOn.some((s) => states.has(s));
}

function parseBudgetLog(io: CliIo, verbose: boolean): (line: string) => void {
  return (line: string) => {
    if (verbose || !line.startsWith('[ab ')) io.stderr.write(line + '\n');
  };
}

async function commandAb(args: AbArgs, io: CliIo): Promise<number> {
  const ws = workspaceOf(io);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.join(ws, DEFAULT_OUTPUT_DIR));
  ensureWritableDir(outputDir);
  const config = args.config ? loadCompareConfig(path.resolve(io.cwd, args.config)) : {};
  let lastProgress = 0;
  const log = parseBudgetLog(io, args.verbose);
  const run = await runAb(ws, {
    base: args.base, head: args.head, mode: args.mode, device: args.device, filter: args.filter, affected: args.affected,
    budgetSec: args.budgetSec, minRounds: args.minRounds, maxRounds: args.maxRounds, alpha: args.alpha, seed: args.seed,
    outputDir, config,
    log: (line) => {
      // Progress: every line with -v, else one line every 15 s.
      if (line.startsWith('[ab ') && !args.verbose) {
        if (Date.now() - lastProgress < 15_000) return;
        lastProgress = Date.now();
        io.stderr.write(line + '\n');
        return;
      }
      log(line);
    },
  });
  const rendered = renderReport(run.report, ws, outputDir, outputDir);
  const exported = exportFormats(run.report, args.formats, outputDir);
  for (const line of abSummaryLines(run.report)) io.stdout.write(line + '\n');
  for (const f of [run.reportPath, run.markdownPath, ...rendered, ...exported]) io.stdout.write(`  wrote: ${path.relative(io.cwd, f) || f}\n`);
  const failed = run.report.summary.failed > 0;
  return failed || gateFails(run.report, args.failOnRegression, args.failOn) ? 1 : 0;
}

/** The plain-text lines of an A/B result. */
function abSummaryLines(report: Report): string[] {
  const ab = report.ab!;
  const lat = ab.comparisons.filter((c) => c.metric === 'latency_ms');
  const n = (s: string): number => ab.comparisons.filter((c) => c.state === s).length;
  const mdes = lat.map((c) => c.mde).filter((x): x is number => x !== null).sort((a, b) => a - b);
  const lines = [
    '',
    `Rhenium Perf A/B — base ${ab.base.ref} (${ab.base.sha.slice(0, 12)}) vs head ${ab.head.ref}${ab.head.sha ? ` (${ab.head.sha.slice(0, 12)}${ab.head.dirty ? '+' : ''})` : ''}`,
    `  ${lat.length} case(s), ${n('regression')} regression, ${n('inconclusive')} inconclusive, ${n('improvement')} improvement, ${n('unchanged')} unchanged, ${n('new')} new, ${n('missing')} missing (comparisons over latency, items/s, peak RSS)`,
    `  median detectable change ${mdes.length ? `±${(mdes[mdes.length >> 1]! * 100).toFixed(1)}%` : '—'}; ${ab.wall_sec.toFixed(0)} s wall, budget ${ab.budget_sec} s; regression status: ${report.summary.regression_status}`,
  ];
  for (const c of ab.comparisons.filter((x) => x.state === 'regression' || x.state === 'missing' || (x.state === 'inconclusive' && x.metric === 'latency_ms'))) {
    const ci = c.ci_low !== null && c.ci_high !== null ? ` [${c.ci_low.toFixed(3)}, ${c.ci_high.toFixed(3)}]` : '';
    lines.push(`  ${c.state.toUpperCase()} ${c.id} ${c.metric} x${c.ratio === null ? '—' : c.ratio.toFixed(3)}${ci} (${c.rounds} rounds)${c.note ? `: ${c.note}` : ''}`);
  }
  return lines;
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

/** Read a JSON file; a missing or unreadable file, or one that is not JSON, is one line naming it. */
function readJsonFile(file: string, shown: string, fix: string): unknown {
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

function readReport(file: string): Report {
  const doc = readJsonFile(file, file, '; run the suite first (npm run perf -- --smoke)');
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
  ensureWritableDir(path.dirname(out));
  writeJsonAtomic(out, compared);
  io.stdout.write(`regression status: ${compared.summary.regression_status}\n`);
  for (const line of comparisonLines(compared)) io.stdout.write(line + '\n');
  return gateFails(compared, args.failOnRegression, args.failOn) ? 1 : 0;
}

function commandRender(args: RenderArgs, io: CliIo): number {
  const ws = findWorkspaceRoot(io.cwd);
  const input = path.resolve(io.cwd, args.input ?? defaultReportPath(io));
  const report = readReport(input);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.dirname(input));
  ensureWritableDir(outputDir);
  const docsDir = path.resolve(io.cwd, args.docsDir ?? outputDir);
  const files = [...renderReport(report, ws, outputDir, docsDir), ...exportFormats(report, args.formats, outputDir)];
  if (report.ab) {
    const md = path.join(outputDir, 'ab.md');
    writeTextAtomic(md, abMarkdown(report.ab));
    files.push(md);
  }
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
  const report = mergeResults(docs, { allowEnvMismatch: args.allowEnvMismatch });
  const out = path.resolve(io.cwd, args.output ?? path.join(ws, DEFAULT_OUTPUT_DIR, REPORT_FILE));
  ensureWritableDir(path.dirname(out));
  writeJsonAtomic(out, report);
  for (const line of summaryLines(report, path.relative(io.cwd, out) || out)) io.stdout.write(line + '\n');
  return 0;
}

function commandValidate(args: ValidateArgs, io: CliIo): number {
  for (const f of args.files) {
    const doc = readJsonFile(path.resolve(io.cwd, f), f, '');
    const kind = (doc as { kind?: unknown } | null)?.kind === 'results' ? 'results' : 'report';
    let valid: Report | ResultsFile;
    try {
      valid = assertValid<Report | ResultsFile>(kind, doc, f);
    } catch (err) {
      throw new PerfCliError('RPERF_REPORT_INVALID', (err as Error).message);
    }
    const problems = integrityProblems(valid.benchmarks);
    if (problems.length > 0) {
      const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : '';
      throw new PerfCliError('RPERF_REPORT_INTEGRITY', `${f} publishes figures that do not mean what they say: ${problems.slice(0, 3).join('; ')}${more}`);
    }
    io.stdout.write(`${f}: valid ${kind} document (schema and figures)\n`);
  }
  return 0;
}

/** A message on one line (messages may quote text that holds newlines). */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
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
      case 'ab':
        return await commandAb(args, full);
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
      full.stderr.write(`rhenium-perf: error: ${oneLine(err.message)}\n`);
      return err instanceof PerfCliError ? err.exitCode : 2;
    }
    // Every message is one line. A system error (a full disk, a permission) is the user's to
    // fix: exit 2 with its code; anything else is our bug: one line, the stack on request.
    const e = err as NodeJS.ErrnoException;
    const message = oneLine(err instanceof Error ? err.message : String(err));
    if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
      full.stderr.write(`rhenium-perf: error: ${message}\n`);
      return 2;
    }
    full.stderr.write(`rhenium-perf: internal error: ${message} (RHENIUM_PERF_DEBUG=1 prints the stack)\n`);
    if (process.env.RHENIUM_PERF_DEBUG) full.stderr.write(`${e?.stack ?? ''}\n`);
    return 2;
  }
}

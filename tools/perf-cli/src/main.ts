/**
 * rhenium-perf as a library: `main(argv, io)` runs a command and returns its exit code.
 * Never calls process.exit; every failure of the user's making is a PerfCliError (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { captureModelInfo, findWorkspaceRoot, resolveDevice, writeJsonAtomic, HarnessError } from '@rhenium-perf/harness';
import { assertValid, type Report, type ResultsFile } from '@rhenium-perf/schema';
import { HELP, parseArgs, type MergeArgs, type RunArgs, type ValidateArgs } from './args';
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
  if (args.baseline !== null && !fs.existsSync(path.resolve(io.cwd, args.baseline))) {
    throw new PerfCliError('RPERF_BASELINE_MISSING', `baseline ${args.baseline} does not exist; make one with "rhenium-perf baseline update" or pass an existing file`);
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
  const report: Report = mergeResults(files, {
    expectedProjects: projects,
    model: captureModelInfo(JSON.parse(fs.readFileSync(path.join(ws, 'package.json'), 'utf8')).version, runConfig(args), ws),
  });
  const reportPath = path.join(outputDir, REPORT_FILE);
  writeJsonAtomic(reportPath, report);
  for (const line of summaryLines(report, path.relative(io.cwd, reportPath) || reportPath)) io.stdout.write(line + '\n');
  const failed = report.summary.failed > 0 || report.missing_packages.length > 0;
  return failed ? 1 : 0;
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
      default:
        throw new PerfCliError('RPERF_USAGE', `the ${args.command} command is not available in this version`);
    }
  } catch (err) {
    if (err instanceof PerfCliError || err instanceof HarnessError) {
      full.stderr.write(`rhenium-perf: error: ${err.message}\n`);
      return err instanceof PerfCliError ? err.exitCode : 2;
    }
    full.stderr.write(`rhenium-perf: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

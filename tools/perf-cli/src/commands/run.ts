/**
 * `rhenium-perf [--smoke | --full] ...`: run the packages' bench targets through Nx, merge their
 * results into a report, compare it with a baseline if given, render and export it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { captureEnvironment, captureSourceInfo, resolveDevice, writeJsonAtomic } from '@rhenium-perf/harness';
import type { Report, ResultsFile } from '@rhenium-perf/schema';
import type { RunArgs } from '../args';
import { build } from '../ab/command';
import { workingTreeSide, workspacePackages, type Side } from '../ab/git';
import { listSideCases } from '../ab/sides';
import { checkEnvironment, compareReports, loadBaseline, loadCompareConfig, withComparison } from '../compare';
import { DEFAULT_OUTPUT_DIR, PACKAGE_RESULTS_DIR, REPORT_FILE } from '../defaults';
import { PerfCliError } from '../errors';
import { fingerprints, mergeResults, readResultsFile } from '../merge';
import { benchProjectsAsync, runBenchTargets } from '../nx';
import { applyShard } from '../shard';
import { summaryLines } from '../summary';
import { benchScriptProjects, buildPackages, planBuilds, tsupInstalled, type BuildOutcome } from './build-packages';
import { ensureWritableDir, workspaceOf, type CliIo } from './io';
import { comparisonLines, exportFormats, gateFails, renderReport } from './reports';

function runConfig(args: RunArgs): Record<string, unknown> {
  return { mode: args.mode, device: args.device, filter: args.filter, affected: args.affected };
}

function noCases(args: RunArgs, projects: readonly string[]): PerfCliError {
  return new PerfCliError('RPERF_NO_CASES', `no case matches (mode ${args.mode}${args.filter ? `, --filter ${JSON.stringify(args.filter)}` : ''}) in ${projects.length ? projects.join(', ') : 'any package'}; nothing was written (list the ids with npm run bench -w @rhenium-perf/<package> -- --list)`);
}

/** A build started before Nx has listed the projects: the folders it builds and its outcome. */
interface EarlyBuild {
  dirs: ReadonlySet<string>;
  outcome: Promise<BuildOutcome>;
}

/**
 * The packages with a bench script and their dependencies, built while Nx computes its
 * project graph (a child process each; ~1-2 s of a run). Only for a run of every package
 * (no --affected, no --shard); null when the one-process build does not apply.
 */
function startEarlyBuild(ws: string, args: RunArgs): EarlyBuild | null {
  if (args.affected || args.shard || !tsupInstalled(ws)) return null;
  const plan = planBuilds(ws, benchScriptProjects(ws));
  return plan.ok ? { dirs: new Set(plan.dirs), outcome: buildPackages(ws, plan.dirs) } : null;
}

/**
 * Build `projects` and their dependencies before anything is listed or measured: in one
 * process (build-packages.ts) where the workspace allows it, else through Nx. True when the
 * packages are built, so the bench targets run without their build dependencies; false when
 * Nx is to build them (the bench targets' dependsOn) because the one-process build does not
 * apply or failed (Nx then builds and reports the failure as before). An early build that
 * covers the packages is waited for; packages it left out are built after it.
 */
async function buildForRun(side: Side, projects: readonly string[], args: RunArgs, io: CliIo, viaNx: boolean, early: EarlyBuild | null): Promise<boolean> {
  const ws = side.root;
  const plan = tsupInstalled(ws) ? planBuilds(ws, projects) : ({ ok: false, reason: 'tsup is not installed in the workspace' } as const);
  const earlyOutcome = early ? await early.outcome : null;
  if (plan.ok) {
    let r: BuildOutcome;
    let dirs: string[] = plan.dirs;
    if (earlyOutcome?.ok) {
      const missing = plan.dirs.filter((d) => !early!.dirs.has(d));
      const rest = missing.length > 0 ? await buildPackages(ws, missing) : null;
      dirs = [...early!.dirs, ...missing];
      r = rest === null ? earlyOutcome : { ...rest, built: [...earlyOutcome.built, ...rest.built], wallMs: earlyOutcome.wallMs + rest.wallMs };
    } else {
      r = await buildPackages(ws, plan.dirs);
    }
    if (r.ok) {
      io.stderr.write(`rhenium-perf: built ${dirs.length} package(s) with tsup in one process in ${(r.wallMs / 1000).toFixed(1)} s\n`);
      if (args.verbose) for (const b of r.built) io.stderr.write(`  ${path.relative(ws, b.dir)}: ${(b.ms / 1000).toFixed(2)} s\n`);
      return true;
    }
    io.stderr.write(`rhenium-perf: the build of ${r.failed?.dir ? path.relative(ws, r.failed.dir) : 'the packages'} failed; Nx builds them instead:\n${r.failed?.output.trim() ?? ''}\n`);
  } else if (args.verbose) {
    io.stderr.write(`rhenium-perf: Nx builds the packages (${plan.reason})\n`);
  }
  if (viaNx) build(side, projects, (line) => (args.verbose ? io.stderr.write(line + '\n') : undefined));
  return false;
}

/**
 * With --filter: the packages that hold a selected case, found before anything is measured
 * (built, then listed through each package's own harness), so a filter that matches nothing
 * is an error that leaves every earlier result in place, and packages without a match do
 * not run.
 */
async function projectsWithCases(ws: string, projects: readonly string[], args: RunArgs, io: CliIo, early: EarlyBuild | null): Promise<{ projects: string[]; built: boolean }> {
  const side = workingTreeSide(ws);
  const dirs = workspacePackages(ws, 'project');
  const built = await buildForRun(side, projects, args, io, true, early);
  const out: string[] = [];
  for (const p of projects) {
    const cases = await listSideCases(side, dirs.get(p)!, { mode: args.mode, filter: args.filter });
    if (cases.length > 0) out.push(p);
  }
  if (out.length === 0) throw noCases(args, projects);
  return { projects: out, built };
}

/**
 * `--dry-run`: build, then list through each package's own harness the cases the run would
 * measure, `project<TAB>case id` per line on stdout. Measures nothing and writes no results.
 */
async function dryRun(ws: string, projects: readonly string[], args: RunArgs, io: CliIo, early: EarlyBuild | null): Promise<number> {
  const side = workingTreeSide(ws);
  const dirs = workspacePackages(ws, 'project');
  await buildForRun(side, projects, args, io, true, early);
  let n = 0;
  for (const p of projects) {
    for (const c of await listSideCases(side, dirs.get(p)!, { mode: args.mode, filter: args.filter })) {
      io.stdout.write(`${p}\t${c.id}\n`);
      n++;
    }
  }
  io.stderr.write(`rhenium-perf: dry run: ${n} case(s) in ${projects.length} package(s) would be measured (${args.mode}); nothing was measured\n`);
  if (n === 0) throw noCases(args, projects);
  return 0;
}

export async function commandRun(args: RunArgs, io: CliIo): Promise<number> {
  const runStart = performance.now();
  const ws = workspaceOf(io);
  const device = resolveDevice(args.device);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.join(ws, DEFAULT_OUTPUT_DIR));
  // A dry run writes nothing, not even its output folder.
  if (!args.dryRun) ensureWritableDir(outputDir);
  // A missing, invalid or foreign baseline is an error before anything is measured.
  const baselinePath = args.baseline === null ? null : path.resolve(io.cwd, args.baseline);
  const baseline = baselinePath === null ? null : loadBaseline(baselinePath);
  const config = args.config ? loadCompareConfig(path.resolve(io.cwd, args.config)) : {};
  if (baseline) {
    const check = checkEnvironment({ environment: captureEnvironment() }, baseline, { allowEnvMismatch: args.allowEnvMismatch, baselineSource: args.baseline! });
    if (!check.matched) io.stderr.write(`rhenium-perf: warning: comparing across machines (${check.differences.join(', ')})\n`);
  }
  // The builds start now, beside Nx's project graph (a run of every package).
  const early = startEarlyBuild(ws, args);
  let projects = await benchProjectsAsync(ws, { affected: args.affected, base: args.base ?? undefined }).catch(async (err: unknown) => {
    await early?.outcome;
    throw err;
  });
  if (projects.length === 0) {
    await early?.outcome;
    io.stderr.write(`rhenium-perf: no ${args.affected ? 'affected ' : ''}project has a bench target; nothing to run\n`);
    return 0;
  }
  if (args.shard) {
    projects = applyShard(projects, args.shard, ws, baseline, (line) => io.stderr.write(line + '\n'));
    if (projects.length === 0) {
      io.stderr.write(`rhenium-perf: shard ${args.shard.index}/${args.shard.count} holds no package (more shards than packages); nothing to run\n`);
      return 0;
    }
  }
  if (args.dryRun) return dryRun(ws, projects, args, io, early);
  let built: boolean | null = null;
  if (args.filter) ({ projects, built } = await projectsWithCases(ws, projects, args, io, early));
  io.stderr.write(`rhenium-perf: ${args.mode} run of ${projects.length} package(s) on ${device.resolved}: ${projects.join(', ')}\n`);
  // The packages and their dependencies, built once before the bench targets run.
  if (built === null) built = await buildForRun(workingTreeSide(ws), projects, args, io, false, early);
  const benchArgs = [`--${args.mode}`, '--device', args.device];
  if (args.filter) benchArgs.push('--filter', args.filter);
  if (args.processes !== null) benchArgs.push('--processes', String(args.processes));
  if (args.verbose) benchArgs.push('--verbose');
  const resultsDir = path.join(ws, PACKAGE_RESULTS_DIR);
  // Results of projects outside this run must not be merged: only the listed projects' files are read.
  const nxExit = await runBenchTargets(ws, { projects, benchArgs, fresh: args.fresh, built });
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
    source: captureSourceInfo(JSON.parse(fs.readFileSync(path.join(ws, 'package.json'), 'utf8')).version, runConfig(args), ws),
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
  const rendered = await renderReport(report, ws, outputDir, args.docsDir ? path.resolve(io.cwd, args.docsDir) : outputDir);
  const exported = exportFormats(report, args.formats, outputDir);
  for (const line of summaryLines(report, path.relative(io.cwd, reportPath) || reportPath, (performance.now() - runStart) / 1000)) io.stdout.write(line + '\n');
  for (const line of comparisonLines(report)) io.stdout.write(line + '\n');
  for (const f of [...rendered, ...exported]) io.stdout.write(`  wrote: ${path.relative(io.cwd, f) || f}\n`);
  const failed = report.summary.failed > 0 || report.missing_packages.length > 0;
  return failed || gateFails(report, args.failOnRegression, args.failOn) ? 1 : 0;
}

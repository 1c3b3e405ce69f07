/**
 * `rhenium-perf ab --base REF`: compare the head (the working tree, or `--head REF`) with a
 * base commit on this machine, now. Both sides are built; their cases are measured in
 * rounds of one fresh process per side (schedule.ts); the head's measurements make the
 * report, and the comparison goes into its `ab` section, ab.md and the step summary.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildResult,
  captureEnvironment,
  captureSourceInfo,
  combineMeasurements,
  emptyMeasurement,
  median,
  resolveDevice,
  writeJsonAtomic,
  writeTextAtomic,
  SLOWDOWN_ENV,
  type CaseMeasurement,
  type ListedCase,
} from '@rhenium-perf/harness';
import { SCHEMA_VERSION, assertValid, type AbComparison, type AbSection, type Report, type ResultsFile } from '@rhenium-perf/schema';
import { resolveMetricPolicy } from '../compare/config';
import type { CompareConfig } from '../compare/types';
import type { AbArgs } from '../args';
import { PerfCliError } from '../errors';
import { mergeResults } from '../merge';
import { benchProjects, nxBin, nxEnv } from '../nx';
import { applyShard } from '../shard';
import { decide } from './decide';
import { prepareWorktree, resolveCommit, workingTreeSide, workspacePackages, type Side } from './git';
import { abMarkdown } from './markdown';
import { pairedStat } from './paired';
import { runSchedule, type CaseOutcome, type RoundOutcome, type SideRound } from './schedule';
import { listSideCases, measureOnSide } from './sides';

/** Options of an A/B run: the parsed `ab` arguments, with the output folder resolved and the config read. */
export type AbOptions = Pick<AbArgs, 'base' | 'head' | 'mode' | 'device' | 'filter' | 'affected' | 'shard' | 'budgetSec' | 'minRounds' | 'maxRounds' | 'alpha' | 'seed'> & {
  outputDir: string;
  config: CompareConfig;
  log: (line: string) => void;
};

/** What an A/B run produced. */
export interface AbRun {
  report: Report;
  reportPath: string;
  markdownPath: string;
}

/** Build `projects` (and their dependencies) of a side through Nx; a failed build is RPERF_AB_BUILD. */
export function build(side: Side, projects: readonly string[], log: (line: string) => void): void {
  const nx = nxBin(side.root);
  log(`rhenium-perf ab: building the ${side.label} (${projects.length} project(s) and their dependencies)`);
  const r = spawnSync(process.execPath, [nx, 'run-many', '-t', 'build', `--projects=${projects.join(',')}`, '--outputStyle=static'], {
    cwd: side.root, env: nxEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    const why = `${r.stdout}\n${r.stderr}`.trim().split('\n').filter((l) => /error|failed/i.test(l)).slice(-2).join(' | ');
    throw new PerfCliError('RPERF_AB_BUILD', `the ${side.label} (${side.ref}) does not build (nx exit ${r.status}): ${why || 'see npx nx run-many -t build'}`);
  }
}

const ENV_WITHOUT_SLOWDOWN = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env[SLOWDOWN_ENV];
  return env;
};

function sideRound(m: CaseMeasurement): SideRound {
  return { latencyMs: median(m.samplesMs), rssMb: m.rssMbPeak };
}

function comparisonRows(
  listed: ListedCase,
  project: string,
  outcome: CaseOutcome,
  config: CompareConfig,
): AbComparison[] {
  const thresholds = {
    latency: resolveMetricPolicy(config, listed.id, 'latency_ms').threshold,
    items: resolveMetricPolicy(config, listed.id, 'items_per_sec').threshold,
    rss: resolveMetricPolicy(config, listed.id, 'rss_mb_peak').threshold,
  };
  const rounds = outcome.base.length;
  const med = (xs: number[]): number | null => (xs.length ? median(xs) : null);
  const note = outcome.failure ? `${outcome.failure.side} failed: ${outcome.failure.error}`.slice(0, 300) : null;
  const failedState = outcome.failure ? (outcome.failure.side === 'head' ? 'missing' : 'new') : null;
  const rows: AbComparison[] = [];
  const lat = outcome.latency;
  rows.push({
    id: listed.id, project, metric: 'latency_ms', state: failedState ?? lat?.state ?? 'inconclusive', rounds,
    base: med(outcome.base.map((s) => s.latencyMs)), current: med(outcome.head.map((s) => s.latencyMs)),
    ratio: fin(lat?.stat.ratio), ci_low: fin(lat?.stat.ciLow), ci_high: fin(lat?.stat.ciHigh), p_value: lat?.p ?? null, mde: lat?.mde ?? null,
    threshold: thresholds.latency, note,
  });
  // items/s is the latency seen the other way: the same rounds, the same significance.
  const items = listed.descriptor.itemsPerRun ?? 1;
  const ips = (s: SideRound): number => (items * 1000) / s.latencyMs;
  const st = pairedStat(outcome.base.map(ips), outcome.head.map(ips));
  const d = lat && !failedState ? decide(st, thresholds.items, -1, lat.significant ? 1 : 0) : null;
  rows.push({
    id: listed.id, project, metric: 'items_per_sec', state: failedState ?? d?.state ?? 'inconclusive', rounds,
    base: med(outcome.base.map(ips)), current: med(outcome.head.map(ips)),
    ratio: fin(st.ratio), ci_low: fin(st.ciLow), ci_high: fin(st.ciHigh), p_value: lat?.p ?? null, mde: lat?.mde ?? null,
    threshold: thresholds.items, note,
  });
  const rss = outcome.rss;
  rows.push({
    id: listed.id, project, metric: 'rss_mb_peak', state: failedState ?? rss?.state ?? 'inconclusive', rounds,
    base: med(outcome.base.flatMap((s) => (s.rssMb === null ? [] : [s.rssMb]))), current: med(outcome.head.flatMap((s) => (s.rssMb === null ? [] : [s.rssMb]))),
    ratio: fin(rss?.stat.ratio), ci_low: fin(rss?.stat.ciLow), ci_high: fin(rss?.stat.ciHigh), p_value: rss?.p ?? null, mde: rss?.mde ?? null,
    threshold: thresholds.rss, note,
  });
  return rows;
}

function fin(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

/** Run an A/B comparison; throws PerfCliError on a setup problem (exit 2). */
export async function runAb(ws: string, o: AbOptions): Promise<AbRun> {
  const started = Date.now();
  const baseSha = resolveCommit(ws, o.base);
  const abDir = path.join(o.outputDir, 'ab');
  const base = prepareWorktree(ws, 'base', o.base, baseSha, path.join(abDir, `base-${baseSha.slice(0, 12)}`), o.log);
  const head = o.head === null ? workingTreeSide(ws) : (() => {
    const sha = resolveCommit(ws, o.head!);
    return prepareWorktree(ws, 'head', o.head!, sha, path.join(abDir, `head-${sha.slice(0, 12)}`), o.log);
  })();
  const device = resolveDevice(o.device);

  // Projects: the head's bench projects (or those affected between base and head).
  const selected = benchProjects(head.root, { affected: o.affected, base: baseSha });
  // A/B results are self-contained per machine, so shards of an A/B run may run anywhere.
  const projects = o.shard ? applyShard(selected, o.shard, head.root, null, o.log) : selected;
  const headDirs = workspacePackages(head.root, 'project');
  const baseDirs = workspacePackages(base.root, 'project');
  if (projects.length === 0) o.log(`rhenium-perf ab: no ${o.affected ? 'affected ' : ''}project has a bench target; nothing to compare`);
  if (projects.length > 0) {
    build(head, projects, o.log);
    const onBase = projects.filter((p) => baseDirs.has(p));
    if (onBase.length > 0) build(base, onBase, o.log);
  }

  // Cases on each side.
  interface Pair {
    project: string;
    head: ListedCase | null;
    base: ListedCase | null;
  }
  const pairs: Pair[] = [];
  for (const p of projects) {
    const select = { mode: o.mode, filter: o.filter };
    const hs = await listSideCases(head, headDirs.get(p)!, select);
    let bs: ListedCase[] = [];
    try {
      bs = baseDirs.has(p) ? await listSideCases(base, baseDirs.get(p)!, select) : [];
    } catch (err) {
      // A package whose benches do not load on the base: its cases are new on the head.
      if (!(err instanceof PerfCliError) || err.code !== 'RPERF_AB_BUILD') throw err;
      o.log(`rhenium-perf ab: warning: ${err.message}; its cases count as new`);
    }
    const ids = [...new Set([...hs.map((c) => c.id), ...bs.map((c) => c.id)])];
    for (const id of ids) pairs.push({ project: p, head: hs.find((c) => c.id === id) ?? null, base: bs.find((c) => c.id === id) ?? null });
  }
  const gpuSkip = (c: ListedCase): boolean => c.tags.includes('gpu') && device.resolved !== 'cuda';
  const both = pairs.filter((p) => p.head && p.base && !gpuSkip(p.head));
  if (projects.length > 0 && pairs.length === 0) {
    throw new PerfCliError('RPERF_NO_CASES', `no case matches (mode ${o.mode}${o.filter ? `, filter ${o.filter}` : ''}) in ${projects.join(', ')}; nothing was written`);
  }
  o.log(`rhenium-perf ab: ${both.length} case(s) on both sides in ${projects.length} package(s); budget ${o.budgetSec} s, rounds ${o.minRounds}..${o.maxRounds}`);

  const headEnv = { ...process.env };
  const baseEnv = ENV_WITHOUT_SLOWDOWN();
  const headParts = new Map<string, CaseMeasurement[]>();
  const byKey = new Map(both.map((p) => [p.head!.id, p]));
  const clock0 = Date.now();
  const measure = async (key: string, _round: number, baseFirst: boolean): Promise<RoundOutcome> => {
    const pair = byKey.get(key)!;
    const t0 = Date.now();
    const one = (side: 'base' | 'head'): Promise<CaseMeasurement> =>
      side === 'base'
        ? measureOnSide(base, pair.base!, { mode: o.mode, device: device.resolved, env: baseEnv })
        : measureOnSide(head, pair.head!, { mode: o.mode, device: device.resolved, env: headEnv });
    const order: ('base' | 'head')[] = baseFirst ? ['base', 'head'] : ['head', 'base'];
    const got: Partial<Record<'base' | 'head', CaseMeasurement>> = {};
    for (const s of order) got[s] = await one(s);
    const seconds = (Date.now() - t0) / 1000;
    headParts.set(key, [...(headParts.get(key) ?? []), got.head!]);
    for (const s of ['head', 'base'] as const) {
      const m = got[s]!;
      if (m.state !== 'passed') return { ok: false, side: s, error: m.error ?? m.skippedReason ?? m.state, seconds };
    }
    return { ok: true, base: sideRound(got.base!), head: sideRound(got.head!), seconds };
  };
  const outcomes = await runSchedule(
    both.map((p) => {
      const id = p.head!.id;
      return {
        key: id,
        latencyThreshold: resolveMetricPolicy(o.config, id, 'latency_ms').threshold,
        rssThreshold: resolveMetricPolicy(o.config, id, 'rss_mb_peak').threshold,
      };
    }),
    measure,
    {
      minRounds: o.minRounds, maxRounds: o.maxRounds, budgetSec: o.budgetSec, alpha: o.alpha, confidence: 0.95, seed: o.seed,
      elapsedSec: () => (Date.now() - clock0) / 1000,
      onRound: ({ key, round, look, doneCases, totalCases, elapsedSec }) =>
        o.log(`[ab ${elapsedSec.toFixed(0)} s] look ${look}: ${key} round ${round}; ${doneCases}/${totalCases} cases decided`),
    },
  );

  // The comparison rows.
  const comparisons: AbComparison[] = [];
  outcomes.forEach((oc) => comparisons.push(...comparisonRows(byKey.get(oc.key)!.head!, byKey.get(oc.key)!.project, oc, o.config)));
  for (const p of pairs) {
    if (p.head && p.base && !gpuSkip(p.head)) continue;
    const only = p.head ?? p.base!;
    const state = p.head && p.base ? 'inconclusive' : p.head ? 'new' : 'missing';
    const note = p.head && p.base ? 'skipped: requires CUDA' : p.head ? 'only on the head' : 'only on the base';
    for (const metric of ['latency_ms', 'items_per_sec', 'rss_mb_peak'] as const) {
      comparisons.push({ id: only.id, project: p.project, metric, state, rounds: 0, base: null, current: null, ratio: null, ci_low: null, ci_high: null, p_value: null, mde: null, threshold: resolveMetricPolicy(o.config, only.id, metric).threshold, note });
    }
  }

  // The head's results, one file per project, merged into the report.
  const env = captureEnvironment();
  const files: ResultsFile[] = [];
  for (const p of projects) {
    const dir = headDirs.get(p)!;
    const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
    const pkg = { name: pj.name, version: pj.version };
    const results = pairs
      .filter((x) => x.project === p && x.head)
      .map((x) => {
        const parts = headParts.get(x.head!.id) ?? [];
        const m = parts.length ? combineMeasurements(parts) : undefined;
        const measurement: CaseMeasurement = m ?? emptyMeasurement({
          state: 'skipped', skippedReason: gpuSkip(x.head!) ? 'requires CUDA' : x.base ? 'not measured' : 'new on the head: no base to compare with',
        });
        return buildResult(x.head!.descriptor, measurement, {
          device: device.resolved, packageRef: pkg, project: p, startedAt: new Date(started), durationSec: 0, timeoutMs: x.head!.timeoutMs ?? 120_000,
        });
      });
    files.push({
      schema_version: SCHEMA_VERSION, kind: 'results', timestamp: new Date(started).toISOString(), project: p, package: pkg, mode: o.mode,
      device, filter: o.filter, environment: env, source: captureSourceInfo(pkg.version, { ab: true, base: baseSha, mode: o.mode }, head.root), benchmarks: results,
      duration_sec: (Date.now() - started) / 1000,
    });
  }
  const section: AbSection = {
    base: { ref: o.base, sha: baseSha },
    head: { ref: head.ref, sha: head.sha, dirty: head.dirty },
    seed: o.seed, alpha: o.alpha, confidence: 0.95, budget_sec: o.budgetSec, min_rounds: o.minRounds, max_rounds: o.maxRounds,
    wall_sec: (Date.now() - started) / 1000, slowdown: process.env[SLOWDOWN_ENV] ?? null, comparisons,
  };
  let report: Report;
  if (files.length > 0) {
    report = mergeResults(files, { expectedProjects: projects, source: captureSourceInfo('ab', { ab: true, base: baseSha, mode: o.mode }, head.root) });
  } else {
    report = mergeResults([{ ...emptyResults(env, device), mode: o.mode }]);
    report.packages = [];
  }
  const states = new Set(comparisons.map((c) => c.state));
  report = {
    ...report,
    ab: section,
    summary: { ...report.summary, regression_status: states.has('regression') ? 'regression' : states.has('inconclusive') || states.has('missing') ? 'inconclusive' : 'pass' },
  };
  assertValid<Report>('report', report, 'the A/B report');
  const reportPath = path.join(o.outputDir, 'report.json');
  writeJsonAtomic(reportPath, report);
  const md = abMarkdown(section);
  const markdownPath = path.join(o.outputDir, 'ab.md');
  writeTextAtomic(markdownPath, md);
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, md + '\n');
  return { report, reportPath, markdownPath };
}

function emptyResults(env: ReturnType<typeof captureEnvironment>, device: ReturnType<typeof resolveDevice>): ResultsFile {
  return {
    schema_version: SCHEMA_VERSION, kind: 'results', timestamp: new Date().toISOString(), project: 'none', package: { name: 'none', version: '0.0.0' },
    mode: 'smoke', device, filter: null, environment: env, source: captureSourceInfo('ab', {}, process.cwd()), benchmarks: [], duration_sec: 0,
  };
}

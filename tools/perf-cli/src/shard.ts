/**
 * `--shard k/n`: split the selected projects into n groups of about equal recorded time, so
 * n runners measure the suite in the wall time of the largest group.
 *
 * The split is the longest-first greedy rule (LPT): projects in order of recorded duration,
 * longest first (ties by name), each to the group with the least time so far (ties to the
 * lower group). Its largest group is at most 4/3 − 1/(3n) of the optimum (Graham 1969), and it
 * is deterministic: every runner given the same projects and durations computes the same
 * groups, which is what lets each runner compute only its own. A project without a recorded
 * duration counts as the median of the recorded ones (1 s when none is recorded, which gives
 * groups of equal counts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Report } from '@rhenium-perf/schema';
import { loadBaseline } from './compare';
import { DEFAULT_BASELINE } from './defaults';
import { PerfCliError } from './errors';

/** One shard: `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The largest shard count accepted (a matrix of more runners than projects makes no sense anyway). */
export const MAX_SHARDS = 64;

/**
 * Parse `k/n` (1 ≤ k ≤ n ≤ 64).
 * @example parseShard('2/3') // { index: 2, count: 3 }
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count)) {
    throw new PerfCliError('RPERF_USAGE', `--shard needs k/n with 1 ≤ k ≤ n ≤ ${MAX_SHARDS} (e.g. --shard 2/3), received "${text}"; see rhenium-perf --help`);
  }
  return { index, count };
}

/** Recorded seconds per project: the package summaries of a report (baseline or last run). */
export function recordedDurations(report: Pick<Report, 'packages'> | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of report?.packages ?? []) if (Number.isFinite(p.duration_sec) && p.duration_sec >= 0) out.set(p.project, p.duration_sec);
  return out;
}

/** The n groups of `projects` (each sorted by name), with their recorded seconds. */
export function planShards(projects: readonly string[], durations: ReadonlyMap<string, number>, count: number): { projects: string[]; seconds: number }[] {
  const known = projects.map((p) => durations.get(p)).filter((d): d is number => d !== undefined).sort((a, b) => a - b);
  const fallback = known.length ? known[(known.length - 1) >> 1]! : 1;
  const weight = (p: string): number => durations.get(p) ?? fallback;
  const order = [...new Set(projects)].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : a > b ? 1 : 0));
  const groups = Array.from({ length: count }, () => ({ projects: [] as string[], seconds: 0 }));
  for (const p of order) {
    let best = 0;
    for (let g = 1; g < count; g++) if (groups[g]!.seconds < groups[best]!.seconds) best = g;
    groups[best]!.projects.push(p);
    groups[best]!.seconds += weight(p);
  }
  for (const g of groups) g.projects.sort();
  return groups;
}

/** The projects of shard `shard`, and the balance of the plan (largest group / ideal, ≥ 1). */
export function shardProjects(projects: readonly string[], durations: ReadonlyMap<string, number>, shard: Shard): { projects: string[]; balance: number; seconds: number } {
  const groups = planShards(projects, durations, shard.count);
  const total = groups.reduce((a, g) => a + g.seconds, 0);
  const largest = Math.max(...groups.map((g) => g.seconds));
  const mine = groups[shard.index - 1]!;
  return { projects: mine.projects, seconds: mine.seconds, balance: total > 0 ? largest / (total / shard.count) : 1 };
}

/**
 * The durations a shard plan uses: those of `baseline` (the run's --baseline) when given,
 * else of the workspace's default baseline (baselines/v1.0.json) when it reads, else none
 * (groups of equal counts). Every runner of a matrix reads the same committed file, so every
 * runner computes the same plan.
 */
export function shardDurations(ws: string, baseline: Pick<Report, 'packages'> | null, log: (line: string) => void): { durations: Map<string, number>; from: string } {
  if (baseline) return { durations: recordedDurations(baseline), from: 'the --baseline report' };
  const file = path.join(ws, DEFAULT_BASELINE);
  if (!fs.existsSync(file)) return { durations: new Map(), from: 'nothing recorded (equal counts)' };
  try {
    return { durations: recordedDurations(loadBaseline(file)), from: DEFAULT_BASELINE };
  } catch (err) {
    log(`rhenium-perf: warning: ${DEFAULT_BASELINE} cannot give shard durations (${(err as Error).message}); shards of equal counts`);
    return { durations: new Map(), from: 'nothing recorded (equal counts)' };
  }
}

/** Narrow `projects` to shard `shard`, saying what the shard holds. */
export function applyShard(projects: readonly string[], shard: Shard, ws: string, baseline: Pick<Report, 'packages'> | null, log: (line: string) => void): string[] {
  const { durations, from } = shardDurations(ws, baseline, log);
  const plan = shardProjects(projects, durations, shard);
  log(
    `rhenium-perf: shard ${shard.index}/${shard.count}: ${plan.projects.length} of ${projects.length} package(s) (${plan.projects.join(', ') || 'none'}), ` +
      `${plan.seconds.toFixed(0)} s recorded; largest shard / ideal = ${plan.balance.toFixed(2)} (durations from ${from})`,
  );
  return plan.projects;
}

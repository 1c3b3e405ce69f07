/**
 * Running one case under the V8 CPU profiler on a side (the working tree, or a base
 * worktree): find the case among the side's packages (built first, listed through the side's
 * own harness), measure it once without the profiler to size the run, then again in a fresh
 * process started with `node --cpu-prof`, and keep the profile that process wrote.
 *
 * NOTE: the profiler samples the whole child process (start, imports, setup, warm-up,
 * calibration, verify). The profiled run takes enough timed samples that the timed loop is
 * most of it: about 4x the time of everything else, at least 3 s, at most 60 s.
 */
import fs from 'node:fs';
import path from 'node:path';
import { median, runCaseInChild, type CaseMeasurement, type ListedCase } from '@rhenium-perf/harness';
import type { DeviceKind } from '@rhenium-perf/schema';
import { build } from '../ab/command';
import { workspacePackages, type Side } from '../ab/git';
import { childEntryOf, listSideCases } from '../ab/sides';
import { PerfCliError } from '../errors';
import { benchProjects } from '../nx';
import { parseCpuProfile } from './cpuprofile';

/** Timed samples of the sizing run (the case's own warm-up calls come before them). */
export const SIZING_SAMPLES = 2;
/** The timed loop of the profiled run lasts at least this long, ms. */
export const MIN_TIMED_MS = 3_000;
/** ... and at most this long, ms. */
export const MAX_TIMED_MS = 60_000;
/** ... and aims at this multiple of the rest of the process (setup, start, verify). */
export const TIMED_TO_REST = 4;
/** Most timed samples a profiled run asks for. */
export const MAX_SAMPLES = 100_000;
/** The harness's own per-case timeout (DEFAULT_CASE_TIMEOUT_MS), for a case that sets none. */
const CASE_TIMEOUT_MS = 120_000;

/** A case found on a side. */
export interface FoundCase {
  project: string;
  packageDir: string;
  listed: ListedCase;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How well a project's name matches a case id: each word of the project name that an id
 * word starts (or is started by) scores 1 / (1 + the id word's position), so
 * `recon_ct_fbp_…` ranks reconstruction-ct (recon, ct) above reconstruction-mri (recon).
 */
export function projectScore(caseId: string, project: string): number {
  const words = caseId.toLowerCase().split(/[_\W]+/).filter((w) => w.length >= 2);
  let score = 0;
  for (const p of project.toLowerCase().split(/[-_]+/)) {
    const at = words.findIndex((w) => p.startsWith(w) || w.startsWith(p));
    if (at >= 0) score += 1 / (1 + at);
  }
  return score;
}

/** Candidate projects for a case id, likeliest first (packages with a bench/ folder only). */
export function rankProjects(caseId: string, dirs: ReadonlyMap<string, string>): string[] {
  return [...dirs.keys()]
    .filter((p) => fs.existsSync(path.join(dirs.get(p)!, 'bench')))
    .map((p) => ({ p, s: projectScore(caseId, p) }))
    .sort((a, b) => b.s - a.s || a.p.localeCompare(b.p))
    .map((x) => x.p);
}

/** What finding a case needs (the real ones by default; tests pass fakes). */
export interface FindDeps {
  build: (side: Side, projects: readonly string[], log: (line: string) => void) => void;
  list: (side: Side, packageDir: string, caseId: string) => Promise<ListedCase[]>;
  benchProjects: (root: string) => string[];
  packages: (root: string) => Map<string, string>;
}

const realDeps: FindDeps = {
  build,
  list: (side, dir, caseId) => listSideCases(side, dir, { mode: 'custom', filter: `^${escapeRegExp(caseId)}$` }),
  benchProjects: (root) => benchProjects(root),
  packages: (root) => workspacePackages(root, 'project'),
};

/** The case in one package, or null (a package whose benches cannot be listed counts as not having it). */
async function listOne(deps: FindDeps, side: Side, project: string, dir: string, caseId: string, log: (line: string) => void): Promise<ListedCase | null> {
  try {
    return (await deps.list(side, dir, caseId)).find((c) => c.id === caseId) ?? null;
  } catch (err) {
    if (!(err instanceof PerfCliError)) throw err;
    log(`rhenium-perf profile: warning: cannot list the cases of ${project} on the ${side.label}: ${err.message}`);
    return null;
  }
}

/**
 * Find `caseId` on a side: build and list the likeliest package first (`prefer`, else the
 * best `projectScore` when it is above 0), then every other package with a bench target.
 * Null when no package has it.
 *
 * The likeliest package must build (its build error is the answer: profiling stale code
 * would mislead). The others are built together only to be searched: when that build fails,
 * they are listed from what was built before, and the package that holds the case is then
 * built alone, which must succeed.
 */
export async function findCaseOnSide(
  side: Side,
  caseId: string,
  log: (line: string) => void,
  prefer: string | null = null,
  deps: FindDeps = realDeps,
): Promise<FoundCase | null> {
  const dirs = deps.packages(side.root);
  const ranked = rankProjects(caseId, dirs);
  const first = prefer !== null && dirs.has(prefer) ? prefer : ranked[0] !== undefined && projectScore(caseId, ranked[0]) > 0 ? ranked[0] : undefined;
  if (first !== undefined) {
    deps.build(side, [first], log);
    const listed = await listOne(deps, side, first, dirs.get(first)!, caseId, log);
    if (listed) return { project: first, packageDir: dirs.get(first)!, listed };
  }
  const rest = deps.benchProjects(side.root).filter((p) => p !== first && dirs.has(p));
  if (rest.length === 0) return null;
  log(`rhenium-perf profile: looking for ${caseId} in ${first === undefined ? 'all' : 'the other'} ${rest.length} package(s) of the ${side.label}`);
  let built = true;
  try {
    deps.build(side, rest, log);
  } catch (err) {
    if (!(err instanceof PerfCliError)) throw err;
    built = false;
    log(`rhenium-perf profile: warning: ${err.message}; searching what was built before`);
  }
  for (const p of rest) {
    const listed = await listOne(deps, side, p, dirs.get(p)!, caseId, log);
    if (!listed) continue;
    if (!built) deps.build(side, [p], log);
    return { project: p, packageDir: dirs.get(p)!, listed };
  }
  return null;
}

/** How the profiled run is sized from the sizing run. */
export interface ProfilePlan {
  measuredRuns: number;
  /** Expected time of the timed loop, ms. */
  timedMs: number;
  /** The rest of the process (start, setup, verify), ms, as the sizing run saw it. */
  restMs: number;
  timeoutMs: number;
}

/**
 * Size the profiled run from a sizing run of `wallMs` (fork to exit) that took `m`'s samples
 * after `m.warmupRunsPerProcess` warm-up calls: timed samples enough for the timed loop to
 * last TIMED_TO_REST x the rest, within [MIN_TIMED_MS, MAX_TIMED_MS].
 */
export function planProfile(m: Pick<CaseMeasurement, 'samplesMs' | 'batchSizes' | 'warmupRunsPerProcess'>, wallMs: number, caseTimeoutMs: number | null): ProfilePlan {
  const callMs = m.samplesMs.length ? median(m.samplesMs) : 0;
  const batch = m.batchSizes[0] ?? 1;
  const sampleMs = Math.max(callMs * batch, 1e-3);
  const timedSoFar = m.samplesMs.reduce((a, b) => a + b * batch, 0);
  const restMs = Math.max(0, wallMs - timedSoFar - m.warmupRunsPerProcess * callMs);
  const targetMs = Math.min(MAX_TIMED_MS, Math.max(MIN_TIMED_MS, TIMED_TO_REST * restMs));
  const measuredRuns = Math.min(MAX_SAMPLES, Math.max(3, Math.ceil(targetMs / sampleMs)));
  const timedMs = measuredRuns * sampleMs;
  // Twice what the run should take, and never less than the case's own timeout.
  const timeoutMs = Math.max(caseTimeoutMs ?? CASE_TIMEOUT_MS, Math.ceil(2 * (wallMs + timedMs) + 30_000));
  return { measuredRuns, timedMs, restMs, timeoutMs };
}

/** What a side's profiled run gave. */
export type ProfiledRun =
  | { ok: true; profileFile: string; measurement: CaseMeasurement; plan: ProfilePlan }
  | { ok: false; error: string };

/** The profile the case's process wrote: the one that ran the harness's child (a case may start processes of its own). */
function pickProfile(dir: string): string | null {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
  if (files.length <= 1) return files[0] ?? null;
  const ours = files.filter((f) => /packages\/harness\/dist\/child\.js/.test(fs.readFileSync(f, 'utf8')));
  const pool = ours.length > 0 ? ours : files;
  return pool.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
}

/**
 * Profile `found` on `side`: a sizing run, then the profiled run, whose profile is moved to
 * `target` (the .cpuprofile node wrote, unchanged).
 */
export async function profileOnSide(
  side: Side,
  found: FoundCase,
  target: string,
  opts: { device: DeviceKind; env: NodeJS.ProcessEnv; log: (line: string) => void; verbose?: boolean },
): Promise<ProfiledRun> {
  const childEntry = childEntryOf(side);
  const ref = { file: found.listed.file, id: found.listed.id, timeoutMs: found.listed.timeoutMs ?? undefined };
  // The case's process output goes to stderr with -v (as a run's --verbose).
  const base = { mode: 'full' as const, device: opts.device, childEntry, env: opts.env, execArgv: [] as string[], verbose: opts.verbose ?? false };
  const t0 = Date.now();
  const sizing = await runCaseInChild(ref, { ...base, measuredRunsPerProcess: SIZING_SAMPLES });
  const wallMs = Date.now() - t0;
  if (sizing.state !== 'passed') return { ok: false, error: sizing.error ?? sizing.skippedReason ?? sizing.state };
  const plan = planProfile(sizing, wallMs, found.listed.timeoutMs);
  opts.log(
    `rhenium-perf profile: ${side.label}: ${(sizing.samplesMs.length ? median(sizing.samplesMs) : 0).toFixed(3)} ms per call, ` +
      `${(wallMs / 1000).toFixed(1)} s per process; profiling ${plan.measuredRuns} timed samples (~${(plan.timedMs / 1000).toFixed(1)} s)`,
  );
  const tmp = fs.mkdtempSync(path.join(path.dirname(target), `.profile-${side.label}-`));
  try {
    const m = await runCaseInChild(ref, {
      ...base,
      execArgv: ['--cpu-prof', `--cpu-prof-dir=${tmp}`],
      measuredRunsPerProcess: plan.measuredRuns,
      timeoutMs: plan.timeoutMs,
    });
    if (m.state !== 'passed') return { ok: false, error: m.error ?? m.skippedReason ?? m.state };
    const file = pickProfile(tmp);
    if (!file) return { ok: false, error: `the case process wrote no CPU profile in ${tmp}` };
    // Checked before it replaces an earlier profile: a truncated file is an error, not a result.
    try {
      parseCpuProfile(fs.readFileSync(file, 'utf8'), file);
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    fs.renameSync(file, target);
    return { ok: true, profileFile: target, measurement: m, plan };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

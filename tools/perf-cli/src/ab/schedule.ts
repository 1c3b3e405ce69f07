/**
 * The A/B schedule: rounds of one fresh process per side for every case, the order inside a
 * round chosen by a seeded coin, then more rounds for the cases that are still undecided,
 * while the time budget lasts.
 *
 * Looks and error control. A case is looked at after `minRounds` rounds, after
 * 2 x minRounds, and after `maxRounds` (L = 3 looks at most). At each look, the two-sided
 * p-values of the run's latency tests (one per case; items/s is the latency test seen the
 * other way) go through Benjamini–Hochberg at level 0.8 α / L, those of its peak-RSS tests at
 * 0.2 α / L (LATENCY_ALPHA_SHARE). A test that BH rejects, with its estimate past the
 * threshold, decides the case (`regression` or `improvement`) and the case stops; so does a case whose interval lies inside the band
 * (`unchanged`). Under the global null (an A/A run) BH controls each family's family-wise
 * error at its level per look, and the union over the two families and the L looks keeps a
 * false regression or improvement anywhere in the run at most α.
 *
 * NOTE: the default first look is at 8 rounds, not fewer: with R rounds the smallest exact
 * two-sided signed-rank p is 2 / 2^R, and at R = 6 that is 0.031, above 0.8 α / L = 0.013,
 * so a first look at 6 rounds could never flag anything (measured: every regression then
 * cost 12 rounds or more). At R = 8 it is 0.0078. The A/A runs in docs/perf/metrics.md
 * measure the real rate of false alarms.
 *
 * Priority: after the first look, undecided cases get their next rounds cheapest first
 * (estimated seconds until their next look), so a short budget decides as many as it can.
 */
import { createRng } from '@rhenium-perf/fixtures';
import type { ComparisonState } from '@rhenium-perf/schema';
import { benjaminiHochberg } from '../compare/benjamini-hochberg';
import { decide } from './decide';
import { minimumDetectableEffect, pairedStat, type PairedStat } from './paired';

/** One side's figures in one round (one process). */
export interface SideRound {
  /** Median per-call latency of the process's samples (ms). */
  latencyMs: number;
  /** Peak RSS of the process (MB), or null. */
  rssMb: number | null;
}

/** What measuring one round of a case gave: both sides, or why it could not. */
export type RoundOutcome =
  | { ok: true; base: SideRound; head: SideRound; seconds: number }
  | { ok: false; side: 'base' | 'head'; error: string; seconds: number };

/** A case of the schedule. */
export interface ScheduleCase {
  key: string;
  /** Thresholds as fractions: latency +T, peak RSS +T. */
  latencyThreshold: number;
  rssThreshold: number;
}

/** Options of the schedule. */
export interface ScheduleOptions {
  minRounds: number;
  maxRounds: number;
  /** Wall-time budget of the measuring (seconds); the first look of every case is always completed. */
  budgetSec: number;
  alpha: number;
  /** Level of the shown interval. */
  confidence: number;
  seed: number;
  /** Seconds since the schedule started (injected for tests). */
  elapsedSec: () => number;
  onRound?: (p: { key: string; round: number; look: number; doneCases: number; totalCases: number; elapsedSec: number }) => void;
}

/** The outcome of one test of one case. */
export interface TestOutcome {
  state: ComparisonState;
  /** Whether BH found the test significant at its look. */
  significant: boolean;
  stat: PairedStat;
  /** Two-sided p-value. */
  p: number | null;
  mde: number | null;
}

/** Everything measured and decided for a case. */
export interface CaseOutcome {
  key: string;
  base: SideRound[];
  head: SideRound[];
  /** Order of each round: true when base ran first. */
  baseFirst: boolean[];
  latency: TestOutcome | null;
  rss: TestOutcome | null;
  /** Set when a side failed: the case stops there. */
  failure: { side: 'base' | 'head'; error: string } | null;
  decidedAtLook: number | null;
  seconds: number;
}

/** The number of looks of a schedule. */
export function looksOf(minRounds: number, maxRounds: number): number[] {
  return [...new Set([minRounds, Math.min(2 * minRounds, maxRounds), maxRounds])].sort((a, b) => a - b);
}

function twoSided(stat: PairedStat): number | null {
  return Number.isFinite(stat.pGreater) ? Math.min(1, 2 * Math.min(stat.pGreater, stat.pLess)) : null;
}

interface Test {
  c: CaseOutcome;
  which: 'latency' | 'rss';
  stat: PairedStat;
  threshold: number;
}

function testsOf(c: CaseOutcome, spec: ScheduleCase, confidence: number): Test[] {
  const out: Test[] = [];
  out.push({ c, which: 'latency', stat: pairedStat(c.base.map((s) => s.latencyMs), c.head.map((s) => s.latencyMs), confidence), threshold: spec.latencyThreshold });
  if (c.base.every((s) => s.rssMb !== null) && c.head.every((s) => s.rssMb !== null) && c.base.length > 0) {
    out.push({ c, which: 'rss', stat: pairedStat(c.base.map((s) => s.rssMb!), c.head.map((s) => s.rssMb!), confidence), threshold: spec.rssThreshold });
  }
  return out;
}

/** Share of the run's α given to the latency tests (items/s is the same test); peak RSS gets the rest. */
export const LATENCY_ALPHA_SHARE = 0.8;

/**
 * Decide every test of the run at one look. The two metrics are two families: latency at
 * α · LATENCY_ALPHA_SHARE / L, peak RSS at the rest of α / L, each through BH over its own
 * tests (so the RSS tests do not double the latency family, and a lone latency regression
 * among m cases needs p ≤ 0.8 α / (L m), not α / (2 L m)). Cases already decided keep
 * their outcome.
 */
function look(cases: readonly CaseOutcome[], specs: ReadonlyMap<string, ScheduleCase>, lookIndex: number, opts: ScheduleOptions, looks: number): void {
  const all = cases.filter((c) => !c.failure).flatMap((c) => testsOf(c, specs.get(c.key)!, opts.confidence));
  for (const which of ['latency', 'rss'] as const) {
    const tests = all.filter((t) => t.which === which);
    const q = benjaminiHochberg(tests.map((t) => twoSided(t.stat) ?? 1));
    const level = (opts.alpha * (which === 'latency' ? LATENCY_ALPHA_SHARE : 1 - LATENCY_ALPHA_SHARE)) / looks;
    // NOTE: the MDE is stated for the most conservative split (Bonferroni over the family's
    // tests and the looks); with BH a case can do better when others also change.
    const mdeLevel = level / Math.max(1, tests.length);
    tests.forEach((t, i) => {
      if (t.c.decidedAtLook !== null) return;
      // decide() compares a one-sided p with its level; BH has already decided significance,
      // so pass the BH verdict through: significant tests get level 1, others level 0.
      const significant = q[i]! <= level;
      const d = decide(t.stat, t.threshold, 1, significant ? 1 : 0);
      const outcome: TestOutcome = { state: d.state, significant, stat: t.stat, p: twoSided(t.stat), mde: minimumDetectableEffect(t.stat, mdeLevel, t.threshold) };
      if (t.which === 'latency') t.c.latency = outcome;
      else t.c.rss = outcome;
    });
  }
  for (const c of cases) {
    if (c.decidedAtLook !== null || c.failure) continue;
    const states = [c.latency?.state, c.rss?.state].filter((s): s is ComparisonState => s !== undefined);
    const anyChange = states.some((s) => s === 'regression' || s === 'improvement');
    const latencyDone = c.latency !== null && c.latency.state !== 'inconclusive';
    const rssDone = c.rss === null || c.rss.state !== 'inconclusive';
    if (anyChange || (latencyDone && rssDone)) c.decidedAtLook = lookIndex;
  }
}

/**
 * Run the schedule with `measure(key, round, baseFirst)` measuring one round of one case.
 * Returns every case's rounds and decisions, in the order of `cases`.
 */
export async function runSchedule(
  cases: readonly ScheduleCase[],
  measure: (key: string, round: number, baseFirst: boolean) => Promise<RoundOutcome>,
  opts: ScheduleOptions,
): Promise<CaseOutcome[]> {
  if (!(opts.minRounds >= 2 && opts.maxRounds >= opts.minRounds)) throw new RangeError(`rounds: need 2 <= minRounds <= maxRounds, received ${opts.minRounds}, ${opts.maxRounds}`);
  const looks = looksOf(opts.minRounds, opts.maxRounds);
  const rng = createRng(opts.seed);
  const coin = (): number => rng.next();
  const specs = new Map(cases.map((c) => [c.key, c]));
  const out: CaseOutcome[] = cases.map((c) => ({
    key: c.key, base: [], head: [], baseFirst: [], latency: null, rss: null, failure: null, decidedAtLook: null, seconds: 0,
  }));
  const done = (): number => out.filter((c) => c.decidedAtLook !== null || c.failure !== null).length;
  const oneRound = async (c: CaseOutcome, lookIndex: number): Promise<void> => {
    const baseFirst = coin() < 0.5;
    const r = await measure(c.key, c.base.length, baseFirst);
    c.seconds += r.seconds;
    if (!r.ok) {
      c.failure = { side: r.side, error: r.error };
      return;
    }
    c.base.push(r.base);
    c.head.push(r.head);
    c.baseFirst.push(baseFirst);
    opts.onRound?.({ key: c.key, round: c.base.length, look: lookIndex + 1, doneCases: done(), totalCases: out.length, elapsedSec: opts.elapsedSec() });
  };

  for (let li = 0; li < looks.length; li++) {
    const target = looks[li]!;
    const open = (): CaseOutcome[] => out.filter((c) => c.decidedAtLook === null && !c.failure && c.base.length < target);
    if (li === 0) {
      // First look: every case, rounds interleaved across cases so that drift spreads over all.
      for (let r = 0; r < target; r++) for (const c of open()) await oneRound(c, li);
    } else {
      // Later looks: cheapest to reach the look first, one round per case per pass, within the budget.
      const perRound = (c: CaseOutcome): number => c.seconds / Math.max(1, c.base.length + (c.failure ? 1 : 0));
      const queue = open().sort((a, b) => perRound(a) * (target - a.base.length) - perRound(b) * (target - b.base.length));
      const admitted: CaseOutcome[] = [];
      let planned = opts.elapsedSec();
      for (const c of queue) {
        const cost = perRound(c) * (target - c.base.length);
        if (planned + cost > opts.budgetSec) continue;
        planned += cost;
        admitted.push(c);
      }
      for (let more = true; more; ) {
        more = false;
        for (const c of admitted) {
          if (c.failure || c.base.length >= target) continue;
          if (opts.elapsedSec() + perRound(c) > opts.budgetSec * 1.1) continue;
          await oneRound(c, li);
          more = true;
        }
      }
    }
    look(out, specs, li, opts, looks.length);
    if (open().length === 0 && li > 0 && out.every((c) => c.decidedAtLook !== null || c.failure || c.base.length >= looks[looks.length - 1]!)) break;
    if (opts.elapsedSec() >= opts.budgetSec) break;
  }
  return out;
}

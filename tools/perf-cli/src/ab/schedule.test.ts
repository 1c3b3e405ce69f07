// The whole A/B rule (schedule, looks, BH, decisions) on simulated measurements: per-process
// noise, a load shared by the two processes of a round, and slow JIT states in some processes,
// as the harness has met them on this 2-core machine.
import { describe, expect, it } from 'vitest';
import { looksOf, runSchedule, type RoundOutcome, type ScheduleCase } from './schedule';
import { createRng } from '@rhenium-perf/fixtures';

interface SimOptions {
  cases: number;
  /** head / base of every case (1 = A/A), or per case. */
  effect: number | ((i: number) => number);
  seed: number;
  /** σ of ln(process median) around the case's latency. */
  processSigma?: number;
  /** σ of the ln load shared by a round's two processes. */
  loadSigma?: number;
  /** Probability of a slow JIT state in a process, and its slowdown range. */
  slowJit?: number;
  secondsPerRound?: number;
  budgetSec?: number;
}

async function simulate(o: SimOptions) {
  const rng = createRng(o.seed);
  const rand = (): number => rng.next();
  const gauss = (): number => rng.normal();
  const cases: ScheduleCase[] = Array.from({ length: o.cases }, (_, i) => ({ key: `c${i}`, latencyThreshold: 0.1, rssThreshold: 0.2 }));
  const latency = cases.map(() => 1 + 49 * rand());
  let clock = 0;
  const side = (ms: number, load: number): number => {
    const jit = rand() < (o.slowJit ?? 0.05) ? 1.5 + 1.5 * rand() : 1;
    return ms * Math.exp((o.processSigma ?? 0.04) * gauss() + load) * jit;
  };
  const measure = async (key: string): Promise<RoundOutcome> => {
    const i = Number(key.slice(1));
    const effect = typeof o.effect === 'number' ? o.effect : o.effect(i);
    const load = (o.loadSigma ?? 0.1) * gauss();
    const s = o.secondsPerRound ?? 1.2;
    clock += s;
    return {
      ok: true, seconds: s,
      base: { latencyMs: side(latency[i]!, load), rssMb: 100 + rand() },
      head: { latencyMs: side(latency[i]! * effect, load), rssMb: 100 + rand() },
    };
  };
  return runSchedule(cases, measure, {
    minRounds: 8, maxRounds: 30, budgetSec: o.budgetSec ?? 480, alpha: 0.05, confidence: 0.95, seed: o.seed, elapsedSec: () => clock,
  });
}

describe('A/B schedule on simulated measurements', () => {
  it('looks at min, 2 x min and max rounds', () => {
    expect(looksOf(8, 30)).toEqual([8, 16, 30]);
    expect(looksOf(6, 30)).toEqual([6, 12, 30]);
    expect(looksOf(6, 8)).toEqual([6, 8]);
  });

  it('A/A: at most 1% of 200 runs of 19 cases raise any false regression or improvement', async () => {
    let falseRuns = 0;
    let rounds = 0;
    for (let run = 0; run < 200; run++) {
      const out = await simulate({ cases: 19, effect: 1, seed: 1000 + run });
      rounds += out.reduce((a, c) => a + c.base.length, 0) / out.length;
      if (out.some((c) => [c.latency?.state, c.rss?.state].some((s) => s === 'regression' || s === 'improvement'))) falseRuns++;
    }
    console.log(`A/A: ${falseRuns}/200 runs with a false change; mean rounds per case ${(rounds / 200).toFixed(1)}`);
    expect(falseRuns).toBeLessThanOrEqual(2);
  });

  it('+15% on every case: at least 90% of cases flagged as regressions within the default budget', async () => {
    let flagged = 0;
    let total = 0;
    for (let run = 0; run < 30; run++) {
      const out = await simulate({ cases: 19, effect: 1.15, seed: 5000 + run });
      total += out.length;
      flagged += out.filter((c) => c.latency?.state === 'regression').length;
    }
    console.log(`+15%: ${flagged}/${total} flagged`);
    expect(flagged / total).toBeGreaterThanOrEqual(0.9);
  });

  it('+15% on 10 of 19 cases: those are flagged, the other nine are not', async () => {
    let hit = 0;
    let falseHits = 0;
    for (let run = 0; run < 30; run++) {
      const out = await simulate({ cases: 19, effect: (i) => (i < 10 ? 1.15 : 1), seed: 9000 + run });
      hit += out.slice(0, 10).filter((c) => c.latency?.state === 'regression').length;
      falseHits += out.slice(10).filter((c) => c.latency?.state === 'regression' || c.latency?.state === 'improvement').length;
    }
    console.log(`+15% on 10 cases: ${hit}/300 flagged, ${falseHits}/270 false`);
    expect(hit / 300).toBeGreaterThanOrEqual(0.9);
    expect(falseHits).toBeLessThanOrEqual(3);
  });

  it('+15% on one case of 19: flagged in at least 80% of 100 runs (the RSS tests do not dilute the latency family)', async () => {
    let hit = 0;
    let falseHits = 0;
    for (let run = 0; run < 100; run++) {
      const out = await simulate({ cases: 19, effect: (i) => (i === 0 ? 1.15 : 1), seed: 13000 + run });
      if (out[0]!.latency?.state === 'regression') hit++;
      falseHits += out.slice(1).filter((c) => c.latency?.state === 'regression' || c.latency?.state === 'improvement').length;
    }
    console.log(`+15% on 1 case: ${hit}/100 flagged, ${falseHits}/1800 false`);
    expect(hit / 100).toBeGreaterThanOrEqual(0.8);
    expect(falseHits).toBeLessThanOrEqual(5);
  });

  it('the budget bounds the rounds: with 60 s, no case gets past its first look', async () => {
    const out = await simulate({ cases: 19, effect: 1.02, seed: 7, budgetSec: 60 });
    expect(Math.max(...out.map((c) => c.base.length))).toBe(8);
  });
});

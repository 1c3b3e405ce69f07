/**
 * The A/B decision of one case and metric, from its paired statistic.
 *
 * With threshold T and `worse` the direction that is bad for the metric (+1: larger is
 * worse, latency and memory; -1: smaller is worse, throughput):
 *
 * - `regression`: the one-sided test in the bad direction rejects at α' (the run's α split
 *   over its tests, see schedule.ts) and the estimate is past T in the bad direction;
 * - `improvement`: the same in the good direction;
 * - `unchanged`: the whole shown interval (95%, Hodges–Lehmann) lies inside (1/(1+T), 1+T) for latency and
 *   memory, (1-T, 1/(1-T)) for throughput — equivalence shown, not assumed;
 * - `inconclusive`: anything else, including fewer than 2 rounds.
 */
import type { ComparisonState } from '@rhenium-perf/schema';
import type { PairedStat } from './paired';

/** The decision and the p-value in the direction of the estimate. */
export interface Decision {
  state: ComparisonState;
  p: number | null;
}

/** Decide a case and metric (see the module comment). */
export function decide(stat: PairedStat, threshold: number, worse: 1 | -1, alphaTest: number): Decision {
  if (stat.rounds < 2 || !Number.isFinite(stat.pGreater)) return { state: 'inconclusive', p: null };
  const up = Math.log(1 + threshold);
  // The band |ln ratio| < ln(1+T) for costs; for rates a drop of T is ln(1-T).
  const badEdge = worse === 1 ? up : Math.log(1 - threshold);
  const goodEdge = worse === 1 ? -up : -Math.log(1 - threshold);
  const pBad = worse === 1 ? stat.pGreater : stat.pLess;
  const pGood = worse === 1 ? stat.pLess : stat.pGreater;
  const pastBad = worse === 1 ? stat.estimateLog > badEdge : stat.estimateLog < badEdge;
  const pastGood = worse === 1 ? stat.estimateLog < goodEdge : stat.estimateLog > goodEdge;
  if (pastBad && pBad <= alphaTest) return { state: 'regression', p: pBad };
  if (pastGood && pGood <= alphaTest) return { state: 'improvement', p: pGood };
  const lo = Math.log(stat.ciLow);
  const hi = Math.log(stat.ciHigh);
  const inside = Number.isFinite(lo) && Number.isFinite(hi) && (worse === 1 ? lo > goodEdge && hi < badEdge : lo > badEdge && hi < goodEdge);
  return { state: inside ? 'unchanged' : 'inconclusive', p: stat.estimateLog >= 0 ? stat.pGreater : stat.pLess };
}

/**
 * The paired statistic of a same-job A/B comparison.
 *
 * Round r measures the case once on each side, each in a fresh process, back to back in a
 * seeded random order. With b_r and h_r the medians of the base's and the head's samples in
 * round r, the round's log-ratio is d_r = ln(h_r / b_r). Pairing removes what both sides of
 * a round share (the machine's load in that minute); the log makes the estimate a ratio that
 * is symmetric for speed-ups and slow-downs (Kalibera & Jones 2013).
 *
 * Over R rounds (signed-rank.ts for the why and the formulas):
 *   ratio    = exp(HL), HL the Hodges–Lehmann estimate (median of Walsh averages of the d_r)
 *   interval = exp of the signed-rank interval of HL at the confidence level (95%)
 *   p        = Wilcoxon signed-rank test of the d_r, one-sided each way
 *
 * Minimum detectable effect (MDE) at this noise: a regression needs a significant test AND an
 * estimate past the threshold T. With the robust spread σ̂ = 1.4826 · MAD(d_r), the standard
 * error of HL is ≈ σ̂ / √(0.955 R) (the signed-rank test's efficiency under normal noise);
 * with c = max(t_{1-α', R-1} · SE, ln(1 + T)), 80% power needs a true log-ratio of
 * c + t_{0.8, R-1} · SE, so MDE = exp(c + t_{0.8, R-1} · SE) - 1.
 */
import { median } from '@rhenium-perf/harness';
import { studentTQuantile } from '../compare/student-t';
import { hodgesLehmann, signedRankTest } from './signed-rank';

/** The paired statistic of one case and metric. */
export interface PairedStat {
  rounds: number;
  /** Hodges–Lehmann estimate of the log-ratio. */
  estimateLog: number;
  /** Robust standard error of the estimate (NaN with fewer than 2 rounds). */
  seLog: number;
  ratio: number;
  /** Interval of the ratio at the confidence level (NaN when too few rounds for it). */
  ciLow: number;
  ciHigh: number;
  /** One-sided p-value that head is larger. */
  pGreater: number;
  /** One-sided p-value that head is smaller. */
  pLess: number;
}

/** Per-round log-ratios ln(head_r / base_r); rounds with a non-positive value on a side are dropped. */
export function logRatios(base: readonly number[], head: readonly number[]): number[] {
  if (base.length !== head.length) throw new RangeError(`logRatios: ${base.length} base and ${head.length} head rounds`);
  const out: number[] = [];
  for (let r = 0; r < base.length; r++) if (base[r]! > 0 && head[r]! > 0) out.push(Math.log(head[r]! / base[r]!));
  return out;
}

/** Robust standard error of the HL estimate (see the module comment). */
export function robustSe(d: readonly number[]): number {
  if (d.length < 2) return NaN;
  const m = median(d);
  const mad = median(d.map((x) => Math.abs(x - m)));
  return (1.4826 * mad) / Math.sqrt(0.955 * d.length);
}

/**
 * The paired statistic of per-round values (medians) of the two sides.
 * @example pairedStat([10, 10, 10, 10, 10, 10], [11, 11, 11, 11, 11, 11]).ratio // 1.1
 */
export function pairedStat(base: readonly number[], head: readonly number[], confidence = 0.95): PairedStat {
  const d = logRatios(base, head);
  const R = d.length;
  if (R === 0) return { rounds: 0, estimateLog: NaN, seLog: NaN, ratio: NaN, ciLow: NaN, ciHigh: NaN, pGreater: NaN, pLess: NaN };
  const hl = hodgesLehmann(d, confidence);
  const test = signedRankTest(d);
  return {
    rounds: R,
    estimateLog: hl.estimate,
    seLog: robustSe(d),
    ratio: Math.exp(hl.estimate),
    ciLow: Math.exp(hl.low),
    ciHigh: Math.exp(hl.high),
    pGreater: test.pGreater,
    pLess: test.pLess,
  };
}

/** The MDE (a fraction, 0.08 = 8%) of a one-sided test at level `alphaTest` with threshold T and 80% power. */
export function minimumDetectableEffect(stat: Pick<PairedStat, 'rounds' | 'seLog'>, alphaTest: number, threshold: number): number | null {
  if (stat.rounds < 2 || !Number.isFinite(stat.seLog)) return null;
  const df = stat.rounds - 1;
  const c = Math.max(studentTQuantile(1 - alphaTest, df) * stat.seLog, Math.log(1 + threshold));
  return Math.exp(c + studentTQuantile(0.8, df) * stat.seLog) - 1;
}

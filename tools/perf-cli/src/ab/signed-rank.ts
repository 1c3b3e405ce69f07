/**
 * Wilcoxon's signed-rank test and the Hodges–Lehmann estimate with its interval, for the
 * per-round log-ratios of an A/B run.
 *
 * Why not Student's t: a Node process sometimes lands in a slow JIT state (2–4x) for a whole
 * case, so a few rounds carry a log-ratio of ±0.7 to ±1.4. A mean and a standard deviation
 * follow those rounds; ranks do not. And under an A/A comparison the two processes of a round
 * are exchangeable (their order is a coin flip), so each d_r is symmetric about 0: the
 * signed-rank test is then exact whatever the noise looks like.
 *
 * - W+ = Σ ranks of |d_r| over the rounds with d_r > 0 (zeros dropped, ties averaged).
 *   Its null distribution is that of Σ r·B_r with B_r fair coins: computed exactly by
 *   counting subsets for n ≤ EXACT_MAX_ROUNDS without ties, else the normal approximation
 *   with tie and continuity correction.
 * - Hodges–Lehmann estimate: the median of the n(n+1)/2 Walsh averages (d_i + d_j)/2, i ≤ j.
 * - Interval at level 1 - 2γ: [A_(k), A_(M+1-k)] of the sorted Walsh averages, with k the
 *   largest integer such that P(W+ ≤ k - 1) ≤ γ (Hollander & Wolfe, ch. 3).
 */
import { normalSf } from '../compare/normal';

/** Largest round count for the exact null distribution (counts stay below 2^53). */
export const EXACT_MAX_ROUNDS = 50;

/** P(W+ = w) for w = 0 .. n(n+1)/2 under the null, n ranks 1..n without ties. */
export function signedRankDistribution(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  let counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    const next = new Float64Array(max + 1);
    for (let w = 0; w <= max; w++) {
      if (counts[w] === 0) continue;
      next[w] += counts[w]!;
      if (w + r <= max) next[w + r] += counts[w]!;
    }
    counts = next;
  }
  const total = 2 ** n;
  return counts.map((c) => c / total);
}

/** Ranks of the absolute values (1-based, ties averaged), in input order. */
function absRanks(xs: readonly number[]): { ranks: number[]; ties: number[] } {
  const idx = xs.map((x, i) => ({ a: Math.abs(x), i })).sort((p, q) => p.a - q.a);
  const ranks = new Array<number>(xs.length);
  const ties: number[] = [];
  for (let s = 0; s < idx.length; ) {
    let e = s;
    while (e + 1 < idx.length && idx[e + 1]!.a === idx[s]!.a) e++;
    const avg = (s + e + 2) / 2;
    for (let k = s; k <= e; k++) ranks[idx[k]!.i] = avg;
    if (e > s) ties.push(e - s + 1);
    s = e + 1;
  }
  return { ranks, ties };
}

/** One-sided p-values of the signed-rank test: `greater` (d tends to be > 0) and `less`. */
export function signedRankTest(d: readonly number[]): { n: number; wPlus: number; pGreater: number; pLess: number } {
  const nz = d.filter((x) => x !== 0);
  const n = nz.length;
  if (n === 0) return { n, wPlus: 0, pGreater: 1, pLess: 1 };
  const { ranks, ties } = absRanks(nz);
  const wPlus = nz.reduce((s, x, i) => (x > 0 ? s + ranks[i]! : s), 0);
  if (ties.length === 0 && n <= EXACT_MAX_ROUNDS) {
    const pmf = signedRankDistribution(n);
    let upper = 0;
    let lower = 0;
    for (let w = 0; w < pmf.length; w++) {
      if (w >= wPlus) upper += pmf[w]!;
      if (w <= wPlus) lower += pmf[w]!;
    }
    return { n, wPlus, pGreater: Math.min(1, upper), pLess: Math.min(1, lower) };
  }
  const mean = (n * (n + 1)) / 4;
  const tieCorr = ties.reduce((a, t) => a + (t * t * t - t), 0) / 48;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieCorr);
  if (sd === 0) return { n, wPlus, pGreater: 1, pLess: 1 };
  return { n, wPlus, pGreater: normalSf((wPlus - mean - 0.5) / sd), pLess: normalSf((mean - wPlus - 0.5) / sd) };
}

/** The sorted Walsh averages (d_i + d_j) / 2, i <= j. */
export function walshAverages(d: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < d.length; i++) for (let j = i; j < d.length; j++) out.push((d[i]! + d[j]!) / 2);
  return out.sort((a, b) => a - b);
}

/** Hodges–Lehmann estimate and its interval at `confidence` (NaN bounds when n is too small for it). */
export function hodgesLehmann(d: readonly number[], confidence: number): { estimate: number; low: number; high: number } {
  const n = d.length;
  if (n === 0) return { estimate: NaN, low: NaN, high: NaN };
  const walsh = walshAverages(d);
  const M = walsh.length;
  const estimate = M % 2 ? walsh[(M - 1) / 2]! : (walsh[M / 2 - 1]! + walsh[M / 2]!) / 2;
  const gamma = (1 - confidence) / 2;
  let k: number;
  if (n <= EXACT_MAX_ROUNDS) {
    // k = largest integer with P(W+ <= k - 1) <= gamma.
    const pmf = signedRankDistribution(n);
    let cdf = 0;
    k = 0;
    for (let w = 0; w < pmf.length; w++) {
      cdf += pmf[w]!;
      if (cdf > gamma) break;
      k = w + 1;
    }
  } else {
    const mean = (n * (n + 1)) / 4;
    const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
    // normal quantile by bisection on normalSf
    let lo = 0;
    let hi = 10;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (normalSf(mid) > gamma) lo = mid;
      else hi = mid;
    }
    k = Math.max(0, Math.floor(mean - lo * sd));
  }
  if (k < 1) return { estimate, low: NaN, high: NaN };
  return { estimate, low: walsh[k - 1]!, high: walsh[M - k]! };
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum) of two independent samples.
 *
 * Pool the n1 + n2 = N values and rank them 1..N, ties getting their mid-rank. With R1 the
 * rank sum of x, U1 = R1 - n1(n1+1)/2 counts the pairs (x_i, y_j) with x_i > y_j, ties
 * counting 1/2. Under H0 (both samples from one continuous distribution) every split of the
 * N ranks into n1 and n2 is equally likely.
 *
 * - Exact (N ≤ EXACT_MAX_TOTAL): the permutation distribution of R1 over the C(N, n1) splits
 *   of the actual (mid-)ranks, counted by dynamic programming over doubled ranks (integers),
 *   so ties are handled exactly. P(R1 ≤ r) and P(R1 ≥ r) are read off the counts.
 * - Asymptotic: E[U1] = n1 n2 / 2, Var[U1] = n1 n2 / 12 · ((N + 1) - Σ(t³ - t) / (N (N - 1)))
 *   over tie groups of size t, and z with a continuity correction of 1/2 towards the mean.
 *
 * 'greater' tests whether x tends to be larger than y (p = P(U ≥ U1)); 'less' the opposite;
 * 'two-sided' is min(1, 2 · min(one-sided p-values)), as scipy.stats.mannwhitneyu does.
 */
import { EXACT_MAX_TOTAL } from './defaults';
import { normalSf } from './normal';

/** Direction of the alternative hypothesis, for x relative to y. */
export type Alternative = 'two-sided' | 'greater' | 'less';
/** How the p-value was obtained. */
export type MannWhitneyMethod = 'exact' | 'asymptotic';

/** Options of `mannWhitneyU`. */
export interface MannWhitneyOptions {
  alternative?: Alternative;
  /** 'auto' (default) is exact when n1 + n2 ≤ EXACT_MAX_TOTAL. */
  method?: MannWhitneyMethod | 'auto';
}

/** The statistic and its p-value. */
export interface MannWhitneyResult {
  /** U of x: pairs with x_i > y_j, ties counting 1/2. */
  u: number;
  p: number;
  method: MannWhitneyMethod;
  alternative: Alternative;
  /** The normal deviate used, for the asymptotic method; null for exact. */
  z: number | null;
}

interface Ranked {
  /** Doubled mid-ranks (integers), x's first, then y's. */
  doubled: Int32Array;
  /** Σ(t³ - t) over tie groups. */
  tieTerm: number;
  hasTies: boolean;
}

function rankPooled(x: readonly number[], y: readonly number[]): Ranked {
  const n = x.length + y.length;
  const idx = new Array<number>(n);
  const val = new Float64Array(n);
  for (let i = 0; i < x.length; i++) val[i] = x[i]!;
  for (let j = 0; j < y.length; j++) val[x.length + j] = y[j]!;
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => val[a]! - val[b]!);
  const doubled = new Int32Array(n);
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && val[idx[j]!] === val[idx[i]!]) j++;
    // ranks i+1..j share the mid-rank (i + 1 + j) / 2; doubled: i + 1 + j
    for (let k = i; k < j; k++) doubled[idx[k]!] = i + 1 + j;
    const t = j - i;
    if (t > 1) tieTerm += t * t * t - t;
    i = j;
  }
  return { doubled, tieTerm, hasTies: tieTerm > 0 };
}

/** Counts of each doubled rank sum over all n1-subsets of `doubled`, indexed by the sum. */
function rankSumCounts(doubled: readonly number[] | Int32Array, n1: number): Float64Array {
  let maxSum = 0;
  const sorted = Array.from(doubled).sort((a, b) => b - a);
  for (let k = 0; k < n1; k++) maxSum += sorted[k]!;
  const width = maxSum + 1;
  // dp[k * width + s]: number of k-subsets of the items seen so far with doubled sum s.
  const dp = new Float64Array((n1 + 1) * width);
  dp[0] = 1;
  let seen = 0;
  for (const r of doubled) {
    seen++;
    for (let k = Math.min(seen, n1); k >= 1; k--) {
      const row = k * width;
      const prev = (k - 1) * width;
      for (let s = maxSum; s >= r; s--) {
        const c = dp[prev + s - r]!;
        if (c !== 0) dp[row + s]! += c;
      }
    }
  }
  return dp.subarray(n1 * width, (n1 + 1) * width);
}

// The no-ties distribution depends only on (n1, n2): cache it (the A/A suite calls this a lot).
const noTieCache = new Map<string, { counts: Float64Array; total: number }>();

function exactTails(r: Ranked, n1: number, n2: number): { less: number; greater: number } {
  let counts: Float64Array;
  let total: number;
  if (!r.hasTies) {
    const key = `${n1},${n2}`;
    let hit = noTieCache.get(key);
    if (!hit) {
      const ranks = Array.from({ length: n1 + n2 }, (_, i) => 2 * (i + 1));
      const c = rankSumCounts(ranks, n1);
      let t = 0;
      for (const v of c) t += v;
      hit = { counts: c, total: t };
      noTieCache.set(key, hit);
    }
    counts = hit.counts;
    total = hit.total;
  } else {
    counts = rankSumCounts(r.doubled, n1);
    total = 0;
    for (const v of counts) total += v;
  }
  let w = 0;
  for (let i = 0; i < n1; i++) w += r.doubled[i]!;
  let le = 0;
  let ge = 0;
  for (let s = 0; s < counts.length; s++) {
    const c = counts[s]!;
    if (c === 0) continue;
    if (s <= w) le += c;
    if (s >= w) ge += c;
  }
  return { less: le / total, greater: ge / total };
}

/**
 * Mann–Whitney U test of x against y.
 * @example mannWhitneyU([1, 2, 3], [4, 5, 6]).p // 0.1 (exact, two-sided: 2 / C(6, 3))
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  const alternative = options.alternative ?? 'two-sided';
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`mannWhitneyU: both samples need values (received ${n1} and ${n2})`);
  for (const v of [...x, ...y]) {
    if (!Number.isFinite(v)) throw new RangeError(`mannWhitneyU: samples must be finite numbers, received ${v}`);
  }
  const N = n1 + n2;
  const ranked = rankPooled(x, y);
  let r1Doubled = 0;
  for (let i = 0; i < n1; i++) r1Doubled += ranked.doubled[i]!;
  const u = r1Doubled / 2 - (n1 * (n1 + 1)) / 2;
  const requested = options.method ?? 'auto';
  const method: MannWhitneyMethod = requested === 'auto' ? (N <= EXACT_MAX_TOTAL ? 'exact' : 'asymptotic') : requested;

  if (method === 'exact') {
    const { less, greater } = exactTails(ranked, n1, n2);
    const p = alternative === 'greater' ? greater : alternative === 'less' ? less : Math.min(1, 2 * Math.min(less, greater));
    return { u, p, method, alternative, z: null };
  }

  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (N + 1 - ranked.tieTerm / (N * (N - 1)));
  if (!(variance > 0)) return { u, p: 1, method, alternative, z: 0 };
  const sd = Math.sqrt(variance);
  let z: number;
  let p: number;
  if (alternative === 'greater') {
    z = (u - mu - 0.5) / sd;
    p = normalSf(z);
  } else if (alternative === 'less') {
    z = (u - mu + 0.5) / sd;
    p = normalSf(-z);
  } else {
    z = (Math.abs(u - mu) - 0.5) / sd;
    p = Math.min(1, 2 * normalSf(z));
  }
  return { u, p, method, alternative, z };
}

/**
 * Change points of one series (a case's p50 over runs): E-Divisive with means, in the manner of
 * Matteson & James (2014) as MongoDB, Hunter and Apache Otava use it, with a seeded permutation
 * test and a minimum relative change. The method is described in docs/perf/metrics.md
 * ("History and change points").
 *
 * Work is on z = ln(value): a multiplicative change (+20%) is the same shift at any level, and
 * log-normal timing noise becomes additive.
 */
import { createRng, type Rng } from '@rhenium-perf/fixtures';
import { median } from '@rhenium-perf/harness';

/** Parameters of the detector. */
export interface ChangePointOptions {
  /** Significance level of the permutation test (default 0.01). */
  alpha?: number;
  /** Smallest |after / before − 1| of the segments' medians that counts as a step (default 0.05). */
  minChange?: number;
  /** Permutations per test (default 999). */
  permutations?: number;
  /** Fewest points on each side of a split (default 3). */
  minSegment?: number;
  /** Seed of the permutations (default 1); the same series and options give the same answer. */
  seed?: number;
}

export const CHANGE_POINT_DEFAULTS = Object.freeze({ alpha: 0.01, minChange: 0.05, permutations: 999, minSegment: 3, seed: 1 });

/** A detected step: the series changes level between index − 1 and index. */
export interface ChangePoint {
  /** The first point after the step (0-based). */
  index: number;
  /** Median of the segment before the step (from the previous step, or the start). */
  before: number;
  /** Median of the segment after the step (to the next step, or the end). */
  after: number;
  /** after / before − 1. */
  change: number;
  /** Permutation p-value of the split when it was found: (1 + #{permuted Q ≥ Q}) / (N + 1). */
  pValue: number;
}

/** The best split of a segment: X = [0, tau), Y = [tau, kappa), its divergence q. */
export interface Split {
  tau: number;
  kappa: number;
  q: number;
}

/**
 * The split of `z` (one segment) that maximises the divergence
 *   Q(τ, κ) = n₁n₂/(n₁+n₂) · Ê,  Ê = 2/(n₁n₂) Σ_{i<τ≤j<κ} |zᵢ−zⱼ| − C(n₁,2)⁻¹ Σ_{i<j<τ} |zᵢ−zⱼ| − C(n₂,2)⁻¹ Σ_{τ≤i<j<κ} |zᵢ−zⱼ|,
 * n₁ = τ, n₂ = κ − τ, over every τ and κ that leave at least `m` points on each side (the
 * empirical energy distance between the two sides, scaled by their sizes; κ < n lets a short
 * excursion stand out from what follows it). O(n²) with prefix sums of the distances; ties go
 * to the smallest τ, then κ. Null when the segment is shorter than 2m.
 */
export function bestSplit(z: ArrayLike<number>, m: number, scratch?: Float64Array): Split | null {
  const n = z.length;
  if (m < 2 || n < 2 * m) return null;
  // col[k * n + i] = Σ_{i' < i} |z_i' − z_k|, for i ≤ k (the distances of point k to the points before i).
  const col = scratch && scratch.length >= n * n ? scratch : new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    let acc = 0;
    const zk = z[k]!;
    const base = k * n;
    for (let i = 0; i < k; i++) {
      col[base + i] = acc;
      acc += Math.abs(z[i]! - zk);
    }
    col[base + k] = acc;
  }
  let best: Split | null = null;
  let wx = 0; // Σ_{i<j<τ} |zᵢ−zⱼ|
  for (let tau = 1; tau <= n - m; tau++) {
    wx += col[(tau - 1) * n + (tau - 1)]!;
    if (tau < m) continue;
    // Y = [τ, τ + m) to start with
    let between = 0;
    let wy = 0;
    for (let j = tau; j < tau + m; j++) {
      const before = col[j * n + tau]!;
      between += before;
      wy += col[j * n + j]! - before;
    }
    const n1 = tau;
    const withinX = (2 * wx) / (n1 * (n1 - 1));
    for (let kappa = tau + m; ; kappa++) {
      const n2 = kappa - tau;
      const e = (2 * between) / (n1 * n2) - withinX - (2 * wy) / (n2 * (n2 - 1));
      const q = ((n1 * n2) / (n1 + n2)) * e;
      if (best === null || q > best.q) best = { tau, kappa, q };
      if (kappa === n) break;
      const before = col[kappa * n + tau]!;
      between += before;
      wy += col[kappa * n + kappa]! - before;
    }
  }
  return best;
}

/**
 * Permutation p-value of a segment's best split: the segment's values shuffled N times (the
 * seeded `rng`), the best split's Q found again each time; p = (1 + #{Q* ≥ Q}) / (N + 1). Stops
 * as soon as p can no longer be ≤ alpha (the decision is then known; the value returned is
 * above alpha but not the full-N p).
 */
export function permutationPValue(z: readonly number[], m: number, observed: number, rng: Rng, permutations: number, alpha: number): number {
  const n = z.length;
  const work = Float64Array.from(z);
  const scratch = new Float64Array(n * n);
  const tolerance = 1e-12 * Math.max(1, Math.abs(observed));
  const limit = Math.floor(alpha * (permutations + 1)) - 1; // most exceedances that still give p ≤ alpha
  let exceed = 0;
  for (let r = 0; r < permutations; r++) {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = work[i]!;
      work[i] = work[j]!;
      work[j] = t;
    }
    const s = bestSplit(work, m, scratch);
    if (s !== null && s.q >= observed - tolerance) {
      exceed++;
      // (1 + exceed) / (N + 1) > alpha already: the full p can only be larger.
      if (exceed > limit) return (1 + exceed) / (permutations + 1);
    }
  }
  return (1 + exceed) / (permutations + 1);
}

function relChange(before: number, after: number): number {
  return after / before - 1;
}

/**
 * The steps of a series, oldest point first: binary segmentation. In a segment, the best split
 * (bestSplit on ln values) is a step when its permutation p ≤ alpha and the medians of its two
 * sides differ by at least minChange; then both sides are searched the same way. Last, each
 * step is judged again on the medians of the segments between its neighbours, and the smallest
 * below minChange is dropped until none is. Values must be positive.
 */
export function detectChangePoints(values: readonly number[], options: ChangePointOptions = {}): ChangePoint[] {
  const o = { ...CHANGE_POINT_DEFAULTS, ...options };
  if (values.some((v) => !(v > 0) || !Number.isFinite(v))) throw new RangeError('detectChangePoints: values must be positive finite numbers');
  const z = values.map(Math.log);
  const rng = createRng(o.seed);
  const found = new Map<number, number>(); // index -> p
  const visit = (s: number, e: number): void => {
    const segment = z.slice(s, e);
    const split = bestSplit(segment, o.minSegment);
    if (split === null) return;
    const p = permutationPValue(segment, o.minSegment, split.q, rng, o.permutations, o.alpha);
    if (p > o.alpha) return;
    const tau = s + split.tau;
    const change = relChange(median(values.slice(s, tau)), median(values.slice(tau, s + split.kappa)));
    if (Math.abs(change) < o.minChange) return;
    found.set(tau, p);
    visit(s, tau);
    visit(tau, e);
  };
  visit(0, values.length);

  const idx = [...found.keys()].sort((a, b) => a - b);
  const judged = (): ChangePoint[] =>
    idx.map((index, k) => {
      const before = median(values.slice(k === 0 ? 0 : idx[k - 1]!, index));
      const after = median(values.slice(index, k === idx.length - 1 ? values.length : idx[k + 1]!));
      return { index, before, after, change: relChange(before, after), pValue: found.get(index)! };
    });
  for (;;) {
    const steps = judged();
    let weakest = -1;
    steps.forEach((c, k) => {
      if (Math.abs(c.change) < o.minChange && (weakest < 0 || Math.abs(c.change) < Math.abs(steps[weakest]!.change))) weakest = k;
    });
    if (weakest < 0) return steps;
    idx.splice(weakest, 1);
  }
}

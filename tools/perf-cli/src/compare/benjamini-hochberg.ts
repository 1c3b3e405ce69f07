/**
 * Benjamini–Hochberg step-up adjustment, controlling the false discovery rate over a family
 * of m tests. With p sorted ascending, p_(1) ≤ … ≤ p_(m):
 *
 *   q_(i) = min_{j ≥ i} min(1, m · p_(j) / j)
 *
 * and H_(i) is rejected at level α when q_(i) ≤ α. Under the global null (every test null)
 * the chance of any rejection is at most α, so the A/A false-alarm rate of a whole suite is
 * bounded by α; BH stays valid under the positive dependence of latency and throughput,
 * which come from the same samples.
 */

/**
 * Adjusted q-values in the input order.
 * @example benjaminiHochberg([0.01, 0.04, 0.03, 0.005]) // [0.02, 0.04, 0.04, 0.02]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`benjaminiHochberg: p-values must be in [0, 1], received ${p}`);
  }
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const q = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!;
    running = Math.min(running, (m * pValues[i]!) / rank);
    q[i] = Math.min(1, running);
  }
  return q;
}

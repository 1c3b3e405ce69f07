/**
 * Latency against size: the exponent b of t = a n^b, fitted by least squares on
 * (ln n, ln t) — the slope of the log-log line:
 *   b = sum (x - xbar)(y - ybar) / sum (x - xbar)^2,  x = ln n, y = ln t.
 * b = 1 is linear scaling; above 1 the pipeline gets slower per voxel as volumes grow.
 */

/**
 * Fit t = a n^b; returns b, a and r² of the log-log fit.
 * @example fitPowerLaw([1, 2, 4], [3, 6, 12]) // { exponent: 1, coefficient: 3, r2: 1 }
 */
export function fitPowerLaw(sizes: readonly number[], times: readonly number[]): { exponent: number; coefficient: number; r2: number } {
  if (sizes.length !== times.length || sizes.length < 2) throw new RangeError(`fitPowerLaw needs at least two (size, time) pairs of equal count, received ${sizes.length} and ${times.length}`);
  if (![...sizes, ...times].every((v) => Number.isFinite(v) && v > 0)) throw new RangeError('fitPowerLaw needs positive sizes and times');
  const x = sizes.map(Math.log);
  const y = times.map(Math.log);
  const n = x.length;
  const xb = x.reduce((a, b) => a + b, 0) / n;
  const yb = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - xb) * (y[i]! - yb);
    sxx += (x[i]! - xb) ** 2;
    syy += (y[i]! - yb) ** 2;
  }
  if (sxx === 0) throw new RangeError('fitPowerLaw needs at least two distinct sizes');
  const b = sxy / sxx;
  return { exponent: b, coefficient: Math.exp(yb - b * xb), r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

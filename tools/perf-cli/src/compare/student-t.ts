/**
 * Student's t distribution and Welch's two-sample t-test.
 *
 * The tail comes from the regularized incomplete beta function:
 * P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2), with I_x(a, b) by its continued fraction (modified
 * Lentz; Press et al., Numerical Recipes §6.4) and ln Γ by Lanczos' approximation.
 */

const COF = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199, 0.339946499848118887e-4,
  0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3, -0.210264441724104883e-3,
  0.217439618115212643e-3, -0.16431810653676389e-3, 0.844182239838527433e-4, -0.261908384015814087e-4,
  0.368991826595316234e-5,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 671/128, 14 terms; Numerical Recipes 3rd ed. §6.1, ~1e-15). */
export function lnGamma(x: number): number {
  let y = x;
  let tmp = x + 5.2421875;
  tmp = (x + 0.5) * Math.log(tmp) - tmp;
  let ser = 0.999999999999997092;
  for (let j = 0; j < 14; j++) ser += COF[j]! / ++y;
  return tmp + Math.log((2.5066282746310005 * ser) / x);
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), 0 <= x <= 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * Upper tail P(T > t) of Student's t with ν degrees of freedom.
 * @example studentTSf(2.262157, 9) // ≈ 0.025
 */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/** Result of Welch's t-test. */
export interface WelchResult {
  t: number;
  df: number;
  p: number;
}

/**
 * Welch's unequal-variance t-test of mean(x) against mean(y); `alternative` 'greater' tests
 * mean(x) > mean(y). Needs at least 2 values per side.
 * @example welchTTest([1, 2, 3], [4, 5, 6]).p // ≈ 0.0374
 */
export function welchTTest(
  x: readonly number[],
  y: readonly number[],
  alternative: 'two-sided' | 'greater' | 'less' = 'two-sided',
): WelchResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 < 2 || n2 < 2) throw new RangeError(`welchTTest: needs at least 2 values per side, received ${n1} and ${n2}`);
  const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const m1 = mean(x);
  const m2 = mean(y);
  const v1 = x.reduce((a, b) => a + (b - m1) ** 2, 0) / (n1 - 1);
  const v2 = y.reduce((a, b) => a + (b - m2) ** 2, 0) / (n2 - 1);
  const s1 = v1 / n1;
  const s2 = v2 / n2;
  const se = Math.sqrt(s1 + s2);
  const diff = m1 - m2;
  if (se === 0) {
    const t = diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
    const p = diff === 0 ? 1 : alternative === 'two-sided' ? 0 : (alternative === 'greater') === diff > 0 ? 0 : 1;
    return { t, df: n1 + n2 - 2, p };
  }
  const t = diff / se;
  const df = (s1 + s2) ** 2 / ((s1 * s1) / (n1 - 1) + (s2 * s2) / (n2 - 1));
  const p = alternative === 'two-sided' ? Math.min(1, 2 * studentTSf(Math.abs(t), df)) : alternative === 'greater' ? studentTSf(t, df) : studentTSf(-t, df);
  return { t, df, p };
}

/**
 * Quantile of Student's t: the t with P(T <= t) = p, by bisection on `studentTSf`
 * (to ~1e-12 relative; the tails below 1e-12 are out of scope).
 * @example studentTQuantile(0.975, 9) // ≈ 2.262157
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const upper = 1 - p;
  let lo = 0;
  let hi = 1;
  while (studentTSf(hi, df) > upper) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTSf(mid, df) > upper) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

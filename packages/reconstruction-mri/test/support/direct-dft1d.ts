/**
 * The reference of the 1D FFT kernel tests: the unnormalised 1D DFT straight from its
 * definition, X[k] = Σ_j x[j] · exp(sign · 2πi · jk / n), O(n²), with the angle reduced
 * exactly in integers ((j·k) mod n) so that large n loses no accuracy. Not part of the
 * package: test helper only.
 */
import { createRng } from '@rhenium-perf/fixtures';

/** Direct DFT of the n complex values of `x` (interleaved), sign -1 forward, +1 inverse. */
export function directDft1d(x: Float64Array, sign: 1 | -1): Float64Array {
  const n = x.length / 2;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(a);
      const s = Math.sin(a);
      re += x[2 * j]! * c - x[2 * j + 1]! * s;
      im += x[2 * j]! * s + x[2 * j + 1]! * c;
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

/**
 * Largest accepted |FFT - direct DFT| at length n for the standard normal inputs of
 * `randomComplex`: 1e-12·n. Both sides err by ~1e-16·sqrt(n)·log(n) on values ~sqrt(n)
 * (measured: at most 6e-16·n, 2.3e-13 at n = 1024); a wrong twiddle, sign or order misses by ~1.
 */
export const dftTolerance = (n: number): number => 1e-12 * n;

/** n standard normal complex values, interleaved, seeded. */
export function randomComplex(n: number, seed: number): Float64Array {
  return createRng(seed).fillNormal(new Float64Array(2 * n));
}

/** max_i |a[i] - b[i]|. */
export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * Exact 1D DFT plans of any length on interleaved complex float64, unnormalised:
 *
 *   X[k] = Σ_{j<n} x[j] · exp(sign · 2πi · jk / n),   sign = -1 forward, +1 inverse.
 *
 * `createFft1d(n)` chooses one of three kernels, each in its own file:
 * - powers of two: fft.js (radix-4, Indutny) through its public API (fft1d-fftjs.ts);
 * - n = 2^a 3^b 5^c: a Stockham autosort mixed-radix FFT, radices 4, 2, 3, 5
 *   (fft1d-mixed-radix.ts);
 * - anything else: Bluestein's chirp-z algorithm over power-of-two fft.js transforms
 *   (fft1d-bluestein.ts).
 *
 * No zero-padding of the signal itself ever happens: every plan computes the length-n DFT.
 */
import { BluesteinFft } from './fft1d-bluestein';
import { FftJsPlan } from './fft1d-fftjs';
import { MixedRadixFft, smoothFactors } from './fft1d-mixed-radix';
import type { Fft1d } from './types';
import { checkSize } from './validate';

export { MixedRadixFft, smoothFactors };
export type { Fft1d };

const isPow2 = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;

/**
 * Plan a 1D DFT of length n (any positive integer).
 * @example createFft1d(320).kind // 'mixed-radix' (5 x 4 x 4 x 4)
 */
export function createFft1d(n: number): Fft1d {
  checkSize('createFft1d', 'n', n);
  if (n === 1) return new TrivialFft();
  if (isPow2(n)) return new FftJsPlan(n);
  if (smoothFactors(n)) return new MixedRadixFft(n);
  return new BluesteinFft(n);
}

/** n = 1: the DFT is the identity. */
class TrivialFft implements Fft1d {
  readonly n = 1;
  readonly kind = 'trivial' as const;
  run(input: Float64Array, inOff: number, out: Float64Array, outOff: number): Float64Array {
    out[outOff] = input[inOff]!;
    out[outOff + 1] = input[inOff + 1]!;
    return out;
  }
}

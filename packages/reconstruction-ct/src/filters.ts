/**
 * FBP frequency responses, as scikit-image's `_get_fourier_filter` builds them.
 *
 * The ramp |ω| is NOT sampled in frequency: sampling it sets H(0) = 0 exactly, but the
 * band-limited ramp's spatial kernel is h(0) = 1/4, h(k) = -1/(π k)^2 for odd k, 0 for even
 * k ≠ 0 (Kak & Slaney, ch. 3, eq. 61). Taking H = 2 Re FFT(h) on the padded length (h placed
 * circularly, k = min(j, size - j)) keeps the right, slightly positive DC gain and removes the
 * offset (cupping) the sampled ramp leaves. Windows multiply that ramp:
 *   shepp-logan: sinc(f) = sin(π f) / (π f), f = fftfreq(size)
 *   cosine:      sin(π m / size) with m = (j + size/2) mod size (an fftshifted half sine)
 *   hamming:     0.54 - 0.46 cos(2π m / (size - 1)), same shift
 *   hann:        0.5 - 0.5 cos(2π m / (size - 1)), same shift
 */
import FFT from 'fft.js';
import { MIN_PADDED_PROJECTION_BINS } from './defaults';
import { ReconstructionCtError } from './errors';
import type { FbpFilterName } from './types';
import { checkFilterName, checkInteger } from './validate';

/**
 * Zero-padded projection length for the FFT filtering: the next power of two >= 2 * bins,
 * at least 64. Padding to >= 2 * bins makes the circular convolution linear over the
 * detector (no wrap-around from the far edge).
 * @example paddedProjectionLength(256) // 512
 */
export function paddedProjectionLength(detectorCount: number): number {
  checkInteger('detectorCount', detectorCount, 1);
  let size = MIN_PADDED_PROJECTION_BINS;
  while (size < 2 * detectorCount) size *= 2;
  return size;
}

/**
 * The real, even frequency response of an FBP filter on `size` bins (FFT order: DC first).
 * @example fourierFilter(64, 'ramp') // [0] ≈ 0.00633 (DC gain ≈ 4 / (π^2 size)), [32] ≈ 0.99367 (Nyquist ≈ 1 - 4 / (π^2 size))
 */
export function fourierFilter(size: number, filter: FbpFilterName): Float64Array {
  const name = checkFilterName(filter);
  checkInteger('filter size', size, 2);
  if ((size & (size - 1)) !== 0) {
    throw new ReconstructionCtError('RPERF_CT_INVALID_ARGUMENT', `filter size must be a power of two (the FFT length), received ${size}; use paddedProjectionLength(detectors).`);
  }
  const half = size / 2;
  // Spatial ramp kernel, circular, interleaved complex for fft.js.
  const kernel = new Float64Array(2 * size);
  kernel[0] = 0.25;
  for (let j = 1; j < size; j += 2) {
    const k = Math.min(j, size - j);
    kernel[2 * j] = -1 / (Math.PI * k) ** 2;
  }
  const spectrum = new Float64Array(2 * size);
  new FFT(size).transform(spectrum, kernel);
  const h = new Float64Array(size);
  for (let j = 0; j < size; j++) h[j] = 2 * spectrum[2 * j]!;
  for (let j = 0; j < size; j++) {
    const m = (j + half) % size; // fftshift index of bin j
    switch (name) {
      case 'ramp':
        break;
      case 'shepp-logan': {
        if (j === 0) break;
        const f = j < half ? j / size : (j - size) / size; // numpy fftfreq
        const w = Math.PI * f;
        h[j] *= Math.sin(w) / w;
        break;
      }
      case 'cosine':
        h[j] *= Math.sin((Math.PI * m) / size);
        break;
      case 'hamming':
        h[j] *= 0.54 - 0.46 * Math.cos((2 * Math.PI * m) / (size - 1));
        break;
      case 'hann':
        h[j] *= 0.5 - 0.5 * Math.cos((2 * Math.PI * m) / (size - 1));
        break;
    }
  }
  return h;
}

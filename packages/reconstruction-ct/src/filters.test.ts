import { describe, expect, it } from 'vitest';
import { fourierFilter, paddedProjectionLength } from './filters';
import { ReconstructionCtError } from './errors';

/** The ramp by a direct cosine sum of its spatial kernel (independent of the FFT). */
function directRamp(size: number): Float64Array {
  const h = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    let acc = 0.25;
    for (let m = 1; m < size; m += 2) {
      const k = Math.min(m, size - m);
      acc += (-1 / (Math.PI * k) ** 2) * Math.cos((2 * Math.PI * j * m) / size);
    }
    h[j] = 2 * acc;
  }
  return h;
}

describe('FBP filters', () => {
  it('pads to a power of two >= 2 * detectors, at least 64', () => {
    expect(paddedProjectionLength(10)).toBe(64);
    expect(paddedProjectionLength(32)).toBe(64);
    expect(paddedProjectionLength(33)).toBe(128);
    expect(paddedProjectionLength(160)).toBe(512);
    expect(paddedProjectionLength(256)).toBe(512);
    expect(paddedProjectionLength(257)).toBe(1024);
  });

  it('builds the ramp from its spatial kernel: matches a direct cosine sum, small positive DC', () => {
    for (const size of [64, 256]) {
      const h = fourierFilter(size, 'ramp');
      const ref = directRamp(size);
      for (let j = 0; j < size; j++) expect(Math.abs(h[j]! - ref[j]!)).toBeLessThan(1e-13);
      // DC = 2 (1/4 - 2 Σ_{odd k < size/2} 1/(π k)^2) = (4/π^2) Σ_{odd k > size/2} 1/k^2 ∈ (0, 4/(π^2 size)].
      expect(h[0]!).toBeGreaterThan(0);
      expect(h[0]!).toBeLessThan(4 / (Math.PI ** 2 * size) + 1e-12);
      expect(Math.abs(h[size / 2]! - 1)).toBeLessThan(0.01); // 1 - 4 / (π^2 size) at Nyquist
      // Even: h[j] = h[size - j].
      for (let j = 1; j < size / 2; j++) expect(h[j]!).toBeCloseTo(h[size - j]!, 14);
    }
  });

  it('applies the windows as scikit-image defines them', () => {
    const size = 128;
    const ramp = fourierFilter(size, 'ramp');
    const sl = fourierFilter(size, 'shepp-logan');
    const cos = fourierFilter(size, 'cosine');
    const ham = fourierFilter(size, 'hamming');
    const hann = fourierFilter(size, 'hann');
    // DC: sinc(0) = 1, the shifted windows are evaluated at m = size/2.
    expect(sl[0]).toBe(ramp[0]);
    expect(cos[0]! / ramp[0]!).toBeCloseTo(1, 12); // sin(π/2)
    expect(ham[0]! / ramp[0]!).toBeCloseTo(0.54 - 0.46 * Math.cos((Math.PI * size) / (size - 1)), 12);
    // Nyquist (j = size/2, m = 0): sinc(1/2) = 2/π; sin(0) = 0; hamming 0.08; hann 0.
    expect(sl[size / 2]! / ramp[size / 2]!).toBeCloseTo(2 / Math.PI, 12);
    expect(cos[size / 2]!).toBeCloseTo(0, 14);
    expect(ham[size / 2]! / ramp[size / 2]!).toBeCloseTo(0.08, 12);
    expect(hann[size / 2]!).toBeCloseTo(0, 14);
    // A bin in between: j = 16, f = 1/8, m = 80.
    expect(sl[16]! / ramp[16]!).toBeCloseTo(Math.sin(Math.PI / 8) / (Math.PI / 8), 12);
    expect(hann[16]! / ramp[16]!).toBeCloseTo(0.5 - 0.5 * Math.cos((2 * Math.PI * 80) / 127), 12);
  });

  it('rejects unknown names and non-power-of-two sizes', () => {
    expect(() => fourierFilter(64, 'butterworth' as never)).toThrow(/unknown FBP filter "butterworth"; expected one of ramp, shepp-logan, cosine, hamming, hann/);
    try {
      fourierFilter(64, 'Ramp' as never);
    } catch (e) {
      expect(e).toBeInstanceOf(ReconstructionCtError);
      expect((e as ReconstructionCtError).code).toBe('RPERF_CT_UNKNOWN_FILTER');
    }
    expect(() => fourierFilter(96, 'ramp')).toThrow(/power of two.*received 96/);
  });
});

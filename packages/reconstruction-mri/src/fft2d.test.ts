import { describe, expect, it } from 'vitest';
import { sheppLogan2d } from '@rhenium-perf/fixtures';
import { maxAbsDiff, randomComplex } from '../test/support/direct-dft1d';
import { Fft2dPlan } from './fft2d';

/** Index of numpy's fftshift/ifftshift pair on one axis: shifted index j holds original (j + h) mod n. */
const ishift = (j: number, n: number): number => (j + (n >> 1)) % n;

/**
 * Direct O(n^2) centred orthonormal 2D DFT, straight from the definition:
 * out = fftshift(DFT(ifftshift(in))) / sqrt(ny nx), sign = +1 inverse, -1 forward.
 */
function directCentred(input: Float64Array, ny: number, nx: number, sign: 1 | -1): Float64Array {
  const out = new Float64Array(2 * ny * nx);
  const scale = 1 / Math.sqrt(ny * nx);
  for (let u = 0; u < ny; u++) {
    // fftshift(X)[u] = X[(u - h) mod n]: output row u holds frequency fu.
    const fu = (u + ny - (ny >> 1)) % ny;
    for (let v = 0; v < nx; v++) {
      const fv = (v + nx - (nx >> 1)) % nx;
      let re = 0;
      let im = 0;
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          // ifftshift(in)[y][x] = in[ishift(y)][ishift(x)]
          const s = 2 * (ishift(y, ny) * nx + ishift(x, nx));
          const a = sign * 2 * Math.PI * ((fu * y) / ny + (fv * x) / nx);
          const c = Math.cos(a);
          const d = Math.sin(a);
          re += input[s]! * c - input[s + 1]! * d;
          im += input[s]! * d + input[s + 1]! * c;
        }
      }
      out[2 * (u * nx + v)] = re * scale;
      out[2 * (u * nx + v) + 1] = im * scale;
    }
  }
  return out;
}

describe('Fft2dPlan', () => {
  it.each([
    [6, 10],
    [15, 9],
    [7, 7],
    [8, 16],
    [5, 1],
    [1, 3],
    [14, 20],
    [7, 16],
    [16, 7],
    [12, 20],
    [30, 10],
  ])('matches the direct centred orthonormal DFT at %ix%i to 1e-9 (with and without WebAssembly)', (ny, nx) => {
    const x = randomComplex(ny * nx, ny * 100 + nx);
    for (const simd of [true, false]) {
      const plan = new Fft2dPlan(ny, nx, { simd });
      for (const [dir, sign] of [
        ['inverse', 1],
        ['forward', -1],
      ] as const) {
        const out = plan.transform(x, new Float64Array(x.length), dir);
        expect(maxAbsDiff(out, directCentred(x, ny, nx, sign))).toBeLessThan(1e-9);
      }
    }
  });

  it.each([
    [256, 256],
    [320, 320],
    [40, 30],
    [6, 10],
  ])('runs %ix%i on WebAssembly SIMD (even sizes) and gives the scalar pipeline\'s result to 1e-15 relative', (ny, nx) => {
    const x = randomComplex(ny * nx, 7);
    const simd = new Fft2dPlan(ny, nx);
    const scalar = new Fft2dPlan(ny, nx, { simd: false });
    expect(simd.pipeline).toBe('even-simd');
    expect(scalar.pipeline).toBe('even');
    const a = simd.inverse(x, new Float64Array(x.length));
    const b = scalar.inverse(x, new Float64Array(x.length));
    let peak = 0;
    for (const v of b) peak = Math.max(peak, Math.abs(v));
    expect(maxAbsDiff(a, b) / peak).toBeLessThan(1e-15);
  });

  it('agrees with numpy conventions on a hand-checkable case: a DC spike at the k-space centre is a flat image', () => {
    for (const [ny, nx] of [
      [4, 4],
      [5, 3],
    ] as const) {
      const k = new Float64Array(2 * ny * nx);
      k[2 * ((ny >> 1) * nx + (nx >> 1))] = Math.sqrt(ny * nx);
      const img = new Fft2dPlan(ny, nx).inverse(k, new Float64Array(k.length));
      for (let i = 0; i < ny * nx; i++) {
        expect(img[2 * i]).toBeCloseTo(1, 12);
        expect(img[2 * i + 1]).toBeCloseTo(0, 12);
      }
    }
  });

  it.each([
    [256, 256],
    [320, 320],
    [45, 368],
    [33, 17],
  ])('round-trips forward then inverse and keeps energy (Parseval) at %ix%i', (ny, nx) => {
    const plan = new Fft2dPlan(ny, nx);
    const x = randomComplex(ny * nx, 3);
    const k = plan.forward(x, new Float64Array(x.length));
    let ex = 0;
    let ek = 0;
    for (let i = 0; i < x.length; i++) {
      ex += x[i]! ** 2;
      ek += k[i]! ** 2;
    }
    expect(Math.abs(ek - ex) / ex).toBeLessThan(1e-12);
    const back = plan.inverse(k, k); // in place is allowed
    expect(maxAbsDiff(back, x)).toBeLessThan(1e-12);
  });

  it('reconstructs the fully sampled Shepp-Logan phantom with NRMSE < 1e-6 (float64)', () => {
    for (const n of [256, 320, 255]) {
      const ph = sheppLogan2d(n);
      const img = new Float64Array(2 * n * n);
      for (let i = 0; i < n * n; i++) img[2 * i] = ph[i]!;
      const plan = new Fft2dPlan(n, n);
      const k = plan.forward(img, new Float64Array(img.length));
      const rec = plan.inverse(k, new Float64Array(img.length));
      let num = 0;
      let den = 0;
      for (let i = 0; i < n * n; i++) {
        num += (Math.hypot(rec[2 * i]!, rec[2 * i + 1]!) - ph[i]!) ** 2;
        den += ph[i]! ** 2;
      }
      expect(Math.sqrt(num / den)).toBeLessThan(1e-6);
    }
  });

  it('rejects non-positive sizes and wrong lengths with what was received', () => {
    expect(() => new Fft2dPlan(0, 4)).toThrow(/ny must be a positive integer, received 0/);
    expect(() => new Fft2dPlan(4, -2)).toThrow(/nx must be a positive integer, received -2/);
    expect(() => new Fft2dPlan(4, 4).inverse(new Float64Array(30), new Float64Array(32))).toThrow(
      /RPERF_MRI_SHAPE_MISMATCH.*input length 30 and out length 32, expected 32/,
    );
  });
});

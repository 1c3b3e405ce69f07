import { describe, expect, it } from 'vitest';
import { cartesianMask, coilSensitivityMaps, createRng, sheppLogan2d } from '@rhenium-perf/fixtures';
import { CgSense } from './cg-sense';
import { MRI_ERROR_CODES } from './errors';
import { FistaWavelet } from './fista';
import { magnitude, psnr } from './metrics';
import { SenseOperator } from './sense';
import { simulateKspace } from './simulate';
import { HaarWavelet2d } from './wavelet';
import { ZeroFilledRecon } from './zero-filled';

const dotC = (a: Float64Array, b: Float64Array): [number, number] => {
  // <a, b> = Σ conj(a) b
  let re = 0;
  let im = 0;
  for (let i = 0; i < a.length; i += 2) {
    re += a[i]! * b[i]! + a[i + 1]! * b[i + 1]!;
    im += a[i]! * b[i + 1]! - a[i + 1]! * b[i]!;
  }
  return [re, im];
};

describe('SenseOperator', () => {
  const [nc, ny, nx] = [4, 12, 10];
  const op = new SenseOperator(coilSensitivityMaps(nc, ny, nx), cartesianMask(ny, { acceleration: 2, centerLines: 2 }));
  const rng = createRng(9);

  it('has an adjoint: <A x, y> = <x, A^H y> to 1e-12', () => {
    const x = rng.fillNormal(new Float64Array(2 * ny * nx));
    const y = op.forward(rng.fillNormal(new Float64Array(2 * ny * nx)), new Float64Array(2 * nc * ny * nx));
    const ax = op.forward(x, new Float64Array(2 * nc * ny * nx));
    const ahy = op.adjoint(y, new Float64Array(2 * ny * nx));
    const [l1, l2] = dotC(ax, y);
    const [r1, r2] = dotC(x, ahy);
    expect(Math.abs(l1 - r1)).toBeLessThan(1e-12 * Math.abs(l1));
    expect(Math.abs(l2 - r2)).toBeLessThan(1e-10);
  });

  it('normal() equals adjoint(forward()) and residualGradient() equals A^H(Ax - y)', () => {
    const x = rng.fillNormal(new Float64Array(2 * ny * nx));
    const y = op.forward(rng.fillNormal(new Float64Array(2 * ny * nx)), new Float64Array(2 * nc * ny * nx));
    const a = op.normal(x, new Float64Array(2 * ny * nx));
    const b = op.adjoint(op.forward(x, new Float64Array(2 * nc * ny * nx)), new Float64Array(2 * ny * nx));
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 12);
    const g = new Float64Array(2 * ny * nx);
    const r2 = op.residualGradient(x, y, g);
    const ax = op.forward(x, new Float64Array(2 * nc * ny * nx));
    let ref2 = 0;
    for (let i = 0; i < ax.length; i++) {
      ax[i] -= y[i]!;
      ref2 += ax[i]! ** 2;
    }
    expect(r2).toBeCloseTo(ref2, 10);
    const ref = op.adjoint(ax, new Float64Array(2 * ny * nx));
    for (let i = 0; i < g.length; i++) expect(g[i]).toBeCloseTo(ref[i]!, 12);
  });

  it('rejects coil maps that do not match the k-space, and aliased buffers', () => {
    expect(() => op.checkKspace('test', new Float64Array(2 * 8 * ny * nx), [8, ny, nx])).toThrow(
      /RPERF_MRI_SHAPE_MISMATCH.*k-space is \[8, 12, 10\].*coil maps are \[4, 12, 10\]/,
    );
    const cg = new CgSense(op);
    expect(() => cg.solve(new Float64Array(2 * nc * ny * 12), new Float64Array(2 * ny * nx))).toThrow(/k-space is 1152 numbers, but the coil maps are \[4, 12, 10\]/);
    expect(() => new SenseOperator(coilSensitivityMaps(2, 8, 8), new Uint8Array(6))).toThrow(/mask has length 6, expected 8/);
    const x = new Float64Array(2 * ny * nx);
    expect(() => op.normal(x, x)).toThrow(/RPERF_MRI_ALIASED_BUFFERS/);
  });
});

describe('HaarWavelet2d', () => {
  it('is orthonormal (keeps the norm) and inverts exactly', () => {
    const w = new HaarWavelet2d(16, 24, 3);
    const x = createRng(1).fillNormal(new Float64Array(2 * 16 * 24));
    const c = w.forward(x, new Float64Array(x.length));
    const n2 = (a: Float64Array): number => a.reduce((s, v) => s + v * v, 0);
    expect(n2(c)).toBeCloseTo(n2(x), 9);
    const back = w.inverse(c, new Float64Array(x.length));
    for (let i = 0; i < x.length; i++) expect(back[i]).toBeCloseTo(x[i]!, 12);
  });

  it('puts a constant image entirely in the coarse block', () => {
    const w = new HaarWavelet2d(8, 8, 2);
    const x = new Float64Array(128);
    for (let i = 0; i < 64; i++) x[2 * i] = 1;
    const c = w.forward(x, new Float64Array(128));
    // Coarse block 2x2, each coefficient = 1 * (2^2 pixels per axis) = 4.
    for (let yy = 0; yy < 8; yy++) {
      for (let xx = 0; xx < 8; xx++) expect(c[2 * (yy * 8 + xx)]).toBeCloseTo(yy < 2 && xx < 2 ? 4 : 0, 12);
    }
  });

  it('refuses sizes not divisible by 2^levels', () => {
    expect(() => new HaarWavelet2d(20, 32, 3)).toThrow(/3 levels need ny and nx divisible by 8, received 20 x 32; use fewer levels \(at most 2\)/);
  });
});

describe('iterative reconstruction at R = 4, 8 coils, fully sampled centre (256 x 256 phantom)', () => {
  const n = 256;
  const ph = sheppLogan2d(n);
  const maps = coilSensitivityMaps(8, n, n);
  const mask = cartesianMask(n, { acceleration: 4, centerLines: 24 });
  const k = simulateKspace(ph, maps, mask, { noiseSd: 0.002, seed: 1 });
  const zfPsnr = psnr(ph, new ZeroFilledRecon(n, n, 8).run(k, new Float64Array(n * n)), 1);
  const op = new SenseOperator(maps, mask);
  const mag = new Float64Array(n * n);

  it('CG-SENSE (10 iterations) gains at least 5 dB over zero-filled, with a decreasing residual', () => {
    const r = new CgSense(op).solve(k, new Float64Array(2 * n * n), { iterations: 10, tolerance: 0 });
    expect(r.iterations).toBe(10);
    expect(r.residuals).toHaveLength(10);
    // ||r_k|| of CG is not monotone step by step (CG minimises the A-norm of the error), but it falls overall.
    expect(r.residuals.at(-1)!).toBeLessThan(0.5 * r.residuals[0]!);
    expect(Math.max(...r.residuals.slice(1))).toBeLessThan(r.residuals[0]!);
    expect(psnr(ph, magnitude(r.image, mag), 1)).toBeGreaterThan(zfPsnr + 5);
  });

  it('CG-SENSE stops at the tolerance', () => {
    const r = new CgSense(op).solve(k, new Float64Array(2 * n * n), { iterations: 50, tolerance: 1e-2 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(50);
    expect(r.residuals.at(-1)!).toBeLessThan(1e-2);
  });

  it('FISTA-wavelet (10 iterations) gains at least 5 dB over zero-filled, with a decreasing data residual', () => {
    const r = new FistaWavelet(op).solve(k, new Float64Array(2 * n * n), { iterations: 10, tolerance: 0 });
    expect(r.residuals).toHaveLength(10);
    expect(r.residuals.at(-1)!).toBeLessThan(0.5 * r.residuals[0]!);
    expect(psnr(ph, magnitude(r.image, mag), 1)).toBeGreaterThan(zfPsnr + 5);
  });

  it('rejects bad options and non-finite input', () => {
    const cg = new CgSense(op);
    const out = new Float64Array(2 * n * n);
    expect(() => cg.solve(k, out, { iterations: 0 })).toThrow(/iterations must be a positive integer, received 0/);
    expect(() => cg.solve(k, out, { tolerance: -1 })).toThrow(/RPERF_MRI_BAD_OPTION.*tolerance .* received -1/);
    expect(() => new FistaWavelet(op).solve(k, out, { lambda: NaN })).toThrow(/lambda must be a finite number >= 0, received NaN/);
    const bad = k.slice();
    bad[5] = Infinity;
    expect(() => cg.solve(bad, out)).toThrow(/non-finite value \(Infinity at index 5\)/);
  });
});

describe('MRI_ERROR_CODES', () => {
  it('documents every code with a sentence', () => {
    for (const [code, text] of Object.entries(MRI_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_MRI_[A-Z_]+$/);
      expect(text.length).toBeGreaterThan(20);
    }
  });
});

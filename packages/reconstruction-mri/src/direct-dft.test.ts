import { describe, expect, it } from 'vitest';
import { createRng } from '@rhenium-perf/fixtures';
import { centredDftBin } from './direct-dft';
import { Fft2dPlan } from './fft2d';

describe('centredDftBin (one bin of the centred orthonormal DFT, from the definition)', () => {
  it('a DC spike sqrt(ny nx) at the k-space centre is a flat image of ones (inverse)', () => {
    const k = new Float64Array(2 * 4 * 6);
    k[2 * (2 * 6 + 3)] = Math.sqrt(24);
    for (const [r, c] of [[0, 0], [3, 5], [2, 3]] as const) {
      const [re, im] = centredDftBin(k, 4, 6, r, c, 'inverse');
      expect(re).toBeCloseTo(1, 15);
      expect(im).toBeCloseTo(0, 15);
    }
  });

  it('a unit pixel at (i, j) gives the plane wave exp(-2πi ((r - h)(i - h)/ny + (c - h)(j - h)/nx)) / sqrt(ny nx) (forward)', () => {
    const [ny, nx, i, j] = [5, 8, 1, 6];
    const x = new Float64Array(2 * ny * nx);
    x[2 * (i * nx + j)] = 1;
    for (const [r, c] of [[0, 0], [4, 7], [2, 3], [1, 5]] as const) {
      const a = -2 * Math.PI * (((r - 2) * (i - 2)) / ny + ((c - 4) * (j - 4)) / nx);
      const [re, im] = centredDftBin(x, ny, nx, r, c, 'forward');
      expect(re).toBeCloseTo(Math.cos(a) / Math.sqrt(40), 14);
      expect(im).toBeCloseTo(Math.sin(a) / Math.sqrt(40), 14);
    }
  });

  it.each([
    [16, 16],
    [15, 20],
    [7, 11],
    [256, 256],
  ])('agrees with Fft2dPlan at %ix%i on random data, both directions, to 1e-12', (ny, nx) => {
    const x = createRng(ny * 1000 + nx).fillNormal(new Float64Array(2 * ny * nx));
    const plan = new Fft2dPlan(ny, nx);
    let worst = 0;
    for (const dir of ['forward', 'inverse'] as const) {
      const y = dir === 'forward' ? plan.forward(x, new Float64Array(x.length)) : plan.inverse(x, new Float64Array(x.length));
      for (let t = 0; t < 12; t++) {
        const r = (t * 7 + 3) % ny;
        const c = (t * 13 + 1) % nx;
        const [re, im] = centredDftBin(x, ny, nx, r, c, dir);
        worst = Math.max(worst, Math.abs(re - y[2 * (r * nx + c)]!), Math.abs(im - y[2 * (r * nx + c) + 1]!));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('reads at an offset and refuses bins outside the grid or arrays too short', () => {
    const x = new Float64Array(2 + 2 * 4);
    x[2] = 2; // image [[2, 0], [0, 0]] from offset 2
    expect(centredDftBin(x, 2, 2, 1, 1, 'forward', 2)).toEqual([1, 0]);
    expect(() => centredDftBin(x, 2, 2, 2, 0, 'forward')).toThrow(/outside the \[2, 2\] grid/);
    expect(() => centredDftBin(x, 2, 2, 0, 0, 'forward', 4)).toThrow(/cannot hold a \[2, 2\] complex image/);
  });
});

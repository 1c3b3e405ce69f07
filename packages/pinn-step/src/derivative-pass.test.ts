import { createRng } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { createDerivativeTape, derivativeForward } from './derivative-pass';
import { createMlpLayout, initGlorot } from './mlp';
import { createValueTape, valueForward } from './value-pass';

describe('derivativeForward (forward mode through tanh layers)', () => {
  it('matches the hand derivation for one hidden unit: u = v tanh(ax + by + c) + d', () => {
    const layout = createMlpLayout([2, 1, 1]);
    const [a, b, c, v, d] = [0.7, -1.3, 0.2, 1.9, -0.4];
    const params = new Float64Array([a, b, c, v, d]);
    const xy = new Float64Array([0.25, 0.6, 0.9, 0.1]);
    const tape = createDerivativeTape(layout, 2);
    derivativeForward(layout, params, xy, 2, tape);
    for (let p = 0; p < 2; p++) {
      const s = Math.tanh(a * xy[2 * p] + b * xy[2 * p + 1] + c);
      const d1 = 1 - s * s;
      const d2 = -2 * s * d1;
      expect(tape.u[p]).toBeCloseTo(v * s + d, 14);
      expect(tape.ux[p]).toBeCloseTo(v * a * d1, 14);
      expect(tape.uy[p]).toBeCloseTo(v * b * d1, 14);
      expect(tape.uxx[p]).toBeCloseTo(v * a * a * d2, 14);
      expect(tape.uyy[p]).toBeCloseTo(v * b * b * d2, 14);
    }
  });

  it('agrees with central differences of the value pass on the 2-32-32-32-1 network', () => {
    const layout = createMlpLayout([2, 32, 32, 32, 1]);
    const params = initGlorot(layout, createRng(11), new Float64Array(layout.parameterCount));
    // random biases too, so that no symmetry hides an error
    for (const off of layout.biasOffsets) for (let i = 0; i < 32; i++) params[off + i] = 0.3 * createRng(off + i).normal();
    const n = 16;
    const xy = createRng(12).fillUniform(new Float64Array(2 * n));
    const tape = createDerivativeTape(layout, n);
    derivativeForward(layout, params, xy, n, tape);
    // value of the network at 9 shifted copies of each point, in one value pass
    const h1 = 1e-5;
    const h2 = 1e-4;
    const shifts = [[h1, 0], [-h1, 0], [0, h1], [0, -h1], [h2, 0], [-h2, 0], [0, h2], [0, -h2], [0, 0]];
    const pts = new Float64Array(2 * n * shifts.length);
    shifts.forEach(([dx, dy], s) => {
      for (let p = 0; p < n; p++) {
        pts[2 * (s * n + p)] = xy[2 * p] + dx;
        pts[2 * (s * n + p) + 1] = xy[2 * p + 1] + dy;
      }
    });
    const vt = createValueTape(layout, n * shifts.length);
    valueForward(layout, params, pts, n * shifts.length, vt);
    const u = (s: number, p: number): number => vt.u[s * n + p];
    for (let p = 0; p < n; p++) {
      expect(tape.u[p]).toBeCloseTo(u(8, p), 13);
      expect(Math.abs(tape.ux[p] - (u(0, p) - u(1, p)) / (2 * h1))).toBeLessThan(1e-8);
      expect(Math.abs(tape.uy[p] - (u(2, p) - u(3, p)) / (2 * h1))).toBeLessThan(1e-8);
      expect(Math.abs(tape.uxx[p] - (u(4, p) - 2 * u(8, p) + u(5, p)) / (h2 * h2))).toBeLessThan(1e-5);
      expect(Math.abs(tape.uyy[p] - (u(6, p) - 2 * u(8, p) + u(7, p)) / (h2 * h2))).toBeLessThan(1e-5);
    }
    // the check is not vacuous: second derivatives of this network are O(0.1..1)
    expect(Math.max(...Array.from(tape.uxx.subarray(0, n), Math.abs))).toBeGreaterThan(1e-2);
  });
});

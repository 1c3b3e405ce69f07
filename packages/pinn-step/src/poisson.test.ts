import { createRng } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { collocationBatch, poissonExact, poissonSource, sampleCollocationBatch } from './poisson';

describe('the Poisson problem', () => {
  it('f = -Δu* (checked by central differences of u*, h = 1e-4)', () => {
    const h = 1e-4;
    for (const [x, y] of [[0.3, 0.7], [0.5, 0.5], [0.11, 0.93]]) {
      const lap =
        (poissonExact(x + h, y) + poissonExact(x - h, y) + poissonExact(x, y + h) + poissonExact(x, y - h) - 4 * poissonExact(x, y)) / (h * h);
      expect(poissonSource(x, y)).toBeCloseTo(-lap, 5);
    }
    expect(poissonSource(0.5, 0.5)).toBeCloseTo(2 * Math.PI * Math.PI, 12);
    expect(poissonExact(0, 0.4)).toBeCloseTo(0, 15);
    expect(poissonExact(0.4, 1)).toBeCloseTo(0, 15);
  });

  it('samples interior points in (0, 1)² and boundary points on the four sides, seeded', () => {
    const b = sampleCollocationBatch(createRng(3), 500, 400);
    expect(b.interiorCount).toBe(500);
    expect(b.boundaryCount).toBe(400);
    for (const v of b.interior) expect(v > 0 && v < 1).toBe(true);
    const sides = [0, 0, 0, 0];
    for (let q = 0; q < 400; q++) {
      const x = b.boundary[2 * q];
      const y = b.boundary[2 * q + 1];
      const onSide = [y === 0, x === 1, y === 1, x === 0];
      expect(onSide.some(Boolean)).toBe(true);
      onSide.forEach((s, i) => (sides[i] += s ? 1 : 0));
    }
    // 400 points on 4 equal sides: each side gets 100 ± 40
    for (const s of sides) expect(Math.abs(s - 100)).toBeLessThan(40);
    for (let p = 0; p < 500; p++) expect(b.source[p]).toBe(poissonSource(b.interior[2 * p], b.interior[2 * p + 1]));
    expect(Array.from(sampleCollocationBatch(createRng(3), 500, 400).interior)).toEqual(Array.from(b.interior));
  });

  it('refuses non-positive batch sizes and NaN coordinates with typed errors', () => {
    expect(() => sampleCollocationBatch(createRng(1), 0, 4)).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BATCH_SIZE' }));
    expect(() => sampleCollocationBatch(createRng(1), -8, 4)).toThrow(/received -8/);
    expect(() => sampleCollocationBatch(createRng(1), 8, 2.5)).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BATCH_SIZE' }));
    expect(() => collocationBatch(new Float64Array([0.5]), new Float64Array([0, 0]))).toThrow(expect.objectContaining({ code: 'RPERF_PINN_BATCH_SIZE' }));
    expect(() => collocationBatch(new Float64Array([0.5, Number.NaN]), new Float64Array([0, 0]))).toThrow(
      expect.objectContaining({ code: 'RPERF_PINN_NON_FINITE', message: expect.stringContaining('index 1') }),
    );
    expect(() => collocationBatch(new Float64Array([0.5, 0.5]), new Float64Array([Infinity, 0]))).toThrow(expect.objectContaining({ code: 'RPERF_PINN_NON_FINITE' }));
  });
});

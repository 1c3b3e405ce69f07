/**
 * The 2D Poisson problem the network learns: -Δu = f on the unit square, u = 0 on its
 * boundary, with the exact solution u*(x, y) = sin(πx) sin(πy), hence
 * f = -Δu* = 2π² sin(πx) sin(πy). And the seeded collocation batches it is trained on.
 */
import type { Rng } from '@rhenium-perf/fixtures';
import { PinnError } from './errors';
import type { CollocationBatch } from './types';

/**
 * The exact solution u*(x, y) = sin(πx) sin(πy).
 * @example poissonExact(0.5, 0.5) // 1
 */
export function poissonExact(x: number, y: number): number {
  return Math.sin(Math.PI * x) * Math.sin(Math.PI * y);
}

/**
 * The source f(x, y) = 2π² sin(πx) sin(πy) = -Δu*.
 * @example poissonSource(0.5, 0.5) // 19.739...
 */
export function poissonSource(x: number, y: number): number {
  return 2 * Math.PI * Math.PI * poissonExact(x, y);
}

/**
 * Make a batch from given points (interleaved x, y), computing f at each interior point.
 * Checks counts and that every coordinate is finite (`RPERF_PINN_BATCH_SIZE`,
 * `RPERF_PINN_NON_FINITE`). The arrays are copied, so the batch owns its data.
 * @example collocationBatch(new Float64Array([0.5, 0.5]), new Float64Array([0, 0.3])).source // [19.739...]
 */
export function collocationBatch(interior: Float64Array, boundary: Float64Array): CollocationBatch {
  for (const [name, xy] of [['interior', interior], ['boundary', boundary]] as const) {
    if (!(xy instanceof Float64Array) || xy.length === 0 || xy.length % 2 !== 0) {
      const got = xy instanceof Float64Array ? `length ${xy.length}` : String(xy);
      throw new PinnError(
        'RPERF_PINN_BATCH_SIZE',
        `${name} points must be a non-empty Float64Array of interleaved (x, y) pairs (even length), received ${got}`,
      );
    }
    checkFinite(xy, `${name} points`);
  }
  const n = interior.length / 2;
  const source = new Float64Array(n);
  for (let p = 0; p < n; p++) source[p] = poissonSource(interior[2 * p], interior[2 * p + 1]);
  return Object.freeze({
    interiorCount: n,
    boundaryCount: boundary.length / 2,
    interior: Float64Array.from(interior),
    source,
    boundary: Float64Array.from(boundary),
  });
}

/**
 * Draw a batch from `rng`: `interiorCount` points uniform in the open unit square, then
 * `boundaryCount` points uniform along its perimeter (side chosen by arc length).
 * @example sampleCollocationBatch(createRng(7), 1024, 256).interior.length // 2048
 */
export function sampleCollocationBatch(rng: Rng, interiorCount: number, boundaryCount: number): CollocationBatch {
  checkCount(interiorCount, 'interior point count');
  checkCount(boundaryCount, 'boundary point count');
  const interior = new Float64Array(2 * interiorCount);
  for (let i = 0; i < interior.length; i++) {
    // NOTE: next() can return exactly 0; a point on the boundary is harmless but not interior.
    let v = rng.next();
    while (v === 0) v = rng.next();
    interior[i] = v;
  }
  const boundary = new Float64Array(2 * boundaryCount);
  for (let p = 0; p < boundaryCount; p++) {
    const t = 4 * rng.next();
    const side = Math.min(3, Math.floor(t));
    const s = t - side;
    // sides: y = 0, x = 1, y = 1, x = 0
    boundary[2 * p] = side === 0 ? s : side === 1 ? 1 : side === 2 ? 1 - s : 0;
    boundary[2 * p + 1] = side === 0 ? 0 : side === 1 ? s : side === 2 ? 1 : 1 - s;
  }
  return collocationBatch(interior, boundary);
}

/** Throw `RPERF_PINN_BATCH_SIZE` unless `n` is a positive integer. */
export function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new PinnError('RPERF_PINN_BATCH_SIZE', `${what} must be a positive integer, received ${n}`);
  }
}

/** Throw `RPERF_PINN_NON_FINITE` naming the first non-finite entry of `a`. */
export function checkFinite(a: ArrayLike<number>, what: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw new PinnError('RPERF_PINN_NON_FINITE', `${what} must be finite, received ${a[i]} at index ${i}`);
    }
  }
}

import { createRng } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { SIMD_MIN_VOXELS, minMaxNormalize } from './normalize';
import { SIMD_CHUNK, simdKernels, simdModuleBytes } from './simd';
import { finiteMinMax } from './stats';

/** The scalar kernels' answer, independently: min/max skipping NaN, then f32((v - min) * (1 / range)) in float64. */
function scalarMinMax(x: Float32Array, nan: 'keep' | 'zero' = 'keep'): Float32Array {
  let mn = Infinity;
  let mx = -Infinity;
  for (const v of x) {
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const out = new Float32Array(x.length);
  if (!(mn <= mx)) return out.fill(nan === 'zero' ? 0 : NaN);
  const scale = mx === mn ? 0 : 1 / (mx - mn);
  for (let i = 0; i < x.length; i++) out[i] = x[i] !== x[i] && nan === 'zero' ? 0 : (x[i]! - mn) * scale;
  return out;
}

/** Bitwise equality, any NaN equal to any NaN. */
function expectSameBits(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  const a = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const b = new Uint32Array(want.buffer, want.byteOffset, want.length);
  let bad = 0;
  for (let i = 0; i < got.length; i++) if (a[i] !== b[i] && !(got[i] !== got[i] && want[i] !== want[i])) bad++;
  expect(bad).toBe(0);
}

function volume(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return new Float32Array(n).map(() => Math.hypot(100 + 20 * rng.normal(), 20 * rng.normal()));
}

describe('WebAssembly SIMD min-max kernels', () => {
  it('assemble to a valid module and load on this Node', () => {
    const wasm = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm?.validate(simdModuleBytes())).toBe(true);
    expect(simdKernels()).not.toBeNull();
  });

  it('give bit-identical output to the scalar path on lengths around the chunk and tail boundaries', () => {
    for (const n of [SIMD_MIN_VOXELS, SIMD_MIN_VOXELS + 1, SIMD_MIN_VOXELS + 7, SIMD_MIN_VOXELS + 15, SIMD_CHUNK, SIMD_CHUNK + 9, 2 * SIMD_CHUNK + 23, 64 ** 3]) {
      const x = volume(n, n);
      expectSameBits(minMaxNormalize(x, new Float32Array(n)), scalarMinMax(x));
      // The same values as a Float64Array take the scalar kernels: same bits.
      expectSameBits(minMaxNormalize(x, new Float32Array(n)), minMaxNormalize(Float64Array.from(x), new Float32Array(n)));
    }
  });

  it('put the extremes anywhere (first, last, tail) and find them', () => {
    const n = 3 * SIMD_CHUNK + 13;
    for (const at of [0, 1, 15, 16, SIMD_CHUNK - 1, SIMD_CHUNK, n - 14, n - 1]) {
      const x = volume(n, 7);
      x[at] = -5000;
      x[(at + 12345) % n] = 9000;
      const got = minMaxNormalize(x, new Float32Array(n));
      expect(got[at]).toBe(0);
      expect(got[(at + 12345) % n]).toBe(1);
      expectSameBits(got, scalarMinMax(x));
    }
  });

  it('skip NaN in the statistics exactly as the scalar policy: NaN kept, or zeroed with nan: zero', () => {
    const n = 2 * SIMD_CHUNK + 5;
    const x = volume(n, 11);
    for (const at of [0, 3, 16, 4097, SIMD_CHUNK, n - 3, n - 1]) x[at] = NaN;
    const keep = minMaxNormalize(x, new Float32Array(n));
    expectSameBits(keep, scalarMinMax(x));
    expect(Number.isNaN(keep[0]!) && Number.isNaN(keep[n - 1]!)).toBe(true);
    expectSameBits(minMaxNormalize(x, new Float32Array(n), { nan: 'zero' }), scalarMinMax(x, 'zero'));
    // A NaN in every lane of the first vectors (where the accumulators start) changes nothing either.
    const y = volume(n, 12);
    y.fill(NaN, 0, 64);
    expectSameBits(minMaxNormalize(y, new Float32Array(n)), scalarMinMax(y));
  });

  it('handle all-NaN, constant, in-place and infinite inputs like the scalar path', () => {
    const n = SIMD_CHUNK + 3;
    expectSameBits(minMaxNormalize(new Float32Array(n).fill(NaN), new Float32Array(n)), new Float32Array(n).fill(NaN));
    expectSameBits(minMaxNormalize(new Float32Array(n).fill(NaN), new Float32Array(n), { nan: 'zero' }), new Float32Array(n));
    const c = new Float32Array(n).fill(5);
    c[9] = NaN;
    const want = new Float32Array(n);
    want[9] = NaN;
    expectSameBits(minMaxNormalize(c, new Float32Array(n)), want);
    const x = volume(n, 13);
    const expected = scalarMinMax(x);
    expect(minMaxNormalize(x, x)).toBe(x);
    expectSameBits(x, expected);
    const inf = volume(n, 14);
    inf[100] = -Infinity;
    expect(() => minMaxNormalize(inf, new Float32Array(n))).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_NON_FINITE' }));
  });

  it('agree with finiteMinMax on the extremes found', () => {
    const x = volume(5 * SIMD_CHUNK + 1, 15);
    const { min, max } = finiteMinMax(x);
    const got = minMaxNormalize(x, new Float32Array(x.length));
    expect(got[x.indexOf(min)]).toBe(0);
    expect(got[x.indexOf(max)]).toBe(1);
  });
});

/**
 * The bench references and the run-shared inputs: the sort-based percentiles follow numpy's
 * linear rule, and what a later process reads from the run's fixtures equals what the first
 * one made.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryRunFixtures, type TemporaryRunFixtures } from '@rhenium-perf/harness';
import { benchVolume, bytesHash, refPercentile, refPercentiles, refZScore, sharedBenchVolume, sharedReference } from '../bench/support';

describe('refPercentiles (sort-based reference)', () => {
  it("follows numpy's linear rule and skips NaN", () => {
    // sorted [0, 1, 2, 3, 100]: p0 = 0, p50 = 2, p75 = 3, p90 at h = 3.6 -> 3 + 0.6 * 97 = 61.2, p100 = 100.
    const x = new Float32Array([3, NaN, 100, 0, 2, 1]);
    const got = refPercentiles(x, [0, 50, 75, 90, 100]);
    expect(got.slice(0, 3)).toEqual([0, 2, 3]);
    expect(got[3]).toBeCloseTo(61.2, 12);
    expect(got[4]).toBe(100);
    expect(refPercentile(new Int16Array([-5, 7, -1000, 4]), 50)).toBe(-0.5);
  });

  it('sorts negative and positive values numerically (not as strings)', () => {
    expect(refPercentiles(new Float64Array([10, -2, 9, -30, 1]), [0, 25, 100])).toEqual([-30, -2, 10]);
  });
});

describe('refZScore', () => {
  it('standardises the clipped non-NaN values', () => {
    // [1, 2, 3] clipped to [1.5, 3] -> [1.5, 2, 3]: mean 13/6, population sd sqrt(7/18).
    const got = refZScore(new Float32Array([1, 2, 3]), 1.5, 3);
    const mean = 13 / 6;
    const sd = Math.sqrt(7 / 18);
    expect(got[0]).toBeCloseTo((1.5 - mean) / sd, 12);
    expect(got[1]).toBeCloseTo((2 - mean) / sd, 12);
    expect(got[2]).toBeCloseTo((3 - mean) / sd, 12);
  });
});

describe('bytesHash', () => {
  it('differs when one byte differs, and covers a tail of odd length', () => {
    const a = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
    const b = a.slice();
    b[6] = 8;
    expect(bytesHash(a)).not.toBe(bytesHash(b));
    expect(bytesHash(a)).toBe(bytesHash(a.slice()));
    expect(bytesHash(a)).toMatch(/^[0-9a-f]{8}:7$/);
  });
});

describe('run-shared inputs and references', () => {
  let fx: TemporaryRunFixtures;
  let dir: string;
  beforeEach(() => {
    fx = temporaryRunFixtures();
    dir = fx.dir;
  });
  afterEach(() => fx.restore());

  it('a later read of a volume equals the volume made (image, labels, geometry)', async () => {
    const direct = benchVolume('CT', 'tiny');
    const first = await sharedBenchVolume('CT', 'tiny');
    const second = await sharedBenchVolume('CT', 'tiny');
    for (const v of [first, second]) {
      expect(v.image.data).toBeInstanceOf(Int16Array);
      expect(Array.from(v.image.data)).toEqual(Array.from(direct.image.data));
      expect(Array.from(v.labels.data)).toEqual(Array.from(direct.labels.data));
      expect(v.image.shape).toEqual(direct.image.shape);
      expect(v.image.affine).toEqual(direct.image.affine);
      expect(v.image.spacingMm).toEqual(direct.image.spacingMm);
      expect(v.image.modality).toBe('CT');
    }
    expect(fs.readdirSync(dir).length).toBe(3);
  });

  it('a reference is made once per key and input, and another input gets its own', async () => {
    let made = 0;
    const make = (x: Float32Array) => () => {
      made++;
      return Float64Array.from(x, (v) => 2 * v);
    };
    const x = new Float32Array([1, 2, 3]);
    const y = new Float32Array([1, 2, 4]);
    expect(Array.from(await sharedReference('double', x, make(x)))).toEqual([2, 4, 6]);
    expect(Array.from(await sharedReference('double', x, make(x)))).toEqual([2, 4, 6]);
    expect(made).toBe(1);
    expect(Array.from(await sharedReference('double', y, make(y)))).toEqual([2, 4, 8]);
    expect(made).toBe(2);
  });
});

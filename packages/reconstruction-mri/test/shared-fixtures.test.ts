/**
 * The bench inputs and analytic k-space shared within a run: what a later process reads from
 * the run's fixtures equals what the first one made (and what is made without a run).
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sheppLoganKspace2d, sheppLoganSliceEllipses } from '@rhenium-perf/fixtures';
import { temporaryRunFixtures, type TemporaryRunFixtures } from '@rhenium-perf/harness';
import { ZeroFilledRecon } from '../src/index';
import { directKspaceBinValues, directKspaceBinsError, directPixelValues, directPixelsError, samplePositions, sharedAnalyticKspace } from '../bench/independent-checks';
import { acquire, sharedAcquire, sharedFloat64, sharedReference } from '../bench/support';

describe('run-shared MRI bench inputs', () => {
  let fx: TemporaryRunFixtures;
  let dir: string;
  beforeEach(() => {
    fx = temporaryRunFixtures();
    dir = fx.dir;
  });
  afterEach(() => fx.restore());

  it('an acquisition read back equals the one made (fully sampled and undersampled)', async () => {
    for (const [n, coils, r] of [[32, 1, 1], [64, 4, 4]] as const) {
      const direct = acquire(n, coils, r);
      const first = await sharedAcquire(n, coils, r);
      const second = await sharedAcquire(n, coils, r);
      for (const a of [first, second]) {
        expect(a.n).toBe(n);
        expect(a.coils).toBe(coils);
        expect(Array.from(a.phantom)).toEqual(Array.from(direct.phantom));
        expect(Array.from(a.kspace)).toEqual(Array.from(direct.kspace));
        expect(Array.from(a.maps.data)).toEqual(Array.from(direct.maps.data));
        expect([a.maps.coils, a.maps.ny, a.maps.nx]).toEqual([coils, n, n]);
        expect(Array.from(a.mask)).toEqual(Array.from(direct.mask));
      }
    }
    expect(fs.readdirSync(dir).length).toBe(6);
  });

  it('the analytic k-space is made once per grid and set of ellipses', async () => {
    const slice = sheppLoganSliceEllipses(0.03);
    expect(Array.from(await sharedAnalyticKspace(16, 16))).toEqual(Array.from(sheppLoganKspace2d(16, 16)));
    expect(Array.from(await sharedAnalyticKspace(16, 16, slice))).toEqual(Array.from(sheppLoganKspace2d(16, 16, { ellipses: slice })));
    expect(Array.from(await sharedAnalyticKspace(16, 16, slice))).toEqual(Array.from(sheppLoganKspace2d(16, 16, { ellipses: slice })));
    expect(fs.readdirSync(dir).length).toBe(2);
  });

  it('sharedFloat64 makes its arrays once and refuses a wrong count', async () => {
    let made = 0;
    const make = () => {
      made++;
      return [new Float64Array([1, 2]), new Float64Array([3])];
    };
    expect((await sharedFloat64('t', 2, make)).map((a) => Array.from(a))).toEqual([[1, 2], [3]]);
    expect((await sharedFloat64('t', 2, make)).map((a) => Array.from(a))).toEqual([[1, 2], [3]]);
    expect(made).toBe(1);
    await expect(sharedFloat64('u', 3, make)).rejects.toThrow('made 2 arrays, expected 3');
  });

  it('direct-DFT reference values made beforehand (shared) give the same errors, and still catch a 0.1% error', async () => {
    const acq = acquire(64, 4);
    const out = new ZeroFilledRecon(64, 64, 4).run(acq.kspace, new Float64Array(64 * 64));
    const pos = samplePositions(64, 64);
    const pixels = await sharedReference('pixels t', () => directPixelValues(acq.kspace, 4, 64, 64, pos));
    const bins = await sharedReference('bins t', () => directKspaceBinValues(acq.phantom, acq.maps, pos));
    expect(Array.from(await sharedReference('pixels t', () => new Float64Array(1)))).toEqual(Array.from(pixels));
    expect(pixels).toHaveLength(pos.length);
    expect(bins).toHaveLength(2 * 4 * pos.length);
    expect(directPixelsError(acq.kspace, 4, 64, 64, out, pos, 0, 0, pixels)).toBe(directPixelsError(acq.kspace, 4, 64, 64, out, pos));
    expect(directKspaceBinsError(acq.kspace, acq.phantom, acq.maps, pos, bins)).toBe(directKspaceBinsError(acq.kspace, acq.phantom, acq.maps, pos));
    expect(directPixelsError(acq.kspace, 4, 64, 64, out, pos, 0, 0, pixels)).toBeLessThan(1e-9);
    expect(directPixelsError(acq.kspace, 4, 64, 64, out.map((v) => v * 1.001), pos, 0, 0, pixels)).toBeGreaterThan(1e-5);
    expect(directKspaceBinsError(acq.kspace.map((v) => v * 1.001), acq.phantom, acq.maps, pos, bins)).toBeGreaterThan(1e-5);
    expect(() => directPixelsError(acq.kspace, 4, 64, 64, out, pos, 0, 0, pixels.subarray(1))).toThrow('direct pixel values');
    expect(() => directKspaceBinsError(acq.kspace, acq.phantom, acq.maps, pos, bins.subarray(2))).toThrow('direct bin values');
  });
});

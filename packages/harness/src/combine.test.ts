import { describe, expect, it } from 'vitest';
import { combineFigures } from './combine';
import { expectQuality, quality, target } from './quality';

describe('combineFigures: quality figures of several processes', () => {
  it('a check keeps its worst process (max of an error, min of a score)', () => {
    const parts = [0.02, 0.05, 0.03].map((v) => ({ rms: expectQuality('rms', v, { max: 0.1 }), psnr: expectQuality('psnr', 40 - v * 100, { min: 20 }) }));
    const c = combineFigures(parts);
    expect(c.rms!.value).toBe(0.05);
    expect(c.psnr!.value).toBe(35);
  });
  it('a plain figure is the median of the processes', () => {
    const c = combineFigures([10, 40, 20, 30].map((v) => ({ mb_per_s: quality(v, 'MB/s', true) })));
    expect(c.mb_per_s!.value).toBe(25);
  });
  it("a target is the median, and 'met' is judged again on the median", () => {
    // processes 0.9, 1.2, 1.3 against a maximum of 1.0: met in one of three, median 1.2 -> not met
    const c = combineFigures([0.9, 1.2, 1.3].map((v) => ({ ratio: target(v, { max: 1.0, unit: 'x' }) })));
    expect(c.ratio).toEqual({ value: 1.2, unit: 'x', higher_is_better: false, target: 1.0, met: false });
  });
  it('a figure only some processes reported is combined over those', () => {
    const c = combineFigures([{ a: quality(1, '', true) }, {}, { a: quality(3, '', true) }]);
    expect(c.a!.value).toBe(2);
  });
});

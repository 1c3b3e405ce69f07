import { describe, expect, it } from 'vitest';
import { extraWork, prepareSlowdown, slowdownFactor } from './slowdown';

describe('slowdownFactor (RHENIUM_PERF_SLOWDOWN)', () => {
  it('applies a fractional factor to matching ids only', () => {
    const env = { RHENIUM_PERF_SLOWDOWN: '^recon_mri_zf_256_c1$=1.15' };
    expect(slowdownFactor('recon_mri_zf_256_c1', env)).toBe(1.15);
    expect(slowdownFactor('recon_mri_zf_320_c1', env)).toBe(1);
    expect(slowdownFactor('x', {})).toBe(1);
    expect(slowdownFactor('recon_ct_fbp', { RHENIUM_PERF_SLOWDOWN: 'recon_ct_.*=3' })).toBe(3);
  });
  it('a malformed knob is an error, never a silent "no change"', () => {
    expect(() => slowdownFactor('x', { RHENIUM_PERF_SLOWDOWN: 'x=0.5' })).toThrow(/1 <= factor <= 10/);
    expect(() => slowdownFactor('x', { RHENIUM_PERF_SLOWDOWN: 'x' })).toThrow(/<id regex>=<factor>/);
    expect(() => slowdownFactor('x', { RHENIUM_PERF_SLOWDOWN: '(=1.1' })).toThrow(/not a valid regular expression/);
  });
});

describe('extraWork', () => {
  it('runs until the clock has passed the asked time (a deadline, not a calibrated count of loop units)', () => {
    prepareSlowdown();
    for (const ms of [0.5, 3]) {
      const t0 = process.hrtime.bigint();
      extraWork(ms);
      expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeGreaterThanOrEqual(ms);
    }
    extraWork(0);
    extraWork(-1);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECONSTRUCTION_CT_ERROR_CODES, ReconstructionCtError } from './errors';
import { planFbp } from './fbp';

describe('error catalogue', () => {
  it('documents every code in the README and freezes the catalogue', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(RECONSTRUCTION_CT_ERROR_CODES)) expect(readme).toContain(code);
    expect(Object.isFrozen(RECONSTRUCTION_CT_ERROR_CODES)).toBe(true);
    const e = new ReconstructionCtError('RPERF_CT_NOT_SQUARE', 'x');
    expect(e.name).toBe('ReconstructionCtError');
    expect(e.code).toBe('RPERF_CT_NOT_SQUARE');
  });

  it('RECONSTRUCTION_CT_ERROR_CODES: RPERF_CT_ codes, each with a one-line meaning; frozen', () => {
    expect(Object.isFrozen(RECONSTRUCTION_CT_ERROR_CODES)).toBe(true);
    for (const [code, meaning] of Object.entries(RECONSTRUCTION_CT_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_CT_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning.trim(), code).not.toBe('');
      expect(meaning, code).not.toMatch(/[\r\n]/);
    }
  });

  it("planFbp with the filter 'lanczos': RPERF_CT_UNKNOWN_FILTER in one line listing the filters", () => {
    let err: unknown;
    try {
      planFbp({ imageSize: 16, angles: 10, filter: 'lanczos' as never });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReconstructionCtError);
    expect((err as ReconstructionCtError).code).toBe('RPERF_CT_UNKNOWN_FILTER');
    expect((err as ReconstructionCtError).message).toBe('unknown FBP filter "lanczos"; expected one of ramp, shepp-logan, cosine, hamming, hann.');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECONSTRUCTION_CT_ERROR_CODES, ReconstructionCtError } from './errors';
import { planFbp } from './fbp';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('ReconstructionCtError', () => {
  it('every code is in the README; the error carries its code and name', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(RECONSTRUCTION_CT_ERROR_CODES)) expect(readme).toContain(code);
    const e = new ReconstructionCtError('RPERF_CT_NOT_SQUARE', 'x');
    expect([e.name, e.code]).toEqual(['ReconstructionCtError', 'RPERF_CT_NOT_SQUARE']);
  });

  it("planFbp with the filter 'lanczos': RPERF_CT_UNKNOWN_FILTER in one line listing the filters", () => {
    expect(() => planFbp({ imageSize: 16, angles: 10, filter: 'lanczos' as never })).toThrow(
      expect.objectContaining({
        name: 'ReconstructionCtError',
        code: 'RPERF_CT_UNKNOWN_FILTER',
        message: 'unknown FBP filter "lanczos"; expected one of ramp, shepp-logan, cosine, hamming, hann.',
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { PreprocessError } from './errors';
import { getPreset } from './presets';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('PreprocessError', () => {
  it('carries its code and name', () => {
    const e = new PreprocessError('RPERF_PREPROCESS_BAD_SPACING', 'x');
    expect([e instanceof Error, e.code, e.name]).toEqual([true, 'RPERF_PREPROCESS_BAD_SPACING', 'PreprocessError']);
  });

  it("getPreset('PET'): RPERF_PREPROCESS_UNKNOWN_PRESET in one line listing the presets", () => {
    expect(() => getPreset('PET' as 'mri')).toThrow(
      expect.objectContaining({
        name: 'PreprocessError',
        code: 'RPERF_PREPROCESS_UNKNOWN_PRESET',
        message: 'unknown preset "PET"; use one of ct_wide, ct_soft_tissue, ct_lung, ct_bone, mri, us, xr',
      }),
    );
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PREPROCESSING_ERROR_CODES, PreprocessError } from './errors';
import { getPreset } from './presets';

describe('error catalogue', () => {
  it('documents every code the sources throw', () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const used = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'errors.ts')) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/'(RPERF_PREPROCESS_[A-Z_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(3);
    for (const code of used) expect(PREPROCESSING_ERROR_CODES).toHaveProperty(code);
    for (const [code, text] of Object.entries(PREPROCESSING_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_PREPROCESS_[A-Z0-9_]*[A-Z0-9]$/);
      expect(text.length).toBeGreaterThan(20);
      expect(text, code).not.toMatch(/[\r\n]/);
    }
  });
  it('carries its code and name', () => {
    const e = new PreprocessError('RPERF_PREPROCESS_BAD_SPACING', 'x');
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('RPERF_PREPROCESS_BAD_SPACING');
    expect(e.name).toBe('PreprocessError');
  });

  it("getPreset('PET'): RPERF_PREPROCESS_UNKNOWN_PRESET in one line listing the presets", () => {
    let err: unknown;
    try {
      getPreset('PET' as 'mri');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PreprocessError);
    expect((err as PreprocessError).code).toBe('RPERF_PREPROCESS_UNKNOWN_PRESET');
    expect((err as PreprocessError).message).toBe('unknown preset "PET"; use one of ct_wide, ct_soft_tissue, ct_lung, ct_bone, mri, us, xr');
    expect(Object.isFrozen(PREPROCESSING_ERROR_CODES)).toBe(true);
  });
});

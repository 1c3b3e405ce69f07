import { describe, expect, it } from 'vitest';
import { XAI_ERROR_CODES, XaiError } from './errors';
import { assertDossier } from './schema';
import { flipGrid } from './uncertainty';

function thrown(fn: () => unknown): XaiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(XaiError);
    return err as XaiError;
  }
  throw new Error('expected an XaiError, nothing was thrown');
}

describe('XAI_ERROR_CODES', () => {
  it('RPERF_XAI_ codes, each with a one-line meaning; frozen', () => {
    expect(Object.isFrozen(XAI_ERROR_CODES)).toBe(true);
    for (const [code, meaning] of Object.entries(XAI_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_XAI_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning.trim(), code).not.toBe('');
      expect(meaning, code).not.toMatch(/[\r\n]/);
    }
  });

  it('XaiError carries its code and message', () => {
    const e = new XaiError('RPERF_XAI_INVALID_OPTIONS', 'patchSize must be positive integers, received [0, 4, 4]');
    expect([e.name, e.code, e.message, e instanceof Error]).toEqual(['XaiError', 'RPERF_XAI_INVALID_OPTIONS', 'patchSize must be positive integers, received [0, 4, 4]', true]);
  });

  it('assertDossier of an empty object: RPERF_XAI_DOSSIER_INVALID in one line naming the source and the first problems', () => {
    const e = thrown(() => assertDossier({}, 'x.dossier.json'));
    expect(e.code).toBe('RPERF_XAI_DOSSIER_INVALID');
    expect(e.message).toMatch(/^x\.dossier\.json does not validate against dossier\.schema\.json: \/: must have required property 'schema_version'; .* \(\+\d+ more\)$/);
    expect(e.message).not.toMatch(/\n/);
  });

  it('flipGrid into its own input: RPERF_XAI_INVALID_OPTIONS', () => {
    const grid = new Float32Array(8);
    const e = thrown(() => flipGrid(grid, [2, 2, 2], ['x'], grid));
    expect(e.code).toBe('RPERF_XAI_INVALID_OPTIONS');
    expect(e.message).toBe('flipGrid: out must not be the input array');
  });
});

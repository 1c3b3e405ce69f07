import { describe, expect, it } from 'vitest';
import { XaiError } from './errors';
import { assertDossier } from './schema';
import { flipGrid } from './uncertainty';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('XaiError', () => {
  it('carries its code and message', () => {
    const e = new XaiError('RPERF_XAI_INVALID_OPTIONS', 'patchSize must be positive integers, received [0, 4, 4]');
    expect([e.name, e.code, e.message, e instanceof Error]).toEqual(['XaiError', 'RPERF_XAI_INVALID_OPTIONS', 'patchSize must be positive integers, received [0, 4, 4]', true]);
  });

  it('assertDossier of an empty object: RPERF_XAI_DOSSIER_INVALID in one line naming the source and the first problems', () => {
    expect(() => assertDossier({}, 'x.dossier.json')).toThrow(
      expect.objectContaining({
        name: 'XaiError',
        code: 'RPERF_XAI_DOSSIER_INVALID',
        message: expect.stringMatching(/^x\.dossier\.json does not validate against dossier\.schema\.json: \/: must have required property 'schema_version'; [^\n]* \(\+\d+ more\)$/),
      }),
    );
  });

  it('flipGrid into its own input: RPERF_XAI_INVALID_OPTIONS', () => {
    const grid = new Float32Array(8);
    expect(() => flipGrid(grid, [2, 2, 2], ['x'], grid)).toThrow(
      expect.objectContaining({ name: 'XaiError', code: 'RPERF_XAI_INVALID_OPTIONS', message: 'flipGrid: out must not be the input array' }),
    );
  });
});

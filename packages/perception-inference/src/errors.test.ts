import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveExecutionDevice } from './device';
import { PERCEPTION_ERROR_CODES, PerceptionError } from './errors';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('error catalogue', () => {
  it('documents every code in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(PERCEPTION_ERROR_CODES)) expect(readme, code).toContain(code);
  });

  it('carries its code', () => {
    const e = new PerceptionError('RPERF_PERCEPTION_NAN_INPUT', 'NaN at voxel 3');
    expect([e.name, e.code, e.message, e instanceof Error]).toEqual(['PerceptionError', 'RPERF_PERCEPTION_NAN_INPUT', 'NaN at voxel 3', true]);
  });

  it("resolveExecutionDevice('gpu'): RPERF_PERCEPTION_INVALID_OPTIONS in one line naming the accepted values", () => {
    expect(() => resolveExecutionDevice('gpu' as 'cpu')).toThrow(
      expect.objectContaining({ name: 'PerceptionError', code: 'RPERF_PERCEPTION_INVALID_OPTIONS', message: `device must be 'cpu', 'cuda' or 'auto', received "gpu"` }),
    );
  });
});

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveExecutionDevice } from './device';
import { PERCEPTION_ERROR_CODES, PerceptionError } from './errors';

function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('error catalogue', () => {
  it('documents every code in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(PERCEPTION_ERROR_CODES)) expect(readme, code).toContain(code);
  });

  it('carries its code', () => {
    const e = new PerceptionError('RPERF_PERCEPTION_NAN_INPUT', 'NaN at voxel 3');
    expect([e.name, e.code, e.message, e instanceof Error]).toEqual(['PerceptionError', 'RPERF_PERCEPTION_NAN_INPUT', 'NaN at voxel 3', true]);
  });

  it('PERCEPTION_ERROR_CODES: RPERF_ codes, each with a one-line meaning; frozen', () => {
    expect(Object.isFrozen(PERCEPTION_ERROR_CODES)).toBe(true);
    for (const [code, meaning] of Object.entries(PERCEPTION_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning.trim(), code).not.toBe('');
      expect(meaning, code).not.toMatch(/[\r\n]/);
    }
  });

  it("resolveExecutionDevice('gpu'): RPERF_PERCEPTION_INVALID_OPTIONS in one line naming the accepted values", () => {
    const e = thrown(() => resolveExecutionDevice('gpu' as 'cpu'));
    expect(e).toBeInstanceOf(PerceptionError);
    expect(e.code).toBe('RPERF_PERCEPTION_INVALID_OPTIONS');
    expect(e.message).toBe(`device must be 'cpu', 'cuda' or 'auto', received "gpu"`);
  });
});

import { describe, expect, it } from 'vitest';
import { GovernanceError } from './errors';
import { assertTimestamp } from './validate';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('GovernanceError', () => {
  it('exposes the first issue path', () => {
    const e = new GovernanceError('RPERF_GOV_INVALID_DATA', 'x', ['/risks/3/severity: must be <= 5', '/a: b']);
    expect([e.path, e.code, e.name]).toEqual(['/risks/3/severity', 'RPERF_GOV_INVALID_DATA', 'GovernanceError']);
    expect(new GovernanceError('RPERF_GOV_ASSET_MISSING', 'y').path).toBeNull();
  });

  it('assertTimestamp refuses a timestamp without a zone: RPERF_GOV_INVALID_DATA in one line naming the value and the fix', () => {
    expect(() => assertTimestamp('2025-01-31 12:00', 'generatedAt')).toThrow(
      expect.objectContaining({
        name: 'GovernanceError',
        code: 'RPERF_GOV_INVALID_DATA',
        message: 'generatedAt is not a valid timestamp: generatedAt: must be an ISO 8601 date-time with a zone (e.g. 2025-01-31T12:00:00Z), received "2025-01-31 12:00"',
      }),
    );
  });
});

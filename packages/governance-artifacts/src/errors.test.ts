import { describe, expect, it } from 'vitest';
import { GOVERNANCE_ERROR_CODES, GovernanceError } from './errors';
import { assertTimestamp } from './validate';

describe('GovernanceError', () => {
  it('every code has a description and the RPERF_GOV_ prefix', () => {
    for (const [code, text] of Object.entries(GOVERNANCE_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_GOV_[A-Z0-9_]*[A-Z0-9]$/);
      expect(text.length).toBeGreaterThan(20);
      expect(text, code).not.toMatch(/[\r\n]/);
    }
    expect(Object.isFrozen(GOVERNANCE_ERROR_CODES)).toBe(true);
  });

  it('exposes the first issue path', () => {
    const e = new GovernanceError('RPERF_GOV_INVALID_DATA', 'x', ['/risks/3/severity: must be <= 5', '/a: b']);
    expect(e.path).toBe('/risks/3/severity');
    expect(e.code).toBe('RPERF_GOV_INVALID_DATA');
    expect(e.name).toBe('GovernanceError');
    expect(new GovernanceError('RPERF_GOV_ASSET_MISSING', 'y').path).toBeNull();
  });

  it('assertTimestamp refuses a timestamp without a zone: RPERF_GOV_INVALID_DATA in one line naming the value and the fix', () => {
    let err: unknown;
    try {
      assertTimestamp('2025-01-31 12:00', 'generatedAt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GovernanceError);
    const e = err as GovernanceError;
    expect(e.code).toBe('RPERF_GOV_INVALID_DATA');
    expect(e.message).toBe('generatedAt is not a valid timestamp: generatedAt: must be an ISO 8601 date-time with a zone (e.g. 2025-01-31T12:00:00Z), received "2025-01-31 12:00"');
    expect(e.message).not.toMatch(/\n/);
  });
});

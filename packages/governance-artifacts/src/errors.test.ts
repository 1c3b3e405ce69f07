import { describe, expect, it } from 'vitest';
import { GOVERNANCE_ERROR_CODES, GovernanceError } from './errors';

describe('GovernanceError', () => {
  it('every code has a description and the RPERF_GOV_ prefix', () => {
    for (const [code, text] of Object.entries(GOVERNANCE_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_GOV_[A-Z_]+$/);
      expect(text.length).toBeGreaterThan(20);
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
});

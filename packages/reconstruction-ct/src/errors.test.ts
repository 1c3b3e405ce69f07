import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECONSTRUCTION_CT_ERROR_CODES, ReconstructionCtError } from './errors';

describe('error catalogue', () => {
  it('documents every code in the README and freezes the catalogue', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(RECONSTRUCTION_CT_ERROR_CODES)) expect(readme).toContain(code);
    expect(Object.isFrozen(RECONSTRUCTION_CT_ERROR_CODES)).toBe(true);
    const e = new ReconstructionCtError('RPERF_CT_NOT_SQUARE', 'x');
    expect(e.name).toBe('ReconstructionCtError');
    expect(e.code).toBe('RPERF_CT_NOT_SQUARE');
  });
});

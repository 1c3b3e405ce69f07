import { describe, expect, it } from 'vitest';
import { SERIALIZATION_ERROR_CODES, SerializationError } from './errors';

describe('SERIALIZATION_ERROR_CODES', () => {
  it('documents every code with the package prefix', () => {
    for (const [code, description] of Object.entries(SERIALIZATION_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_SER_[A-Z_]+$/);
      expect(description.length).toBeGreaterThan(10);
    }
    expect(Object.isFrozen(SERIALIZATION_ERROR_CODES)).toBe(true);
    const e = new SerializationError('RPERF_SER_DECODE', 'r.json', 'bad');
    expect(e.message).toBe('r.json: bad');
  });
});

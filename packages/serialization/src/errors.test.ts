import { describe, expect, it } from 'vitest';
import { SERIALIZATION_ERROR_CODES, SerializationError } from './errors';
import { serializeResultJson } from './json-export';

describe('SERIALIZATION_ERROR_CODES', () => {
  it('documents every code with the package prefix', () => {
    for (const [code, description] of Object.entries(SERIALIZATION_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_SER_[A-Z0-9_]*[A-Z0-9]$/);
      expect(description.length).toBeGreaterThan(10);
      expect(description, code).not.toMatch(/[\r\n]/);
    }
    expect(Object.isFrozen(SERIALIZATION_ERROR_CODES)).toBe(true);
    const e = new SerializationError('RPERF_SER_DECODE', 'r.json', 'bad');
    expect(e.message).toBe('r.json: bad');
  });

  it('serializeResultJson of a cycle: RPERF_SER_INVALID_INPUT in one line naming the JSON path', () => {
    const doc: Record<string, unknown> = { id: 'ct' };
    doc.self = doc;
    let err: unknown;
    try {
      serializeResultJson(doc);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SerializationError);
    const e = err as SerializationError;
    expect([e.code, e.file]).toEqual(['RPERF_SER_INVALID_INPUT', '<json>']);
    expect(e.message).toBe('<json>: $.self refers back to an enclosing object (a cycle)');
  });
});

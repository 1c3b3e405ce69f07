import { describe, expect, it } from 'vitest';
import { SerializationError } from './errors';
import { serializeResultJson } from './json-export';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('SerializationError', () => {
  it('says its file and problem in one line', () => {
    expect(new SerializationError('RPERF_SER_DECODE', 'r.json', 'bad').message).toBe('r.json: bad');
  });

  it('serializeResultJson of a cycle: RPERF_SER_INVALID_INPUT in one line naming the JSON path', () => {
    const doc: Record<string, unknown> = { id: 'ct' };
    doc.self = doc;
    expect(() => serializeResultJson(doc)).toThrow(
      expect.objectContaining({ code: 'RPERF_SER_INVALID_INPUT', file: '<json>', message: '<json>: $.self refers back to an enclosing object (a cycle)' }),
    );
    expect(() => serializeResultJson(doc)).toThrow(SerializationError);
  });
});

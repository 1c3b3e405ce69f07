import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from './errors';
import { assertValid } from './validate';

function thrown(fn: () => unknown): SchemaValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SchemaValidationError);
    return err as SchemaValidationError;
  }
  throw new Error('expected a SchemaValidationError, nothing was thrown');
}

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('SchemaValidationError', () => {
  it('assertValid of a report without its fields: RPERF_SCHEMA_INVALID in one line, every problem in issues', () => {
    const e = thrown(() => assertValid('report', { kind: 'report' }, 'r.json'));
    expect([e.name, e.code]).toEqual(['SchemaValidationError', 'RPERF_SCHEMA_INVALID']);
    expect(e.message).toMatch(/^r\.json is not a valid report document: \/: must have required property 'schema_version'; .* \(\+\d+ more\)$/);
    expect(e.message).not.toMatch(/\n/);
    expect(e.issues.length).toBeGreaterThan(5);
    expect(e.issues).toContain("/: must have required property 'schema_version'");
  });

  it('assertValid of a document of another major version: RPERF_SCHEMA_VERSION saying how to fix it', () => {
    expect(() => assertValid('report', { schema_version: '9.0.0' }, 'r.json')).toThrow(
      expect.objectContaining({
        code: 'RPERF_SCHEMA_VERSION',
        message: 'r.json: schema_version "9.0.0" is not readable by this version (expects 1.x); re-run the benchmarks to regenerate it',
      }),
    );
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAngles } from './angles';
import { CLI_ERROR_CODES, CliError } from './errors';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('CLI error catalogue', () => {
  it('every code is listed in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const c of Object.keys(CLI_ERROR_CODES)) expect(readme, `${c} is not in the README`).toContain(c);
  });

  it("parseAngles('0:180:0') (the recon-ct --angles option) throws RPERF_CLI_BAD_VALUE: one line, the problem then the fix", () => {
    let err: unknown;
    try {
      parseAngles('0:180:0');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    const e = err as CliError;
    expect(e.code).toBe('RPERF_CLI_BAD_VALUE');
    expect(e.problem).toBe("--angles '0:180:0': COUNT must be an integer in 1..32767 (one angle per sinogram row), received '0'");
    expect(e.message).toBe(`${e.problem}; ${e.fix}`);
    expect(e.message).not.toMatch(/\n/);
  });

  it('the message is the problem and the fix, joined by "; "', () => {
    const e = new CliError('RPERF_CLI_BAD_VALUE', "--iterations must be an integer >= 1, received 'x'", "write e.g. '--iterations 10'");
    expect(e.message).toBe("--iterations must be an integer >= 1, received 'x'; write e.g. '--iterations 10'");
    expect(e.code).toBe('RPERF_CLI_BAD_VALUE');
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAngles } from './angles';
import { CLI_ERROR_CODES, CliError } from './errors';

describe('CLI error catalogue', () => {
  it('every code is described, used in the sources and listed in the README', () => {
    const src = (dir: string): string =>
      readdirSync(dir, { withFileTypes: true })
        .map((e) => (e.isDirectory() ? src(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'errors.ts' ? readFileSync(join(dir, e.name), 'utf8') : ''))
        .join('\n');
    const code = src(new URL('.', import.meta.url).pathname);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [c, description] of Object.entries(CLI_ERROR_CODES)) {
      expect(description.length, c).toBeGreaterThan(10);
      expect(code, `${c} is never thrown`).toContain(`'${c}'`);
      expect(readme, `${c} is not in the README`).toContain(c);
    }
  });

  it('CLI_ERROR_CODES: RPERF_ codes, each with a one-line meaning; frozen', () => {
    expect(Object.isFrozen(CLI_ERROR_CODES)).toBe(true);
    for (const [c, meaning] of Object.entries(CLI_ERROR_CODES)) {
      expect(c).toMatch(/^RPERF_CLI_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning, c).not.toMatch(/[\r\n]/);
    }
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

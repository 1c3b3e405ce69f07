import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('the message is the problem and the fix, joined by "; "', () => {
    const e = new CliError('RPERF_CLI_BAD_VALUE', "--iterations must be an integer >= 1, received 'x'", "write e.g. '--iterations 10'");
    expect(e.message).toBe("--iterations must be an integer >= 1, received 'x'; write e.g. '--iterations 10'");
    expect(e.code).toBe('RPERF_CLI_BAD_VALUE');
  });
});

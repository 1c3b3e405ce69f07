/**
 * ajv is loaded by the first validation, not by importing the package (issue #17: every
 * importer of the harness imports this package, and a cold `rhenium segment` validates
 * nothing). Checked in a fresh process, where Node's CommonJS cache shows what was loaded.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function cold(script: string): Record<string, unknown> {
  const code = `
    import { createRequire } from 'node:module';
    const ajvLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => /[\\\\/]ajv[\\\\/]/.test(k));
    const schema = await import('@rhenium-perf/schema');
    ${script}`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', '--input-type=module', '-e', code], { cwd: packageDir, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('ajv on first use', () => {
  it('importing the package loads no ajv; the first validation loads it and validates', () => {
    const r = cold(`
      const before = ajvLoaded();
      const good = schema.validateResults(schema.sampleResults());
      const bad = schema.validateResults({ ...schema.sampleResults(), schema_version: 7 });
      console.log(JSON.stringify({ before, after: ajvLoaded(), good: good.valid, bad: bad.valid ? null : bad.errors[0] }));`);
    expect(r.before).toBe(false);
    expect(r.after).toBe(true);
    expect(r.good).toBe(true);
    expect(r.bad).toBe('/schema_version: must be string');
  });
});

/**
 * A run without a dossier does not load what only the dossier needs (issue #17, cold
 * `rhenium segment`): checked in a fresh process, where Node's CommonJS cache shows whether
 * the dossier schema (read by xai-dossier at import) and Handlebars were loaded.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Run the pipeline on the tiny CT phantom in a new process; what it returned and what it loaded. */
function coldRun(options: string): { dossier: string | null; schemaLoaded: boolean; handlebarsLoaded: boolean; ajvLoaded: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    const { runPipeline } = await import('@rhenium-perf/e2e-core-model');
    const { syntheticVolume } = await import('@rhenium-perf/fixtures');
    const r = await runPipeline({ kind: 'volume', volume: syntheticVolume('CT', 'tiny').image }, { intraOpThreads: 1, ...${options} });
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({
      dossier: r.dossier === null ? null : r.dossier.id,
      schemaLoaded: loaded.some((k) => k.endsWith('dossier.schema.json')),
      handlebarsLoaded: loaded.some((k) => /[\\\\/]handlebars[\\\\/]/.test(k)),
      ajvLoaded: loaded.some((k) => /[\\\\/]ajv[\\\\/]/.test(k)),
    }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', '--input-type=module', '-e', script], { cwd: packageDir, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('dossier: false in a cold process', () => {
  it('returns dossier null and loads neither the dossier schema, Handlebars nor ajv', () => {
    // ajv: the harness (imported by perception-inference) imports the schema package, which
    // loads ajv on its first validation only.
    expect(coldRun('{ dossier: false }')).toEqual({ dossier: null, schemaLoaded: false, handlebarsLoaded: false, ajvLoaded: false });
  });

  it('the default builds the dossier, loading its schema but still not Handlebars (no rendering)', () => {
    const r = coldRun('{}');
    expect(r.dossier).toMatch(/^dossier_[0-9a-f]{32}$/);
    expect([r.schemaLoaded, r.handlebarsLoaded, r.ajvLoaded]).toEqual([true, false, true]);
  });
});

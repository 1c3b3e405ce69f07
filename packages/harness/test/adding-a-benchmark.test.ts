// docs/perf/README.md "Adding New Benchmarks" works as written: its code block, dropped into
// a temporary copy of the package it names, defines cases that pass, in-process and through
// the package's bench command (one child process per case, a valid results file).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBenchCase, runBenchCli, runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import { assertValid, type ResultsFile } from '@rhenium-perf/schema';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');

/** The section's first ```ts block, and the bench file path its text names. */
function docExample(): { code: string; file: string } {
  const doc = fs.readFileSync(path.join(root, 'docs', 'perf', 'README.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Adding New Benchmarks'), doc.indexOf('\n## ', doc.indexOf('## Adding New Benchmarks') + 3));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const file = /`(packages\/[a-z-]+\/bench\/[a-z0-9-]+\.bench\.ts)`/.exec(section)?.[1];
  if (!code || !file) throw new Error('docs/perf/README.md "Adding New Benchmarks" lost its example or its file path');
  return { code, file };
}

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe('docs/perf/README.md "Adding New Benchmarks"', () => {
  const { code, file } = docExample();
  const pkgName = file.split('/')[1]!;
  // Inside the workspace, so the bench file resolves @rhenium-perf/* like a package's own.
  const tmp = path.join(here, `.doc-follow-${process.pid}`);
  const benchFile = path.join(tmp, 'bench', path.basename(file));

  beforeAll(() => {
    fs.mkdirSync(path.join(tmp, 'bench'), { recursive: true });
    // The package as it is (its src/), with the doc's file added to its bench/.
    fs.symlinkSync(path.join(root, 'packages', pkgName, 'src'), path.join(tmp, 'src'), 'dir');
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: `@rhenium-perf/${pkgName}-doc-follow`, version: '0.0.0', private: true, type: 'module' }));
    fs.writeFileSync(benchFile, code);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('names an existing package, and its cases are new there', () => {
    expect(fs.existsSync(path.join(root, 'packages', pkgName, 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(root, file))).toBe(false);
  });

  it("typechecks with the package's own compiler settings", () => {
    fs.writeFileSync(path.join(tmp, 'tsconfig.json'), JSON.stringify({ extends: path.join(root, 'packages', pkgName, 'tsconfig.json'), include: ['bench'] }));
    const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(tmp, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);

  it('defines cases that pass when run in-process (runCaseInline)', async () => {
    const mod = (await import(pathToFileURL(benchFile).href)) as { default: unknown };
    const cases = ([] as unknown[]).concat(mod.default).filter(isBenchCase) as BenchCase[];
    expect(cases.length).toBeGreaterThanOrEqual(2);
    const smoke = cases.filter((c) => c.tags.includes('smoke'));
    expect(smoke.length).toBeGreaterThan(0);
    for (const c of smoke) {
      const r = await runCaseInline(c);
      expect(r.state, r.error ?? '').toBe('passed');
      expect(Object.keys(r.quality).length).toBeGreaterThan(0);
    }
  }, 60_000);

  it("runs through the package's bench command: exit 0 and a valid results file", async () => {
    const out = path.join(tmp, 'results.json');
    const o = sink();
    const e = sink();
    const codeOut = await runBenchCli({ packageRoot: tmp, argv: ['--smoke', '--out', out], stdout: o.stream, stderr: e.stream });
    expect(codeOut, e.text()).toBe(0);
    const results = assertValid<ResultsFile>('results', JSON.parse(fs.readFileSync(out, 'utf8')), out);
    expect(results.benchmarks.length).toBeGreaterThan(0);
    for (const b of results.benchmarks) expect(b.state, b.error ?? '').toBe('passed');
  }, 120_000);
});

// The error catalogue: every package's error-code constant against the sources, both ways,
// and docs/perf/errors.md against what `npm run docs:errors` writes from the constants.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ERRORS_DOC,
  REPO_ROOT,
  checkCatalogues,
  codesIn,
  loadCatalogues,
  readSources,
  renderErrorsDoc,
  type Catalogue,
  type SourceFile,
} from '../scripts/error-catalogue';
import { BaselineError, CLI_ERROR_CODES, COMPARE_ERROR_CODES, PerfCliError, RENDER_ERROR_CODES, loadBaseline } from '../src/index';

let catalogues: Catalogue[];
let sources: SourceFile[];

beforeAll(async () => {
  catalogues = await loadCatalogues(REPO_ROOT);
  sources = readSources(REPO_ROOT);
});

describe('error catalogue of the repository', () => {
  it('every package with src/errors.ts exports one constant; the perf CLI, the harness and io-parsing are among them', () => {
    const names = catalogues.map((c) => `${c.packageName} ${c.constant}`);
    expect(names).toContain('@rhenium-perf/cli CLI_ERROR_CODES');
    expect(names).toContain('@rhenium-perf/harness HARNESS_ERROR_CODES');
    expect(names).toContain('@rhenium-perf/io-parsing IO_ERROR_CODES');
    expect(catalogues.length).toBeGreaterThanOrEqual(17);
    for (const c of catalogues) expect(Object.isFrozen(c.codes), c.constant).toBe(true);
  });

  it('(a) every code the sources use is a key of some package constant', () => {
    const used = new Set(sources.flatMap((f) => codesIn(f.text).map((u) => u.code)));
    expect(used.size).toBeGreaterThan(100);
    expect(checkCatalogues(sources, catalogues).unknown).toEqual([]);
  });

  it('(b) every code of a constant is used by a source of its package outside the constant', () => {
    expect(checkCatalogues(sources, catalogues).unused).toEqual([]);
  });

  it('codes are RPERF_..., meanings one non-empty line that says when, and a code two packages define means the same in both', () => {
    const { malformed, conflicting } = checkCatalogues(sources, catalogues);
    expect(malformed).toEqual([]);
    expect(conflicting).toEqual([]);
  });

  it('(c) docs/perf/errors.md is what the generator writes', () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, ERRORS_DOC), 'utf8');
    const expected = renderErrorsDoc(catalogues);
    expect(committed === expected, `${ERRORS_DOC} is out of date: run npm run docs:errors`).toBe(true);
    expect(committed).not.toMatch(/see the message/i);
    expect(committed.match(/^\| `RPERF_/gm)?.length).toBe(catalogues.reduce((n, c) => n + Object.keys(c.codes).length, 0));
  });
});

describe('the checker, on in-memory sources', () => {
  const demo: Catalogue = {
    packageName: '@rhenium-perf/demo',
    file: 'packages/demo/src/errors.ts',
    constant: 'DEMO_ERROR_CODES',
    codes: { RPERF_DEMO_BAD_INPUT: 'the input is not a volume', RPERF_DEMO_UNUSED: 'never raised' },
  };
  const constantFile: SourceFile = {
    path: 'packages/demo/src/errors.ts',
    text: "export const DEMO_ERROR_CODES = Object.freeze({\n  'RPERF_DEMO_UNUSED': 'never raised',\n} as const);\n",
  };

  it('reports a code no constant defines, and a constant code no source of its package uses', () => {
    const src: SourceFile = {
      path: 'packages/demo/src/read.ts',
      text: [
        "if (!ok) throw new DemoError('RPERF_DEMO_BAD_INPUT', 'x.nii is not a volume; pass a NIfTI file');",
        "if (n === 0) throw new DemoError('RPERF_DEMO_BAD_INPTU', 'typo');",
        'return { code: "RPERF_DEMO_MISSING", message: m };',
      ].join('\n'),
    };
    const p = checkCatalogues([constantFile, src], [demo]);
    expect(p.unknown).toEqual(['packages/demo/src/read.ts:2 RPERF_DEMO_BAD_INPTU', 'packages/demo/src/read.ts:3 RPERF_DEMO_MISSING']);
    // The quoted key inside the constant itself does not count as a use.
    expect(p.unused).toEqual(['DEMO_ERROR_CODES.RPERF_DEMO_UNUSED']);
    // A use in another package does not keep a code alive either.
    const elsewhere: SourceFile = { path: 'packages/other/src/a.ts', text: "if (e.code === 'RPERF_DEMO_UNUSED') retry();" };
    expect(checkCatalogues([constantFile, src, elsewhere], [demo]).unused).toEqual(['DEMO_ERROR_CODES.RPERF_DEMO_UNUSED']);
  });

  it('does not count prefixes, patterns, environment variable names or comments as codes', () => {
    const text = [
      "if (code.startsWith('RPERF_IO_')) return hint;",
      "const schema = { code: { type: 'string', pattern: '^RPERF_API_[A-Z_]+$' } };",
      "export const USER_MODEL_ENV = 'RPERF_MODEL_PATH';",
      "const CACHE_ENV: string = 'RPERF_ONNX_MODELS_CACHE_DIR';",
      '/** Throws `RPERF_PINN_BATCH_SIZE` on a bad count. */',
      "const map = { RPERF_DEVICE_UNAVAILABLE: 'RPERF_GAN_DEVICE_UNAVAILABLE' };",
    ].join('\n');
    expect(codesIn(text)).toEqual([{ code: 'RPERF_GAN_DEVICE_UNAVAILABLE', line: 6 }]);
  });

  it('reports malformed codes and meanings, and a shared code with two meanings', () => {
    const bad: Catalogue = {
      ...demo,
      constant: 'BAD_ERROR_CODES',
      codes: { RPERF_BAD_: 'a prefix', RPERF_BAD_VAGUE: 'see the message', RPERF_BAD_LINES: 'one\ntwo', RPERF_BAD_EMPTY: ' ', RPERF_DEMO_BAD_INPUT: 'something else' },
    };
    const p = checkCatalogues([], [demo, bad]);
    expect(p.malformed).toEqual([
      'BAD_ERROR_CODES.RPERF_BAD_: not of the form RPERF_[A-Z0-9_]*[A-Z0-9]',
      'BAD_ERROR_CODES.RPERF_BAD_VAGUE: the meaning must say when the error happens, not "see the message"',
      'BAD_ERROR_CODES.RPERF_BAD_LINES: the meaning is more than one line',
      'BAD_ERROR_CODES.RPERF_BAD_EMPTY: empty meaning',
    ]);
    expect(p.conflicting).toEqual(['RPERF_DEMO_BAD_INPUT']);
  });

  it('renders one sorted table per package, escaping a | in a meaning', () => {
    const zeta: Catalogue = { packageName: '@rhenium-perf/zeta', file: 'packages/zeta/src/errors.ts', constant: 'ZETA_ERROR_CODES', codes: { RPERF_ZETA_B: 'b | c', RPERF_ZETA_A: 'a' } };
    const doc = renderErrorsDoc([zeta, demo]);
    expect(doc.indexOf('## @rhenium-perf/demo')).toBeLessThan(doc.indexOf('## @rhenium-perf/zeta'));
    expect(doc).toContain('| `RPERF_ZETA_A` | a |\n| `RPERF_ZETA_B` | b \\| c |');
    expect(doc.startsWith('# Error codes\n')).toBe(true);
  });
});

// The perf CLI's own errors (tools/perf-cli/src/errors.ts).
describe('@rhenium-perf/cli errors', () => {
  it('CLI_ERROR_CODES: RPERF_ codes with one-line meanings; the compare and render codes are views of it', () => {
    for (const [code, meaning] of Object.entries(CLI_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning.trim().length, code).toBeGreaterThan(10);
      expect(meaning, code).not.toMatch(/\n/);
    }
    expect(Object.isFrozen(CLI_ERROR_CODES)).toBe(true);
    for (const view of [COMPARE_ERROR_CODES, RENDER_ERROR_CODES]) {
      expect(Object.isFrozen(view)).toBe(true);
      for (const [code, meaning] of Object.entries(view)) expect(CLI_ERROR_CODES[code as keyof typeof CLI_ERROR_CODES]).toBe(meaning);
    }
    expect(Object.keys(COMPARE_ERROR_CODES).sort()).toEqual(Object.keys(CLI_ERROR_CODES).filter((c) => /^RPERF_(BASELINE|COMPARE_CONFIG)_/.test(c)).sort());
    expect(Object.keys(RENDER_ERROR_CODES).sort()).toEqual(['RPERF_RENDER_TEMPLATE', 'RPERF_RENDER_WRITE']);
  });

  it('PerfCliError carries its code, its exit code and a one-line message', () => {
    const e = new PerfCliError('RPERF_NO_RESULTS', 'no results to merge: run the benchmarks first');
    expect([e.name, e.code, e.exitCode, e instanceof Error]).toEqual(['PerfCliError', 'RPERF_NO_RESULTS', 2, true]);
  });

  it('loadBaseline on a file that is not JSON throws RPERF_BASELINE_NOT_JSON in one line naming the file and the fix', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-cli-errors-'));
    try {
      const file = path.join(dir, 'baseline.json');
      fs.writeFileSync(file, '{ "schema_version": ');
      let err: unknown;
      try {
        loadBaseline(file);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BaselineError);
      const b = err as BaselineError;
      expect(b.code).toBe('RPERF_BASELINE_NOT_JSON');
      expect(b.message).toContain(file);
      expect(b.message).toMatch(/rhenium-perf baseline update/);
      expect(b.message).not.toMatch(/\n/);
      expect(Object.keys(CLI_ERROR_CODES)).toContain(b.code);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

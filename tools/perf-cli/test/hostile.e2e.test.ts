// Hostile input to rhenium-perf (issue 18), with real files, real child processes and the
// real workspace: duplicate ids, a byte-order mark, outputs under a file or in /proc, special
// files, a --filter that matches nothing or holds shell characters, and random options.
// Every failure must be exit 2 with one line; nothing may hang or print a stack.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRng } from '@rhenium-perf/fixtures';
import { sampleReport, sampleResults, type Report } from '@rhenium-perf/schema';
import { main } from '../src/main';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = path.join(repoRoot, 'tools', 'perf-cli', 'src', 'cli.ts');
const built = fs.existsSync(path.join(repoRoot, 'packages', 'harness', 'dist', 'child.js'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-hostile-'));

/** Run main() in this process; returns the exit code and what it printed. */
async function run(argv: string[], cwd = tmp): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = new PassThrough();
  const e = new PassThrough();
  o.on('data', (c: Buffer) => (out += c.toString()));
  e.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, { stdout: o, stderr: e, cwd });
  return { code, out, err };
}

/** Run the CLI in a child process with a time limit (for what used to hang). */
function runChild(argv: string[], timeoutMs = 30_000): { code: number | null; err: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', CLI, ...argv], { cwd: repoRoot, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, err: r.stderr, ms: Date.now() - t0 };
}

function oneLine(text: string): string {
  const lines = text.trim().split('\n');
  expect(lines, text).toHaveLength(1);
  expect(text).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const report = path.join(tmp, 'report.json');
fs.writeFileSync(report, JSON.stringify(sampleReport()));

describe('duplicate ids are refused everywhere a file is read', () => {
  const dupReport = clone(sampleReport());
  dupReport.benchmarks.push({ ...clone(dupReport.benchmarks[0]!), latency_ms: { ...dupReport.benchmarks[0]!.latency_ms, p50: 140 } });
  const dupFile = path.join(tmp, 'dup-report.json');
  fs.writeFileSync(dupFile, JSON.stringify(dupReport));
  const dupResults = clone(sampleResults());
  dupResults.benchmarks.push(clone(dupResults.benchmarks[0]!));
  const dupResultsFile = path.join(tmp, 'dup-results.json');
  fs.writeFileSync(dupResultsFile, JSON.stringify(dupResults));

  it('validate', async () => {
    const r = await run(['validate', dupFile]);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toMatch(/\/benchmarks\/1: duplicates \/benchmarks\/0 .*ids must be unique/);
  });

  it('compare: as the baseline and as the input', async () => {
    for (const argv of [['compare', '--baseline', dupFile, '--input', report, '--output', path.join(tmp, 'c1.json')], ['compare', '--baseline', report, '--input', dupFile, '--output', path.join(tmp, 'c2.json')]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(oneLine(r.err)).toMatch(/duplicates \/benchmarks\/0/);
    }
    expect(fs.existsSync(path.join(tmp, 'c1.json')) || fs.existsSync(path.join(tmp, 'c2.json'))).toBe(false);
  });

  it('merge', async () => {
    const r = await run(['merge', dupResultsFile, '--output', path.join(tmp, 'm.json')]);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toMatch(/duplicates \/benchmarks\/0/);
    expect(fs.existsSync(path.join(tmp, 'm.json'))).toBe(false);
  });
});

describe('files and folders', () => {
  it('a baseline with a UTF-8 byte-order mark is read; a broken one is one line', async () => {
    const bom = path.join(tmp, 'bom.json');
    fs.writeFileSync(bom, '\uFEFF' + JSON.stringify(sampleReport(), null, 2));
    const ok = await run(['compare', '--baseline', bom, '--input', report, '--output', path.join(tmp, 'bom-out.json')]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    fs.writeFileSync(bom, '\uFEFF{\n  "schema_version": "1.1",\n  oops\n}\n');
    const bad = await run(['compare', '--baseline', bom, '--input', report]);
    expect(bad.code).toBe(2);
    expect(oneLine(bad.err)).toMatch(/bom\.json is not JSON \(line 3/);
  });

  it('compare --output under a file: one line, exit 2', async () => {
    const r = await run(['compare', '--baseline', report, '--input', report, '--output', path.join(report, 'x', 'y.json')]);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toMatch(/cannot write to .*report\.json\/x \(ENOTDIR\)/);
  });

  it('validate /dev/zero and a folder: one line each, at once', async () => {
    for (const f of ['/dev/zero', tmp].filter((x) => fs.existsSync(x))) {
      const r = await run(['validate', f]);
      expect(r.code).toBe(2);
      expect(oneLine(r.err)).toMatch(/cannot be read \((ENOTREG|EISDIR)\)/);
    }
  });

  it.skipIf(!fs.existsSync('/proc/self'))('an output folder in /proc: one line, exit 2, no hang (child processes, 30 s limit)', () => {
    for (const argv of [
      ['render', '--input', report, '--output-dir', '/proc/rperf-x/out'],
      ['compare', '--baseline', report, '--input', report, '--output', '/proc/rperf-x/y.json'],
    ]) {
      const r = runChild(argv);
      expect(r.code, r.err).toBe(2);
      expect(oneLine(r.err)).toMatch(/cannot write to \/proc\/rperf-x/);
    }
  });
});

describe.skipIf(!built)('--filter in a real run (needs `npx nx run-many -t build`)', () => {
  const out = path.join(tmp, 'run');

  it('matching no case: RPERF_NO_CASES, exit 2, nothing overwritten', async () => {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'report.json'), 'earlier report');
    const r = await run(['--smoke', '--filter', '^no_such_case$', '--output-dir', out], repoRoot);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n').filter((l) => l.includes('error'))).toEqual([expect.stringMatching(/no case matches \(mode smoke, --filter "\^no_such_case\$"\).*nothing was written/)]);
    expect(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).toBe('earlier report');
    expect(fs.readdirSync(out)).toEqual(['report.json']);
  }, 120_000);

  it('holding ( | ) [ ] * ? $ \' ": reaches the package intact, runs only the package that has the case', async () => {
    const filter = `^(recon_ct_fbp_ramp_128_a180|never['"$]x?)[\\]a]*$`;
    const r = await run(['--smoke', '--filter', filter, '--output-dir', out], repoRoot);
    if (r.code !== 0) console.log(r.out, r.err);
    expect(r.code).toBe(0);
    const rep = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(rep.benchmarks.map((b) => [b.id, b.state])).toEqual([['recon_ct_fbp_ramp_128_a180', 'passed']]);
    expect(rep.packages.map((p) => p.project)).toEqual(['reconstruction-ct']);
  }, 300_000);
});

describe('random options (property test)', () => {
  // Seeded: the same 400 command lines every run.
  const rng = createRng(18);
  const rand = (): number => rng.next();
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const commands = ['run', 'ab', 'merge', 'compare', 'render', 'validate', 'baseline', 'help', 'version', 'frobnicate', '--smoke', '--full', ''];
  const flags = [
    '--smoke', '--full', '--device', '--filter', '--output-dir', '--output', '--input', '--baseline', '--config', '--format', '--fail-on',
    '--fail-on-regression', '--affected', '--base', '--head', '--budget', '--min-rounds', '--max-rounds', '--alpha', '--seed', '--docs-dir',
    '--allow-env-mismatch', '--fresh', '--json-out', '-v', '--verbose', '--help', '--version', '--nope', '-x', '--', 'update',
  ];
  const values = [
    '', '-1', '0', '1', '2', '1e309', 'NaN', 'Infinity', '9007199254740993', '0x10', '1.5', '8m', '-8m', '99999h', '(', '|', "'", '"', '$(id)',
    '`id`', '../../etc/passwd', '/proc/rperf-x/y', '\u0000', '\uFEFF', 'é€😀', 'x'.repeat(5000), '--filter', 'bmf', 'cuda', 'auto', 'cpu',
    'regression', 'inconclusive', 'HEAD', 'report.json', '[a-', '.*',
  ];

  it('400 command lines: exit 0 or 2, at most one line on stderr, never an internal error or a stack', { timeout: 120_000 }, async () => {
    const seen = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const argv = [pick(commands)];
      const n = Math.floor(rand() * 6);
      for (let k = 0; k < n; k++) {
        argv.push(pick(flags));
        if (rand() < 0.7) argv.push(pick(values));
      }
      // a temp folder without nx.json: nothing is ever measured or built
      const r = await run(argv.filter((a) => a !== ''), tmp);
      seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
      const shown = JSON.stringify(argv);
      expect([0, 2], shown).toContain(r.code);
      expect(r.err, shown).not.toMatch(/internal error|^\s+at /m);
      if (r.code === 2) expect(r.err.trim().split('\n'), shown).toHaveLength(1);
    }
    expect(seen.get(2)).toBeGreaterThan(300);
  });
});

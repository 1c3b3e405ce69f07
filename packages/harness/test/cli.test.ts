// The per-package bench command: options, exit codes and the results file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchOption, runBenchCli } from '@rhenium-perf/harness';
import { BENCH_OPTIONS_ENV, parseBenchArgs } from '../src/cli';
import { validateResults, type ResultsFile } from '@rhenium-perf/schema';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.join(here, 'fixtures', 'pkg');

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = capture();
  const e = capture();
  const code = await runBenchCli({ packageRoot: pkg, argv, stdout: o.stream, stderr: e.stream });
  return { code, out: o.text(), err: e.text() };
}

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-cli-'));

describe('parseBenchArgs', () => {
  it('defaults to the smoke suite on cpu', () => {
    expect(parseBenchArgs([])).toMatchObject({ mode: 'smoke', device: 'cpu', tags: [], filter: null, list: false });
  });
  it('a tag alone selects from all cases; with --full it narrows the full suite', () => {
    expect(parseBenchArgs(['--tag', 'reference']).mode).toBe('custom');
    expect(parseBenchArgs(['--full', '--tag=gpu'])).toMatchObject({ mode: 'full', tags: ['gpu'] });
  });
  it('refuses bad input with a line that names the fix', () => {
    expect(() => parseBenchArgs(['--smoke', '--full'])).toThrow('--smoke and --full cannot be used together; choose one');
    expect(() => parseBenchArgs(['--fast'])).toThrow('unknown option "--fast"; see --help');
    expect(() => parseBenchArgs(['--device', 'tpu'])).toThrow('--device must be cpu, cuda or auto, received "tpu"');
    expect(() => parseBenchArgs(['--filter', '('])).toThrow('--filter "(" is not a valid regular expression');
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow('--runs needs an integer >= 1, received "0"');
    expect(() => parseBenchArgs(['--out'])).toThrow('--out needs a value; see --help');
  });
});

describe('package options', () => {
  const model = { flag: '--model', valueName: 'FILE', description: 'an ONNX model to benchmark' };
  it('are accepted only when the package declares them', () => {
    expect(parseBenchArgs(['--model', 'net.onnx'], [model]).extra).toEqual({ model: 'net.onnx' });
    expect(() => parseBenchArgs(['--model', 'net.onnx'])).toThrow('unknown option "--model"');
  });
  it('reach bench modules through the environment', () => {
    process.env[BENCH_OPTIONS_ENV] = JSON.stringify({ model: 'net.onnx' });
    try {
      expect(benchOption('model')).toBe('net.onnx');
      expect(benchOption('input-shape')).toBeUndefined();
    } finally {
      delete process.env[BENCH_OPTIONS_ENV];
    }
    expect(benchOption('model')).toBeUndefined();
  });
  it('are listed by --help', async () => {
    const o = capture();
    const code = await runBenchCli({ packageRoot: pkg, argv: ['--help'], options: [model], stdout: o.stream, stderr: o.stream });
    expect(code).toBe(0);
    expect(o.text()).toMatch(/--model FILE +an ONNX model to benchmark/);
  });
});

describe('runBenchCli', () => {
  it('--list prints the selected cases', async () => {
    const r = await run(['--full', '--list']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toContain('hangs');
  });

  it('exit 0 and a valid results file when every case passes', async () => {
    const out = path.join(tmp(), 'r.json');
    const r = await run(['--smoke', '--out', out]);
    expect(r.err).toMatch(/\[harness-fixture 1\/1\] ok_sum {2}passed {2}p50 /);
    expect(r.code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as ResultsFile;
    expect(validateResults(doc).valid).toBe(true);
    expect(doc.project).toBe('harness-fixture');
    expect(doc.benchmarks.map((b) => b.id)).toEqual(['ok_sum']);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['r.json']); // no temp file left
  });

  it('exit 1 when a case fails, with every case recorded', async () => {
    const out = path.join(tmp(), 'r.json');
    const r = await run(['--full', '--filter', '^(ok_sum|wrong_answer|exits_process)$', '--out', out]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as ResultsFile;
    expect(doc.benchmarks.map((b) => [b.id, b.state])).toEqual([
      ['ok_sum', 'passed'],
      ['wrong_answer', 'failed'],
      ['exits_process', 'failed'],
    ]);
    expect(r.err).toMatch(/1 passed, 2 failed, 0 skipped/);
  });

  it('exit 2 with one line for --device cuda without CUDA', async () => {
    const r = await run(['--device', 'cuda']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^harness-fixture: error: --device cuda: .*; use --device cpu or --device auto/);
  });

  it('exit 2 when the results file cannot be written, leaving nothing behind', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const r = await run(['--smoke', '--out', path.join(dir, 'file', 'r.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write .*r\.json.*choose a writable --out/);
  });

  it('a real process exits 2 on an unknown option', () => {
    const p = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', path.join(pkg, 'src', 'cli.ts'), '--frobnicate'], {
      encoding: 'utf8',
    });
    expect(p.status).toBe(2);
    expect(p.stderr.trim()).toBe('harness-fixture: error: unknown option "--frobnicate"; see --help');
  });
});

/**
 * The bench command (src/cli.ts) as a real process from sources: it reads the arguments
 * `rhenium-perf` hands over in RHENIUM_PERF_BENCH_ARGV as its own (it rewrites --model, so
 * runBenchCli does not read them for it), and userModelArgs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_ARGV_ENV } from '@rhenium-perf/harness';
import { userModelArgs } from '../src/cli-options';

const root = fileURLToPath(new URL('..', import.meta.url));

function bench(args: string[], handedOver?: string): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env[BENCH_ARGV_ENV];
  if (handedOver !== undefined) env[BENCH_ARGV_ENV] = handedOver;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', 'src/cli.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bench command', () => {
  it('takes the handed-over arguments as its own (only --list here: nothing runs)', () => {
    const direct = bench(['--list', '--full', '--filter', 'cls_']);
    expect(direct.status, direct.stderr).toBe(0);
    expect(direct.stdout).toMatch(/perception_cls_classifier3d/);
    expect(direct.stdout).not.toMatch(/perception_seg_/);
    const handed = bench(['--list'], JSON.stringify(['--full', '--filter', 'cls_']));
    expect(handed.status, handed.stderr).toBe(0);
    expect(handed.stdout).toBe(direct.stdout);
  });

  it('a malformed hand-over is a usage error (exit 2), said by the harness', () => {
    const r = bench(['--list'], 'not json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/RHENIUM_PERF_BENCH_ARGV must be a JSON array of strings/);
  });
});

describe('userModelArgs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perception-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'm.onnx'), '');

  it('makes --model absolute and selects the user-model tag unless tags are given', () => {
    expect(userModelArgs(['--model', 'm.onnx'], dir)).toEqual(['--model', 'm.onnx', `--model=${join(dir, 'm.onnx')}`, '--tag', 'user-model']);
    expect(userModelArgs(['--model=m.onnx', '--tag', 'x'], dir)).toEqual(['--model=m.onnx', '--tag', 'x', `--model=${join(dir, 'm.onnx')}`]);
    expect(userModelArgs(['--smoke'], dir)).toEqual(['--smoke']);
    // found as the bench command finds it: the last --model wins, a --model inside another option's value is not one
    expect(userModelArgs(['--model', 'x.onnx', '--model', 'm.onnx'], dir).slice(-3)).toEqual([`--model=${join(dir, 'm.onnx')}`, '--tag', 'user-model']);
    expect(userModelArgs(['--filter=--model', '--smoke'], dir)).toEqual(['--filter=--model', '--smoke']);
    expect(userModelArgs(['--model'], dir)).toEqual(['--model']); // rejected: the bench command says why
  });
});

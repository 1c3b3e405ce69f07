/**
 * protobufjs is loaded when a model is first built or decoded, not by importing the package
 * (issue #17: a cold `rhenium segment` reads the U-Net from the model store and needs neither).
 * Checked in a fresh process, where Node's CommonJS cache shows what was loaded.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('protobufjs on first use', () => {
  it('importing the package loads no protobufjs; building a model loads it, and the bytes decode', () => {
    const code = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => /[\\\\/]protobufjs[\\\\/]/.test(k));
      const m = await import('@rhenium-perf/onnx-models');
      const before = loaded();
      const built = m.buildModel('conv2d', {});
      const summary = m.inspectModel(built.bytes, 'conv2d');
      console.log(JSON.stringify({ before, after: loaded(), inputs: summary.inputs.map((i) => i.name), sameSha: m.sha256Hex(built.bytes) === built.sha256 }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', '--input-type=module', '-e', code], {
      cwd: packageDir,
      encoding: 'utf8',
      env: { ...process.env, RPERF_ONNX_MODELS_STORE: 'off' },
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { before: boolean; after: boolean; inputs: string[]; sameSha: boolean };
    expect(r).toEqual({ before: false, after: true, inputs: [expect.any(String)], sameSha: true });
  });
});

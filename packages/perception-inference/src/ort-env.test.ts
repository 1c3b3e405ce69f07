import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { disableOrtTelemetry, ORT_TELEMETRY_ENV } from './ort-env';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('disableOrtTelemetry', () => {
  it("sets ORT_DISABLE_TELEMETRY=1 when unset, and keeps the user's value (any value) otherwise", () => {
    const unset: NodeJS.ProcessEnv = {};
    expect(disableOrtTelemetry(unset)).toBe(true);
    expect(unset).toEqual({ ORT_DISABLE_TELEMETRY: '1' });
    const userOn: NodeJS.ProcessEnv = { ORT_DISABLE_TELEMETRY: '0' };
    expect(disableOrtTelemetry(userOn)).toBe(false);
    expect(userOn).toEqual({ ORT_DISABLE_TELEMETRY: '0' });
    const empty: NodeJS.ProcessEnv = { ORT_DISABLE_TELEMETRY: '' };
    expect(disableOrtTelemetry(empty)).toBe(false);
    expect(empty[ORT_TELEMETRY_ENV]).toBe('');
  });

  it('importing the package sets it before any session, and a session still runs', () => {
    const code = `
      const before = process.env.ORT_DISABLE_TELEMETRY ?? null;
      const pi = await import('@rhenium-perf/perception-inference');
      const { buildModel } = await import('@rhenium-perf/onnx-models');
      const after = process.env.ORT_DISABLE_TELEMETRY ?? null;
      const s = await pi.createSession(buildModel('conv2d', {}).bytes, { intraOpThreads: 1, reuse: false });
      console.log(JSON.stringify({ before, after, inputs: s.inputs.length }));
      await s.dispose();`;
    const run = (env: NodeJS.ProcessEnv): { before: string | null; after: string | null; inputs: number } => {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', '--input-type=module', '-e', code], { cwd: packageDir, encoding: 'utf8', env });
      return JSON.parse(out.trim().split('\n').pop()!) as { before: string | null; after: string | null; inputs: number };
    };
    const { ORT_DISABLE_TELEMETRY: _drop, ...base } = process.env;
    expect(run(base)).toEqual({ before: null, after: '1', inputs: 1 });
    expect(run({ ...base, ORT_DISABLE_TELEMETRY: '0' })).toEqual({ before: '0', after: '0', inputs: 1 });
  });
});

// `rhenium-perf profile` on the real workspace: recon_ct_fbp_ramp_256_a180 profiled in a
// child process started with `node --cpu-prof`; the .cpuprofile is what node wrote (nodes,
// samples, timeDeltas) and its top self-time frame is the back-projection of
// packages/reconstruction-ct (the WebAssembly SIMD back-projection of src/backproject-simd.ts, named by its name section). A case
// that fails exits 1 with its error line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SLOWDOWN_ENV } from '@rhenium-perf/harness';
import { main } from '../src/main';
import { parseCpuProfile, selfTimes } from '../src/profile/cpuprofile';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const built = fs.existsSync(path.join(repoRoot, 'packages', 'harness', 'dist', 'child.js'));
const CASE = 'recon_ct_fbp_ramp_256_a180';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-profile-e2e-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = new PassThrough();
  const e = new PassThrough();
  o.on('data', (c: Buffer) => (out += c.toString()));
  e.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, { stdout: o, stderr: e, cwd: repoRoot });
  return { code, out, err };
}

describe.skipIf(!built)('rhenium-perf profile on the workspace (needs `npx nx run-many -t build`)', () => {
  it(`${CASE}: writes the .cpuprofile node wrote and a table whose top frame is the back-projection`, async () => {
    // The back-projection runs in WebAssembly SIMD; its functions are named by the module's
    // name section, as the sources define them.
    const src = fs.readFileSync(path.join(repoRoot, 'packages', 'reconstruction-ct', 'src', 'backproject-simd.ts'), 'utf8');
    const names = /FUNCTION_NAMES = \[([^\]]+)\]/.exec(src)![1]!.match(/'([A-Za-z]+)'/g)!.map((q) => q.slice(1, -1));
    expect(names).toEqual(['backProjectSimd', 'backProjectSimdMirrored']);

    const out = path.join(tmp, 'head-only');
    const r = await cli(['profile', CASE, '--output-dir', out]);
    expect(r.code, r.err).toBe(0);
    const file = path.join(out, `${CASE}.head.cpuprofile`);
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const k of ['nodes', 'samples', 'timeDeltas']) expect(Array.isArray(raw[k]) && (raw[k] as unknown[]).length > 0, k).toBe(true);
    expect(fs.existsSync(path.join(out, `${CASE}.base.cpuprofile`))).toBe(false);

    const self = selfTimes(parseCpuProfile(fs.readFileSync(file, 'utf8'), file));
    const top = self.functions[0]!;
    const where = `${top.functionName} ${top.url}`;
    expect(names, where).toContain(top.functionName);
    expect(top.url, where).toMatch(/^wasm:\/\/wasm\//);
    // The measured calls dominate: back-projection alone is most of the sampled time, and
    // none of the three largest frames is the harness's or node's own (module loading).
    expect(top.selfMs / self.totalMs).toBeGreaterThan(0.5);
    for (const f of self.functions.slice(0, 3)) expect(`${f.functionName} ${f.url}`).not.toMatch(/packages\/harness\/|node:/);

    const md = fs.readFileSync(path.join(out, `${CASE}.md`), 'utf8');
    expect(md).toMatch(/^\| 1 \| `backProjectSimd(Mirrored)?` \| `wasm:\/\/wasm\/[0-9a-f]+:\d+` \|/m);
    expect(md).toContain(`[${CASE}.head.cpuprofile](${CASE}.head.cpuprofile)`);
    expect(r.out).toMatch(/\| 1 \| `backProjectSimd(Mirrored)?` \|/);
    expect(r.out).toContain(`wrote: ${path.relative(repoRoot, path.join(out, `${CASE}.md`))}`);
  }, 120_000);

  it('a case that fails exits 1 with its error line, and writes no profile', async () => {
    const out = path.join(tmp, 'failed');
    const before = process.env[SLOWDOWN_ENV];
    // A malformed slowdown knob fails the case in its process (before setup), on purpose.
    process.env[SLOWDOWN_ENV] = 'recon_ct_.*=0.5';
    try {
      const r = await cli(['profile', CASE, '--output-dir', out]);
      expect(r.code, r.err).toBe(1);
      const lines = r.err.trim().split('\n');
      expect(lines.at(-1)).toMatch(new RegExp(`^rhenium-perf: error: ${CASE} failed on the head \\(working tree\\): bad slowdown knob: .*${SLOWDOWN_ENV}`));
      expect(fs.readdirSync(out).filter((f) => f.endsWith('.cpuprofile'))).toEqual([]);
    } finally {
      if (before === undefined) delete process.env[SLOWDOWN_ENV];
      else process.env[SLOWDOWN_ENV] = before;
    }
  }, 120_000);
});

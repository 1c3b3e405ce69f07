// `--dry-run` and `--shard k/n` on the real workspace: the dry run lists (project, case) per
// line and measures nothing; a shard lists exactly the cases of the packages its plan gives it
// (that the n plans cover every package once is src/shard.test.ts's).
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertValid, type Report } from '@rhenium-perf/schema';
import { main } from '../src/main';
import { recordedDurations, shardProjects } from '../src/shard';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const built = fs.existsSync(path.join(repoRoot, 'packages', 'harness', 'dist', 'child.js'));

async function dryRun(extra: string[]): Promise<{ code: number; lines: string[]; err: string }> {
  let out = '';
  let err = '';
  const o = new PassThrough();
  const e = new PassThrough();
  o.on('data', (c: Buffer) => (out += c.toString()));
  e.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(['--smoke', '--dry-run', '--output-dir', path.join(repoRoot, 'artifacts', 'perf', 'never-written'), ...extra], { stdout: o, stderr: e, cwd: repoRoot });
  return { code, lines: out.split('\n').filter(Boolean), err };
}

describe.skipIf(!built)('--dry-run and --shard on the workspace (needs `npx nx run-many -t build`)', () => {
  it('shard 2/3 lists the cases of its planned packages, out of the whole run; nothing is measured or written', async () => {
    const whole = await dryRun([]);
    expect(whole.code, whole.err).toBe(0);
    expect(whole.lines.length).toBeGreaterThan(10);
    for (const l of whole.lines) expect(l).toMatch(/^[a-z0-9-]+\t[a-z0-9_]+$/);
    const shard = await dryRun(['--shard', '2/3']);
    expect(shard.code, shard.err).toBe(0);
    const projects = [...new Set(whole.lines.map((l) => l.split('\t')[0]!))];
    const baseline = assertValid<Report>('report', JSON.parse(fs.readFileSync(path.join(repoRoot, 'baselines', 'v1.0.json'), 'utf8')), 'baseline');
    const mine = new Set(shardProjects(projects, recordedDurations(baseline), { index: 2, count: 3 }).projects);
    expect(shard.err).toContain(`shard 2/3: ${mine.size} of ${projects.length} package(s)`);
    expect(shard.lines).toEqual(whole.lines.filter((l) => mine.has(l.split('\t')[0]!)));
    expect(fs.existsSync(path.join(repoRoot, 'artifacts', 'perf', 'never-written'))).toBe(false);
  }, 600_000);
});

// The runner overlaps a process's start-up and setup with the previous process's verify and
// exit, never with a timed region; and fixtures made with runFixture are made once per run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBenchCases } from '../src/discover';
import { OVERLAP_ENV, runCases, selectCases } from '../src/runner';
import { RUN_FIXTURES_ENV } from '../src/shared';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Entry { pid: number; id: string; processStart: number; setupStart: number; setupEnd: number; timedStart: number; timedEnd: number; verifyEnd: number }

describe('pipelined processes (real child processes)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-overlap-'));
  const logFile = path.join(dir, 'log.jsonl');
  const madeFile = path.join(dir, 'made.txt');
  fs.writeFileSync(madeFile, '');
  const env: NodeJS.ProcessEnv = { ...process.env, OVERLAP_LOG: logFile, OVERLAP_MADE: madeFile };
  delete env[RUN_FIXTURES_ENV];
  const before = new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('rperf-fixtures-')));
  const results = await runCases({
    cases: selectCases(await loadBenchCases([path.join(here, 'fixtures', 'overlap.bench.ts')]), { mode: 'full' }),
    mode: 'full', device: 'cpu', env,
    packageRef: { name: '@rhenium-perf/harness-test', version: '0.0.0' }, project: 'harness-test',
    childEntry: path.join(here, '..', 'src', 'child.ts'),
    execArgv: ['--import', 'tsx', '--conditions=@rhenium-perf/source'],
  });
  const entries = fs.readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Entry);

  it('every process passed and logged once (3 cases x 2 processes)', () => {
    expect(results.map((r) => [r.id, r.state, r.process_samples])).toEqual([
      ['overlap_a', 'passed', [2, 2]],
      ['overlap_b', 'passed', [2, 2]],
      ['overlap_x', 'passed', [2, 2]],
    ]);
    expect(new Set(entries.map((e) => e.pid)).size).toBe(6);
  });

  it("no process does anything during another process's timed region", () => {
    for (const p of entries) {
      for (const q of entries) {
        if (p === q) continue;
        // q's whole logged life (process start to verify end) lies outside p's timed region.
        const disjoint = q.verifyEnd <= p.timedStart || q.processStart >= p.timedEnd;
        expect(disjoint, `${q.id}/${q.pid} active during the timed region of ${p.id}/${p.pid}`).toBe(true);
      }
    }
  });

  it("the next process starts during the previous one's verify, and the case records that overlap", () => {
    const byStart = [...entries].sort((a, b) => a.timedStart - b.timedStart);
    let overlapped = 0;
    // The next process is forked when the previous timed region ends, so its start meets the previous verify (150 ms).
    for (let i = 1; i < byStart.length; i++) if (byStart[i]!.processStart < byStart[i - 1]!.verifyEnd) overlapped++;
    // a1 > b1, a2 > b2; never into or out of the exclusive case's processes (b > x > a).
    expect(byStart.map((e) => e.id)).toEqual(['overlap_a', 'overlap_b', 'overlap_x', 'overlap_a', 'overlap_b', 'overlap_x']);
    expect(overlapped).toBe(2);
    const overlapSec = results.map((r) => (r.metadata.wall_overlap_sec as number | undefined) ?? 0);
    expect(overlapSec.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.2);
    // Each process's wait for the machine is its own phase, so the phases still fill its life.
    for (const r of results.slice(0, 2)) expect(Object.keys(r.metadata.wall_phases_sec as object)).toContain('wait');
  });

  it('an exclusive case (it times things in setup or verify) has the machine to itself for its whole process', () => {
    for (const x of entries.filter((e) => e.id === 'overlap_x')) {
      for (const q of entries) {
        if (q === x) continue;
        expect(q.verifyEnd <= x.processStart || q.processStart >= x.verifyEnd, `${q.id}/${q.pid} alive beside ${x.id}/${x.pid}`).toBe(true);
      }
    }
    expect(results[2]!.metadata.wall_overlap_sec).toBeUndefined();
  });

  it('RHENIUM_PERF_OVERLAP=off runs the processes strictly one after another', async () => {
    const offLog = path.join(dir, 'off.jsonl');
    const off = await runCases({
      cases: selectCases(await loadBenchCases([path.join(here, 'fixtures', 'overlap.bench.ts')]), { mode: 'full', filter: /^overlap_a$/ }),
      mode: 'full', device: 'cpu', env: { ...env, OVERLAP_LOG: offLog, [OVERLAP_ENV]: 'off' },
      packageRef: { name: '@rhenium-perf/harness-test', version: '0.0.0' }, project: 'harness-test',
      childEntry: path.join(here, '..', 'src', 'child.ts'),
      execArgv: ['--import', 'tsx', '--conditions=@rhenium-perf/source'],
    });
    expect(off.map((r) => [r.state, r.metadata.wall_overlap_sec])).toEqual([['passed', undefined]]);
    const [first, second] = fs.readFileSync(offLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Entry).sort((a, b) => a.timedStart - b.timedStart);
    expect(second!.processStart).toBeGreaterThanOrEqual(first!.verifyEnd);
  }, 60_000);

  it('a runFixture is made by one process of the run and read by the other three; its folder is removed after the run', () => {
    // Once in the first run, once in the second (its own fixture folder).
    expect(fs.readFileSync(madeFile, 'utf8').trim().split('\n')).toHaveLength(2);
    const after = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('rperf-fixtures-') && !before.has(f));
    expect(after).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

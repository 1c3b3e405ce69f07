import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, assertValid, type Report, type ResultsFile } from '@rhenium-perf/schema';
import { main } from './main';
import { parseShard, planShards, recordedDurations, shardProjects } from './shard';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const baseline = assertValid<Report>('report', JSON.parse(fs.readFileSync(path.join(root, 'baselines', 'v1.0.json'), 'utf8')), 'baselines/v1.0.json');

describe('parseShard', () => {
  it('reads k/n and refuses anything else in one line', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '3', 'a/b', '1/65', '-1/2', '1.5/3', '']) {
      expect(() => parseShard(bad), bad).toThrow(`--shard needs k/n with 1 ≤ k ≤ n ≤ 64 (e.g. --shard 2/3), received "${bad}"`);
    }
  });
});

describe('planShards (longest first, to the least loaded)', () => {
  it('splits a hand-worked example', () => {
    // a10 -> g1; b7 -> g2; c5 -> g2 (7 < 10); d3 -> g1 (10 < 12); e2 -> g2 (12 < 13).
    const d = new Map([['a', 10], ['b', 7], ['c', 5], ['d', 3], ['e', 2]]);
    expect(planShards(['e', 'd', 'c', 'b', 'a'], d, 2)).toEqual([
      { projects: ['a', 'd'], seconds: 13 },
      { projects: ['b', 'c', 'e'], seconds: 14 },
    ]);
    expect(shardProjects(['a', 'b', 'c', 'd', 'e'], d, { index: 2, count: 2 })).toEqual({ projects: ['b', 'c', 'e'], seconds: 14, balance: 14 / 13.5 });
  });

  it('counts an unrecorded project as the median of the recorded ones; with none recorded, equal counts', () => {
    const d = new Map([['a', 4], ['b', 2], ['c', 9]]);
    // new -> 4 (median of 2, 4, 9): order c9, a4, new4, b2.
    expect(planShards(['a', 'b', 'c', 'new'], d, 2).map((g) => g.seconds)).toEqual([9, 10]);
    expect(planShards(['p', 'q', 'r', 's', 't'], new Map(), 2).map((g) => g.projects.length)).toEqual([3, 2]);
    expect(planShards(['p'], new Map(), 3).map((g) => g.projects)).toEqual([['p'], [], []]);
  });

  it('the suite: shards 1..n of every project cover each exactly once, deterministically, for n = 1..6', () => {
    const projects = baseline.packages.map((p) => p.project);
    const durations = recordedDurations(baseline);
    expect(projects.length).toBe(13);
    for (let n = 1; n <= 6; n++) {
      const shards = Array.from({ length: n }, (_, k) => shardProjects([...projects].reverse(), durations, { index: k + 1, count: n }).projects);
      expect(shards.flat().sort(), `n=${n}`).toEqual([...projects].sort());
      expect(Array.from({ length: n }, (_, k) => shardProjects(projects, durations, { index: k + 1, count: n }).projects)).toEqual(shards);
      // The greedy bound: the largest shard is within 4/3 of the ideal or is one project alone.
      const plan = planShards(projects, durations, n);
      const largest = Math.max(...plan.map((g) => g.seconds));
      const total = plan.reduce((a, g) => a + g.seconds, 0);
      const longest = Math.max(...durations.values());
      expect(largest <= (4 / 3) * (total / n) + 1e-9 || largest === longest, `n=${n}`).toBe(true);
    }
  });
});

describe('merging shard folders', () => {
  it('three shards merged give the case list of one run, and their union is the run', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-shard-'));
    try {
      // The committed baseline, cut into the results files its packages would have written.
      const files = new Map<string, ResultsFile>();
      for (const p of baseline.packages) {
        files.set(p.project, {
          schema_version: SCHEMA_VERSION, kind: 'results', timestamp: baseline.timestamp, project: p.project, package: { name: p.name, version: p.version },
          mode: baseline.mode, device: baseline.device, filter: null, environment: baseline.environment, source: baseline.source,
          benchmarks: baseline.benchmarks.filter((b) => b.project === p.project), duration_sec: p.duration_sec,
        });
      }
      const durations = recordedDurations(baseline);
      const all = [...files.keys()];
      const dirs: string[] = [];
      for (let k = 1; k <= 3; k++) {
        const dir = path.join(tmp, `shard-${k}`);
        fs.mkdirSync(dir);
        for (const p of shardProjects(all, durations, { index: k, count: 3 }).projects) fs.writeFileSync(path.join(dir, `${p}.json`), JSON.stringify(files.get(p)));
        dirs.push(dir);
      }
      // What the nightly merge job does: the shards' files in one folder, one merge.
      const joined = path.join(tmp, 'packages');
      fs.mkdirSync(joined);
      for (const d of dirs) for (const f of fs.readdirSync(d)) fs.copyFileSync(path.join(d, f), path.join(joined, f));
      const out = path.join(tmp, 'report.json');
      const sink = new PassThrough();
      sink.resume();
      expect(await main(['merge', '--input-dir', joined, '--output', out], { stdout: sink, stderr: sink, cwd: tmp })).toBe(0);
      const merged = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
      expect(merged.benchmarks.map((b) => b.id).sort()).toEqual(baseline.benchmarks.map((b) => b.id).sort());
      expect(merged.packages.map((p) => p.project)).toEqual([...all].sort());
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the balance on the recorded durations (for the docs)', () => {
  it('largest shard / ideal for n = 2, 3, 4', () => {
    const projects = baseline.packages.map((p) => p.project);
    const durations = recordedDurations(baseline);
    const balance = [2, 3, 4].map((n) => shardProjects(projects, durations, { index: 1, count: n }).balance);
    for (const b of balance) expect(b).toBeGreaterThanOrEqual(1);
    console.log(`shard balance (largest / ideal) on ${path.basename('baselines/v1.0.json')}: ${balance.map((b, i) => `n=${i + 2}: ${b.toFixed(3)}`).join(', ')}`);
  });
});

// Finding a case's package (likeliest first, then the others), and sizing the profiled run
// from the sizing run (hand-computed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ListedCase } from '@rhenium-perf/harness';
import type { Side } from '../ab/git';
import { PerfCliError } from '../errors';
import { unknownCase } from '../commands/profile';
import { findCaseOnSide, planProfile, projectScore, rankProjects, type FindDeps } from './run';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-profile-run-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const PROJECTS = ['api-readiness', 'e2e-core-model', 'reconstruction-ct', 'reconstruction-mri', 'serialization', 'harness'];
const dirs = new Map(PROJECTS.map((p) => [p, path.join(tmp, 'packages', p)]));
for (const [p, d] of dirs) fs.mkdirSync(path.join(d, p === 'harness' ? 'src' : 'bench'), { recursive: true });
const side: Side = { label: 'head', ref: 'working tree', root: tmp, sha: null, dirty: false };
const listed = (id: string): ListedCase => ({ id, file: `/x/${id}.js`, tags: ['full'], processes: 5, timeoutMs: null, descriptor: {} as ListedCase['descriptor'] });

function fakes(where: Record<string, string[]>, failBuild: (projects: readonly string[]) => boolean = () => false): FindDeps & { builds: string[][]; lists: string[] } {
  const builds: string[][] = [];
  const lists: string[] = [];
  return {
    builds,
    lists,
    packages: () => dirs,
    benchProjects: () => PROJECTS.filter((p) => p !== 'harness').sort(),
    build: (_s, projects) => {
      builds.push([...projects]);
      if (failBuild(projects)) throw new PerfCliError('RPERF_AB_BUILD', `the head does not build: ${projects.join(',')}`);
    },
    list: async (_s, dir, caseId) => {
      const p = path.basename(dir);
      lists.push(p);
      return (where[p] ?? []).filter((id) => id === caseId).map(listed);
    },
  };
}

describe('finding the package of a case', () => {
  it('ranks the projects whose name words the id starts with, earlier id words weighing more', () => {
    expect(projectScore('recon_ct_fbp_ramp_256_a180', 'reconstruction-ct')).toBe(1.5);
    expect(projectScore('recon_ct_fbp_ramp_256_a180', 'reconstruction-mri')).toBe(1);
    expect(projectScore('e2e_ct_tiny', 'e2e-core-model')).toBe(1);
    expect(projectScore('e2e_ct_tiny', 'reconstruction-ct')).toBe(0.5);
    expect(projectScore('ser_nifti_write', 'serialization')).toBe(1);
    expect(projectScore('zzz_nothing', 'serialization')).toBe(0);
    // Packages without a bench/ folder (the harness) are never candidates.
    expect(rankProjects('recon_ct_fbp_ramp_256_a180', dirs)).toEqual(['reconstruction-ct', 'reconstruction-mri', 'api-readiness', 'e2e-core-model', 'serialization']);
  });

  it('builds and lists the likeliest package alone when it holds the case', async () => {
    const d = fakes({ 'reconstruction-ct': ['recon_ct_fbp_ramp_256_a180'] });
    const got = await findCaseOnSide(side, 'recon_ct_fbp_ramp_256_a180', () => {}, null, d);
    expect(got?.project).toBe('reconstruction-ct');
    expect(got?.listed.id).toBe('recon_ct_fbp_ramp_256_a180');
    expect(d.builds).toEqual([['reconstruction-ct']]);
    expect(d.lists).toEqual(['reconstruction-ct']);
  });

  it('then searches the other packages, built together', async () => {
    const d = fakes({ serialization: ['recon_ct_oddly_placed'] });
    const got = await findCaseOnSide(side, 'recon_ct_oddly_placed', () => {}, null, d);
    expect(got?.project).toBe('serialization');
    expect(d.builds).toEqual([['reconstruction-ct'], ['api-readiness', 'e2e-core-model', 'reconstruction-mri', 'serialization']]);
  });

  it('an id that matches no package name searches them all at once; unknown everywhere is null', async () => {
    const d = fakes({});
    expect(await findCaseOnSide(side, 'zzz_nothing', () => {}, null, d)).toBeNull();
    expect(d.builds).toEqual([['api-readiness', 'e2e-core-model', 'reconstruction-ct', 'reconstruction-mri', 'serialization']]);
    const err = unknownCase('zzz_nothing');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^no case "zzz_nothing" .*npm run perf -- --dry-run/);
    expect(err.message).not.toMatch(/\n/);
  });

  it('the base looks in the head\'s package first', async () => {
    const d = fakes({ serialization: ['recon_ct_x'] });
    await findCaseOnSide({ ...side, label: 'base' }, 'recon_ct_x', () => {}, 'serialization', d);
    expect(d.builds).toEqual([['serialization']]);
  });

  it('a failed build of the likeliest package is the answer; of the others, a warning, and the holder is built alone', async () => {
    await expect(findCaseOnSide(side, 'recon_ct_x', () => {}, null, fakes({}, (ps) => ps.includes('reconstruction-ct')))).rejects.toThrow(/does not build/);
    const log: string[] = [];
    const d = fakes({ 'e2e-core-model': ['recon_ct_x'] }, (ps) => ps.length > 1);
    const got = await findCaseOnSide(side, 'recon_ct_x', (l) => log.push(l), null, d);
    expect(got?.project).toBe('e2e-core-model');
    expect(d.builds.at(-1)).toEqual(['e2e-core-model']);
    expect(log.join('\n')).toMatch(/warning: the head does not build.*searching what was built before/);
  });
});

describe('sizing the profiled run', () => {
  it('aims the timed loop at 4x the rest of the process, at least 3 s', () => {
    // call 11 ms (median of 10, 12), batch 1; rest = 1000 - 22 (timed) - 3 x 11 (warm-up) = 945 ms;
    // target 4 x 945 = 3780 ms -> ceil(3780 / 11) = 344 samples, 3784 ms.
    expect(planProfile({ samplesMs: [10, 12], batchSizes: [1], warmupRunsPerProcess: 3 }, 1000, null)).toEqual({
      measuredRuns: 344, timedMs: 3784, restMs: 945, timeoutMs: 120_000,
    });
    // 0.5 ms calls in batches of 4 (2 ms samples), rest 300 - 4 - 1.5 = 294.5 ms: the 3 s floor, 1500 samples.
    const fast = planProfile({ samplesMs: [0.5, 0.5], batchSizes: [4], warmupRunsPerProcess: 3 }, 300, null);
    expect(fast.measuredRuns).toBe(1500);
    expect(fast.timedMs).toBe(3000);
    expect(fast.restMs).toBeCloseTo(294.5, 9);
  });

  it('a slow case gets at least 3 samples, at most 60 s, and a timeout that fits', () => {
    // 20 s calls, rest 70 - 40 - 20 = 10 s -> 40 s target -> 2 samples, raised to 3 (60 s).
    const slow = planProfile({ samplesMs: [20_000, 20_000], batchSizes: [1], warmupRunsPerProcess: 1 }, 70_000, null);
    expect(slow).toEqual({ measuredRuns: 3, timedMs: 60_000, restMs: 10_000, timeoutMs: 2 * (70_000 + 60_000) + 30_000 });
    // A minute of setup: capped at 60 s of timed loop; the case's own longer timeout is kept.
    const heavy = planProfile({ samplesMs: [100, 100], batchSizes: [1], warmupRunsPerProcess: 0 }, 60_200, 900_000);
    expect(heavy.measuredRuns).toBe(600);
    expect(heavy.timeoutMs).toBe(900_000);
  });
});

import { describe, expect, it } from 'vitest';
import { makeReport, makeResult } from '../test/support/synthetic-report';
import { summaryLines, wallPhaseTotals, wallTimeLine } from './summary';

const withPhases = (id: string, phases: Record<string, number>) => makeResult(id, [1, 2, 3], { metadata: { wall_phases_sec: phases } });

describe('where the wall time went', () => {
  const report = makeReport([
    withPhases('a', { process: 0.5, import: 0.25, setup: 2, warmup: 1, calibrate: 0.25, measured: 3, verify: 1 }),
    withPhases('b', { process: 0.5, import: 0.75, setup: 0, warmup: 1, calibrate: 0.25, measured: 5, verify: 0.5 }),
    makeResult('c', [1, 2]), // no phase times (an older report): left out, not counted as zero
  ]);

  it('sums each phase over the cases, largest first', () => {
    expect(wallPhaseTotals(report)).toEqual([
      { phase: 'measured', sec: 8 },
      { phase: 'setup', sec: 2 },
      { phase: 'warmup', sec: 2 },
      { phase: 'verify', sec: 1.5 },
      { phase: 'import', sec: 1 },
      { phase: 'process', sec: 1 },
      { phase: 'calibrate', sec: 0.5 },
    ]);
    expect(wallPhaseTotals(makeReport([makeResult('c', [1])]))).toBeNull();
  });

  it('one line with the total of the cases, and what lay outside them given the run wall time', () => {
    expect(wallTimeLine(report, 20)).toBe(
      '  wall time:  cases 16.0 s = measured 8.0 s + setup 2.0 s + warm-up 2.0 s + verify 1.5 s + import 1.0 s + process start/exit 1.0 s + calibration 0.5 s; run 20.0 s, outside the cases (build, Nx, merge, render) 4.0 s',
    );
    expect(wallTimeLine(report, 5)).toMatch(/; run 5\.0 s \(results replayed from Nx's cache; --fresh measures again\)$/);
    expect(wallTimeLine(report)).toMatch(/calibration 0\.5 s$/);
    expect(summaryLines(report, null, 20)).toContain(wallTimeLine(report, 20));
  });

  it('time spent beside the previous process is said, and the outside time is what the cases did not cover of the wall clock', () => {
    const overlapped = makeReport([
      makeResult('a', [1], { metadata: { wall_phases_sec: { process: 1, setup: 3, wait: 0.5, measured: 4, verify: 2 }, wall_overlap_sec: 2.5 } }),
      makeResult('b', [1], { metadata: { wall_phases_sec: { process: 1, setup: 1, measured: 2 }, wall_overlap_sec: 1.5 } }),
    ]);
    // Process time 14.5 s, 4 s of it beside another process: the cases took 10.5 s of the 12 s run.
    expect(wallTimeLine(overlapped, 12)).toBe(
      '  wall time:  cases 14.5 s = measured 6.0 s + setup 4.0 s + process start/exit 2.0 s + verify 2.0 s + waiting for the previous process 0.5 s; 4.0 s of it beside the previous process (start-up and setup during its verify and exit), so the cases took 10.5 s of wall time; run 12.0 s, outside the cases (build, Nx, merge, render) 1.5 s',
    );
    expect(wallTimeLine(overlapped, 11)).toMatch(/outside the cases \(build, Nx, merge, render\) 0\.5 s$/);
  });
});

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
});

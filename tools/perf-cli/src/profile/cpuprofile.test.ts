// Self time from a hand-made .cpuprofile, computed by hand:
//
//   (root) 1 ─ main 2 ─ timeSamples 3 (harness) ─ hot 4
//            │        └ hot 5 (the same function, another caller)
//            └ (garbage collector) 6
//
// startTime 1000 µs, timeDeltas 10 100 200 50 300 150, endTime 1850: the samples are at
// 1010 1110 1310 1360 1660 1810 and each lasts until the next (the last until endTime):
// 100 200 50 300 150 40 µs, on nodes 4 4 5 3 6 4.
//   hot          = 100 + 200 + 50 + 40 = 390 µs, of which under timeSamples 100 + 200 + 40 = 340
//   timeSamples  = 300 µs (under itself: 300)
//   (gc)         = 150 µs
//   total        = 840 µs; under timeSamples 640 µs
import { describe, expect, it } from 'vitest';
import { parseCpuProfile, sampleDurations, selfTimes, type CallFrame, type CpuProfile } from './cpuprofile';

const frame = (functionName: string, url = '', lineNumber = -1): CallFrame => ({ functionName, scriptId: url ? 1 : 0, url, lineNumber, columnNumber: lineNumber >= 0 ? 4 : -1 });

function handMade(): CpuProfile {
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 6] },
      { id: 2, callFrame: frame('main', 'file:///w/main.js', 0), children: [3, 5] },
      { id: 3, callFrame: frame('timeSamples', 'file:///w/packages/harness/dist/chunk-A.js', 149), children: [4] },
      { id: 4, callFrame: frame('hot', 'file:///w/a.js', 9), children: [] },
      { id: 5, callFrame: frame('hot', 'file:///w/a.js', 9) },
      { id: 6, callFrame: frame('(garbage collector)') },
    ],
    startTime: 1000,
    endTime: 1850,
    samples: [4, 4, 5, 3, 6, 4],
    timeDeltas: [10, 100, 200, 50, 300, 150],
  };
}

const inLoop = (f: CallFrame): boolean => f.functionName === 'timeSamples';

describe('self time of a .cpuprofile', () => {
  it('each sample lasts until the next one, the last until endTime', () => {
    expect(sampleDurations(handMade())).toEqual([100, 200, 50, 300, 150, 40]);
  });

  it('sums the self time of a function over its nodes (callers), largest first', () => {
    const s = selfTimes(handMade());
    expect(s.totalMs).toBeCloseTo(0.84, 12);
    expect(s.samples).toBe(6);
    expect(s.functions.map((f) => [f.functionName, f.url, f.line])).toEqual([
      ['hot', 'file:///w/a.js', 10],
      ['timeSamples', 'file:///w/packages/harness/dist/chunk-A.js', 150],
      ['(garbage collector)', '', null],
    ]);
    expect(s.functions.map((f) => f.selfMs)).toEqual([0.39, 0.3, 0.15].map((x) => expect.closeTo(x, 12)));
    // Without `within`, nothing is inside.
    expect(s.withinMs).toBe(0);
    expect(s.functions.every((f) => f.withinMs === 0)).toBe(true);
  });

  it('with `within`, counts the samples whose stack holds an accepted frame (the frame itself included)', () => {
    const s = selfTimes(handMade(), { within: inLoop });
    expect(s.withinMs).toBeCloseTo(0.64, 12);
    const by = new Map(s.functions.map((f) => [f.functionName, f.withinMs]));
    expect(by.get('hot')).toBeCloseTo(0.34, 12);
    expect(by.get('timeSamples')).toBeCloseTo(0.3, 12);
    expect(by.get('(garbage collector)')).toBe(0);
  });

  it('a sample recorded out of order counts 0, not a negative time', () => {
    const p = handMade();
    // Samples at 1010 1110 1310 1210 1610 1810: sample 3 is 100 µs before sample 2, which lasts 0.
    p.timeDeltas = [10, 100, 200, -100, 400, 200];
    expect(sampleDurations(p)).toEqual([100, 200, 0, 400, 200, 40]);
    expect(selfTimes(p).totalMs).toBeCloseTo(0.94, 12);
  });

  it('parses what node writes and refuses what is not a profile, saying why', () => {
    const ok = parseCpuProfile(JSON.stringify(handMade()), 'x.cpuprofile');
    expect(ok.samples).toHaveLength(6);
    expect(() => parseCpuProfile('{"nodes": [', 'x.cpuprofile')).toThrow(/x\.cpuprofile is not JSON/);
    expect(() => parseCpuProfile('{"nodes": []}', 'x.cpuprofile')).toThrow(/needs nodes, samples and timeDeltas/);
    expect(() => parseCpuProfile(JSON.stringify({ ...handMade(), timeDeltas: [1] }), 'x')).toThrow(/6 samples but 1 timeDeltas/);
    expect(() => parseCpuProfile(JSON.stringify({ ...handMade(), samples: [4, 4, 5, 3, 6, 99] }), 'x')).toThrow(/node 99/);
    expect(() => parseCpuProfile(JSON.stringify({ ...handMade(), endTime: undefined }), 'x')).toThrow(/startTime \/ endTime/);
  });
});

import { describe, expect, it } from 'vitest';
import { makeReport, makeResult, makeUnmeasured, syntheticReport } from '../../test/support/synthetic-report';
import { toBmf } from './bmf';
import { toGithubActionBenchmark, toGithubActionBenchmarkBiggerIsBetter } from './github-action-benchmark';
import { validateExport } from './schemas';

const report = makeReport([
  makeResult('a', [2, 4, 6, 8], { items_per_run: 2 }),
  makeUnmeasured('b', 'failed', 'boom'),
  makeUnmeasured('c', 'skipped', 'no CUDA'),
]);

describe('BMF export', () => {
  it('latency in ns (p50, min, p95), throughput in items/s, peak RSS; passed results only', () => {
    // samples 2,4,6,8 ms: nearest-rank p50 = L[2] = 4, p95 = L[4] = 8; items/s = 2·4/0.020 = 400
    expect(toBmf(report)).toEqual({
      a: {
        latency: { value: 4e6, lower_value: 2e6, upper_value: 8e6 },
        throughput: { value: 400, lower_value: 250, upper_value: 1000 },
        'peak-rss-mib': { value: 120 },
      },
    });
  });

  it('validates against the BMF schema; a wrong shape does not', () => {
    expect(validateExport('bmf', toBmf(syntheticReport()))).toEqual([]);
    expect(validateExport('bmf', { a: { latency: { lower_value: 1 } } })).toEqual(["/a/latency: must have required property 'value'"]);
    expect(validateExport('bmf', { a: { latency: { value: '1' } } })).toEqual(['/a/latency/value: must be number']);
  });
});

describe('github-action-benchmark export', () => {
  it('customSmallerIsBetter: p95 latency (± std) and peak RSS', () => {
    const std = Math.sqrt(20 / 3); // deviations -3, -1, 1, 3 around the mean 5; n - 1 = 3
    expect(toGithubActionBenchmark(report)).toEqual([
      { name: 'a - p95 latency', unit: 'ms', value: 8, range: `± ${Number(std.toPrecision(4))}`, extra: 'category: preprocessing\np50: 4 ms\np99: 8 ms\nsamples: 4\nbatch: 1\ndevice: cpu' },
      { name: 'a - peak RSS', unit: 'MiB', value: 120 },
    ]);
    expect(toGithubActionBenchmarkBiggerIsBetter(report)).toEqual([
      { name: 'a - throughput', unit: 'items/s', value: 400, extra: 'category: preprocessing\np50: 4 ms\np99: 8 ms\nsamples: 4\nbatch: 1\ndevice: cpu' },
    ]);
  });

  it('validates against its schema; a wrong shape does not', () => {
    const big = syntheticReport();
    const smaller = toGithubActionBenchmark(big);
    expect(smaller.length).toBe(2 * big.benchmarks.filter((b) => b.state === 'passed').length);
    expect(validateExport('github-action-benchmark', smaller)).toEqual([]);
    expect(validateExport('github-action-benchmark', toGithubActionBenchmarkBiggerIsBetter(big))).toEqual([]);
    expect(validateExport('github-action-benchmark', [{ name: 'x', value: 1 }])).toEqual(["/0: must have required property 'unit'"]);
    expect(validateExport('github-action-benchmark', { name: 'x' })).toEqual(['/: must be array']);
  });
});

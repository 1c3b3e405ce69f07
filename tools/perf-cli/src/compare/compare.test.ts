import { describe, expect, it } from 'vitest';
import { validateReport } from '@rhenium-perf/schema';
import type { BenchmarkResult, MetricComparison, Report } from '@rhenium-perf/schema';
import { makeReplicated, makeReport, makeResult, makeUnmeasured } from '../../test/support/synthetic-report';
import { parseCompareConfig } from './config';
import { compareReports, countStates, processLogMedians, regressionStatus, withComparison } from './compare';

/*
 * Expected p-values are computed by hand from the closed forms of Student's t tail (not
 * with student-t.ts). Two-sided p = P(|T_ν| > |t|):
 *   ν = 2: p = 1 - |t| / √(2 + t²)
 *   ν = 4: p = (1 - u)² (2 + u) / 2, u = |t| / √(4 + t²)
 * Welch with 3 processes per side and equal variances s² of the log medians has
 * se = s·√(2/3) and ν = 4 exactly; with a zero-variance side ν = n - 1 = 2.
 */
const tailDf2 = (t: number): number => 1 - Math.abs(t) / Math.sqrt(2 + t * t);
const tailDf4 = (t: number): number => {
  const u = Math.abs(t) / Math.sqrt(4 + t * t);
  return ((1 - u) ** 2 * (2 + u)) / 2;
};

/**
 * Three processes with medians m·e^-h, m, m·e^h (log medians ln m - h, ln m, ln m + h:
 * mean ln m, sample variance h², geometric mean m). The samples around the medians make
 * the split by process_samples and the median (odd and even counts) matter: a slow
 * outlier in process 1 and in process 2 moves no median.
 */
function threeProcesses(m: number, h: number): number[][] {
  const lo = m * Math.exp(-h);
  const hi = m * Math.exp(h);
  return [
    [lo, 1.5 * m, 0.9 * lo], // median lo
    [0.99 * m, 1.01 * m, 3 * m, 0.5 * m], // median (0.99m + 1.01m) / 2 = m
    [hi], // median hi
  ];
}

const rep = (id: string, m: number, h: number, extra: Partial<BenchmarkResult> = {}): BenchmarkResult => makeReplicated(id, threeProcesses(m, h), extra);

const base10 = [10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7, 10.8, 10.9];
const scaled = (k: number): number[] => base10.map((x) => x * k);
const find = (rows: MetricComparison[], id: string, metric: string): MetricComparison => {
  const r = rows.find((c) => c.id === id && c.metric === metric);
  if (!r) throw new Error(`no comparison ${id}/${metric}`);
  return r;
};
const mem = (peak: number) => ({ rss_mb_before: 1, rss_mb_after: 1, rss_mb_peak: peak, vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null });

describe('processLogMedians', () => {
  it('ln of the median of each process (samples split by process_samples); null below 3 processes', () => {
    const logs = processLogMedians(makeReplicated('a', [[3, 1, 2], [10, 20], [7, 100, 5, 6]]))!;
    // medians: 2 (odd), 15 (even: (10 + 20) / 2), 6.5 (even: (6 + 7) / 2)
    expect(logs).toHaveLength(3);
    expect(logs[0]).toBeCloseTo(Math.log(2), 14);
    expect(logs[1]).toBeCloseTo(Math.log(15), 14);
    expect(logs[2]).toBeCloseTo(Math.log(6.5), 14);
    expect(processLogMedians(makeReplicated('a', [[1], [2]]))).toBeNull();
    expect(processLogMedians(makeResult('a', base10))).toBeNull(); // one process of 10 samples
  });
});

describe('compareReports', () => {
  it('20% slower in each of 3 processes: latency and items/s regress; Welch on ln medians, ν = 4', () => {
    const baseline = makeReport([rep('a', 10, 0.02)]);
    const current = makeReport([rep('a', 12, 0.02)]);
    const cmp = compareReports(current, baseline, {}, { baselineSource: 'b.json' });
    expect(cmp.baseline).toBe('b.json');
    expect(cmp.alpha).toBe(0.01);
    expect(cmp.comparisons.map((c) => c.metric)).toEqual(['latency_ms', 'rss_mb_peak', 'items_per_sec']); // no p95 any more
    const lat = find(cmp.comparisons, 'a', 'latency_ms');
    expect(lat.state).toBe('regression');
    // the value is the geometric mean of the per-process medians: 10 and 12; change = 12/10 - 1
    expect(lat.baseline).toBeCloseTo(10, 12);
    expect(lat.current).toBeCloseTo(12, 12);
    expect(lat.change).toBeCloseTo(0.2, 12);
    // t = ln 1.2 / (0.02·√(2/3)) = 11.16487, ν = 4: p = 3.6632e-4
    const t = Math.log(1.2) / (0.02 * Math.sqrt(2 / 3));
    expect(t).toBeCloseTo(11.16487, 5);
    expect(lat.p_value).toBeCloseTo(tailDf4(t), 12);
    expect(lat.p_value).toBeCloseTo(3.6632e-4, 8);
    expect(lat.q_value).toBeCloseTo(lat.p_value!, 14); // two tests with equal p: q = p·2/2
    const ips = find(cmp.comparisons, 'a', 'items_per_sec');
    expect(ips.state).toBe('regression');
    // items/s = items_per_run · 1000 / geometric mean: 100 → 83.33; change = 10/12 - 1
    expect(ips.baseline).toBeCloseTo(100, 10);
    expect(ips.current).toBeCloseTo(1000 / 12, 10);
    expect(ips.change).toBeCloseTo(-1 / 6, 12);
    expect(ips.p_value).toBeCloseTo(tailDf4(t), 12); // the same statistic seen the other way
    expect(find(cmp.comparisons, 'a', 'rss_mb_peak').state).toBe('unchanged');
    expect(regressionStatus(cmp)).toBe('regression');
    // one-sided, in the direction of the change: half the two-sided p
    const one = compareReports(current, baseline, { sidedness: 'one-sided' });
    expect(find(one.comparisons, 'a', 'latency_ms').p_value).toBeCloseTo(tailDf4(t) / 2, 12);
    expect(find(one.comparisons, 'a', 'items_per_sec').p_value).toBeCloseTo(tailDf4(t) / 2, 12);
  });

  it('20% faster in each process, significant: improvement; status pass', () => {
    const cmp = compareReports(makeReport([rep('a', 8, 0.02)]), makeReport([rep('a', 10, 0.02)]));
    const lat = find(cmp.comparisons, 'a', 'latency_ms');
    expect(lat.state).toBe('improvement');
    expect(lat.change).toBeCloseTo(-0.2, 12);
    // t = ln 0.8 / (0.02·√(2/3)) = -13.66470, ν = 4: p = 1.6611e-4
    expect(lat.p_value).toBeCloseTo(tailDf4(Math.log(0.8) / (0.02 * Math.sqrt(2 / 3))), 12);
    expect(lat.p_value).toBeCloseTo(1.6611e-4, 8);
    const ips = find(cmp.comparisons, 'a', 'items_per_sec');
    expect(ips.state).toBe('improvement');
    expect(ips.change).toBeCloseTo(0.25, 12); // 10/8 - 1
    expect(regressionStatus(cmp)).toBe('pass');
  });

  it('past the threshold but not significant (3 noisy processes): inconclusive, never green', () => {
    // baseline medians all 10 (variance 0); current 12·e^-0.2, 12, 12·e^0.2 (variance 0.04):
    // se = 0.2/√3, ν = 2, t = ln 1.2 / (0.2/√3) = 1.57895, p = 1 - t/√(2 + t²) = 0.25510
    const baseline = makeReport([makeReplicated('a', [[10], [10, 9, 11], [10]])]);
    const current = makeReport([rep('a', 12, 0.2)]);
    const cmp = compareReports(current, baseline);
    const lat = find(cmp.comparisons, 'a', 'latency_ms');
    expect(lat.change).toBeCloseTo(0.2, 12);
    expect(lat.p_value).toBeCloseTo(tailDf2(Math.log(1.2) / (0.2 / Math.sqrt(3))), 12);
    expect(lat.p_value).toBeCloseTo(0.2551, 4);
    expect(lat.state).toBe('inconclusive');
    expect(find(cmp.comparisons, 'a', 'items_per_sec').state).toBe('inconclusive');
    expect(regressionStatus(cmp)).toBe('inconclusive');
  });

  it('fewer than 3 processes on a side: latency and items/s are inconclusive, untested, even for a 3x change or identical values', () => {
    // One process of 10 samples per side (the smoke suite): median 10.45 vs 31.35.
    const slow = compareReports(makeReport([makeResult('a', scaled(3))]), makeReport([makeResult('a', base10)]));
    const lat = find(slow.comparisons, 'a', 'latency_ms');
    expect(lat).toMatchObject({ state: 'inconclusive', p_value: null, q_value: null });
    expect(lat.baseline).toBeCloseTo(10.45, 12); // the one process's median, (10.4 + 10.5) / 2
    expect(lat.change).toBeCloseTo(2, 12);
    expect(find(slow.comparisons, 'a', 'items_per_sec')).toMatchObject({ state: 'inconclusive', p_value: null, q_value: null });
    expect(regressionStatus(slow)).toBe('inconclusive'); // never 'regression' from one process
    // identical single-process data are not 'unchanged' either
    const same = compareReports(makeReport([makeResult('a', base10)]), makeReport([makeResult('a', base10)]));
    expect(find(same.comparisons, 'a', 'latency_ms')).toMatchObject({ state: 'inconclusive', change: 0, p_value: null });
    expect(find(same.comparisons, 'a', 'rss_mb_peak').state).toBe('unchanged');
    // 3 processes against 2: still untestable
    const twoVsThree = compareReports(makeReport([rep('a', 30, 0.02)]), makeReport([makeReplicated('a', [[10], [10]])]));
    expect(find(twoVsThree.comparisons, 'a', 'latency_ms')).toMatchObject({ state: 'inconclusive', p_value: null });
    // the single-sample policy is peak RSS's alone: a config cannot make latency 'regression' untested
    expect(() => parseCompareConfig({ single_sample: { latency_ms: 'regression' } }, 'perf.json')).toThrow('/single_sample: has unknown property "latency_ms"');
    expect(() => parseCompareConfig({ benchmarks: { a: { single_sample: { items_per_sec: 'regression' } } } }, 'perf.json')).toThrow('/benchmarks/a/single_sample: has unknown property "items_per_sec"');
  });

  it('significant but within the threshold: unchanged', () => {
    // +5% per process, h = 0.005: t = ln 1.05 / (0.005·√(2/3)) = 11.95110, ν = 4: p = 2.8088e-4
    const cmp = compareReports(makeReport([rep('a', 10.5, 0.005)]), makeReport([rep('a', 10, 0.005)]));
    const lat = find(cmp.comparisons, 'a', 'latency_ms');
    expect(lat.change).toBeCloseTo(0.05, 12);
    expect(lat.p_value).toBeCloseTo(tailDf4(Math.log(1.05) / (0.005 * Math.sqrt(2 / 3))), 12);
    expect(lat.p_value).toBeCloseTo(2.8088e-4, 8);
    expect(lat.state).toBe('unchanged');
    expect(regressionStatus(cmp)).toBe('pass');
  });

  it('peak RSS is single-sample: +25% is a regression by default, inconclusive by config', () => {
    const baseline = makeReport([rep('a', 10, 0.02, { memory: mem(100) })]);
    const current = makeReport([rep('a', 10, 0.02, { memory: mem(125) })]);
    const rows = compareReports(current, baseline).comparisons;
    const rss = find(rows, 'a', 'rss_mb_peak');
    expect(rss).toMatchObject({ state: 'regression', baseline: 100, current: 125, threshold: 0.2, p_value: null, q_value: null });
    expect(rss.change).toBeCloseTo(0.25, 14);
    expect(find(rows, 'a', 'latency_ms')).toMatchObject({ state: 'unchanged', change: 0, p_value: 1 }); // t = 0
    const lenient = compareReports(current, baseline, { single_sample: { rss_mb_peak: 'inconclusive' } });
    expect(find(lenient.comparisons, 'a', 'rss_mb_peak').state).toBe('inconclusive');
    const within = compareReports(makeReport([rep('a', 10, 0.02, { memory: mem(119) })]), baseline);
    expect(find(within.comparisons, 'a', 'rss_mb_peak').state).toBe('unchanged');
    // also with one process per side: RSS does not need processes
    const single = compareReports(makeReport([makeResult('a', base10, { memory: mem(125) })]), makeReport([makeResult('a', base10, { memory: mem(100) })]));
    expect(find(single.comparisons, 'a', 'rss_mb_peak').state).toBe('regression');
  });

  it('new, missing, failed and skipped cases', () => {
    const baseline = makeReport([rep('kept', 10, 0.02), rep('gone', 10, 0.02), rep('broke', 10, 0.02), makeUnmeasured('gpu', 'skipped', 'no CUDA'), makeUnmeasured('fixed', 'failed', 'x')]);
    const current = makeReport([rep('kept', 10, 0.02), rep('added', 10, 0.02), makeUnmeasured('broke', 'failed', 'oops'), makeUnmeasured('gpu', 'skipped', 'no CUDA'), rep('fixed', 10, 0.02)]);
    const cmp = compareReports(current, baseline);
    const states = (id: string) => cmp.comparisons.filter((c) => c.id === id).map((c) => c.state);
    expect(states('kept')).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(states('added')).toEqual(['new', 'new', 'new']);
    expect(states('fixed')).toEqual(['new', 'new', 'new']);
    expect(states('gone')).toEqual(['missing', 'missing', 'missing']);
    expect(states('broke')).toEqual(['missing', 'missing', 'missing']);
    expect(states('gpu')).toEqual([]); // skipped on both sides: nothing to compare
    expect(find(cmp.comparisons, 'gone', 'latency_ms')).toMatchObject({ current: null, change: null, p_value: null, q_value: null });
    expect(find(cmp.comparisons, 'added', 'latency_ms').current).toBeCloseTo(10, 12);
    expect(regressionStatus(cmp)).toBe('inconclusive'); // missing is never a pass
    expect(countStates(cmp)).toEqual({ regression: 0, improvement: 0, inconclusive: 0, unchanged: 3, new: 6, missing: 6 });
  });

  it('per-benchmark thresholds (exact id and pattern) from the config', () => {
    const baseline = makeReport([rep('recon_ct_a', 10, 0.02), rep('recon_ct_b', 10, 0.02), rep('other', 10, 0.02)]);
    const current = makeReport([rep('recon_ct_a', 12, 0.02), rep('recon_ct_b', 12, 0.02), rep('other', 12, 0.02)]);
    const cmp = compareReports(current, baseline, {
      thresholds: { items_per_sec: 0.5 },
      benchmarks: { 'recon_ct_*': { thresholds: { latency_ms: 0.25 } }, recon_ct_b: { thresholds: { latency_ms: 0.15 } } },
    });
    // every test has p = 3.6632e-4 (6 equal p-values: q = p), so the threshold decides
    expect(find(cmp.comparisons, 'recon_ct_a', 'latency_ms')).toMatchObject({ state: 'unchanged', threshold: 0.25 });
    expect(find(cmp.comparisons, 'recon_ct_b', 'latency_ms')).toMatchObject({ state: 'regression', threshold: 0.15 });
    expect(find(cmp.comparisons, 'other', 'latency_ms')).toMatchObject({ state: 'regression', threshold: 0.1 });
    expect(find(cmp.comparisons, 'other', 'items_per_sec')).toMatchObject({ state: 'unchanged', threshold: 0.5 }); // -16.7% within -50%
  });

  it('BH: q-values across the run make a lone small p insignificant among many', () => {
    // +30% per process, h = 0.05: t = ln 1.3 / (0.05·√(2/3)) = 6.42659, ν = 4: p = 3.0143e-3
    const others = Array.from({ length: 20 }, (_, i) => rep(`n${i}`, 10, 0.05));
    const baseline = makeReport([rep('s', 10, 0.05), ...others]);
    const current = makeReport([rep('s', 13, 0.05), ...others]);
    const p = tailDf4(Math.log(1.3) / (0.05 * Math.sqrt(2 / 3)));
    const cmp = compareReports(current, baseline);
    const lat = find(cmp.comparisons, 's', 'latency_ms');
    expect(lat.p_value).toBeCloseTo(p, 12);
    expect(lat.p_value).toBeCloseTo(3.0143e-3, 7);
    // 42 tests (21 ids × latency and items/s); the others have t = 0, p = 1; two share the
    // smallest p: q = p · 42 / 2 = 0.06330 > 0.01
    expect(lat.q_value).toBeCloseTo(p * 21, 12);
    expect(lat.state).toBe('inconclusive');
    expect(find(cmp.comparisons, 'n0', 'latency_ms')).toMatchObject({ state: 'unchanged', p_value: 1, q_value: 1 });
    // one-sided in the direction of the change halves p: q = 0.03165, still > 0.01
    const one = compareReports(current, baseline, { sidedness: 'one-sided' });
    const oneLat = find(one.comparisons, 's', 'latency_ms');
    expect(oneLat.p_value).toBeCloseTo(p / 2, 12);
    expect(oneLat.q_value).toBeCloseTo((p / 2) * 21, 12);
    expect(oneLat.state).toBe('inconclusive');
    // alone, the same case is a regression: q = p ≤ 0.01
    const alone = compareReports(makeReport([rep('s', 13, 0.05)]), makeReport([rep('s', 10, 0.05)]));
    expect(find(alone.comparisons, 's', 'latency_ms')).toMatchObject({ state: 'regression' });
    expect(find(alone.comparisons, 's', 'latency_ms').q_value).toBeCloseTo(p, 12);
  });

  it('the report with the comparison attached stays schema-valid', () => {
    const baseline = makeReport([rep('a', 10, 0.02), rep('gone', 10, 0.02)]);
    const current = makeReport([rep('a', 12, 0.02), rep('b', 10, 0.02)]);
    const out: Report = withComparison(current, compareReports(current, baseline, {}, { baselineSource: 'x.json' }));
    expect(out.summary.regression_status).toBe('regression');
    expect(current.comparison).toBeNull(); // not mutated
    const v = validateReport(out);
    expect(v.valid ? [] : v.errors).toEqual([]);
    expect(regressionStatus(null)).toBe('not_checked');
  });
});

import { describe, expect, it } from 'vitest';
import { validateReport } from '@rhenium-perf/schema';
import type { MetricComparison, Report } from '@rhenium-perf/schema';
import { makeReport, makeResult, makeUnmeasured } from '../render/synthetic-report';
import { compareReports, countStates, regressionStatus, withComparison } from './compare';

const base10 = [10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7, 10.8, 10.9];
const scaled = (k: number): number[] => base10.map((x) => x * k);
const find = (rows: MetricComparison[], id: string, metric: string): MetricComparison => {
  const r = rows.find((c) => c.id === id && c.metric === metric);
  if (!r) throw new Error(`no comparison ${id}/${metric}`);
  return r;
};

describe('compareReports', () => {
  it('fully separated 20% slower samples: latency and throughput regress, p = 2/C(20,10)', () => {
    const baseline = makeReport([makeResult('a', base10)]);
    const current = makeReport([makeResult('a', scaled(1.2))]);
    const cmp = compareReports(current, baseline, {}, { baselineSource: 'b.json' });
    expect(cmp.baseline).toBe('b.json');
    expect(cmp.alpha).toBe(0.01);
    const lat = find(cmp.comparisons, 'a', 'latency_p95_ms');
    expect(lat.state).toBe('regression');
    expect(lat.change).toBeCloseTo(0.2, 12);
    expect(lat.p_value).toBeCloseTo(2 / 184756, 15);
    expect(lat.q_value).toBeCloseTo(2 / 184756, 15); // two tests, both p equal: q = p
    const ips = find(cmp.comparisons, 'a', 'items_per_sec');
    expect(ips.state).toBe('regression');
    expect(ips.change).toBeCloseTo(1 / 1.2 - 1, 12);
    expect(find(cmp.comparisons, 'a', 'rss_mb_peak').state).toBe('unchanged');
    expect(regressionStatus(cmp)).toBe('regression');
  });

  it('faster beyond threshold and significant: improvement; status pass', () => {
    const cmp = compareReports(makeReport([makeResult('a', scaled(0.8))]), makeReport([makeResult('a', base10)]));
    expect(find(cmp.comparisons, 'a', 'latency_p95_ms').state).toBe('improvement');
    expect(find(cmp.comparisons, 'a', 'items_per_sec').state).toBe('improvement');
    expect(regressionStatus(cmp)).toBe('pass');
  });

  it('past threshold but not significant (3 samples per side): inconclusive, never green', () => {
    const cmp = compareReports(makeReport([makeResult('a', [12, 14, 13])]), makeReport([makeResult('a', [10, 11, 10.5])]));
    const lat = find(cmp.comparisons, 'a', 'latency_p95_ms');
    expect(lat.p_value).toBeCloseTo(0.1, 14); // the smallest two-sided p with 3 vs 3
    expect(lat.state).toBe('inconclusive');
    expect(regressionStatus(cmp)).toBe('inconclusive');
  });

  it('significant but within threshold: unchanged', () => {
    const cmp = compareReports(makeReport([makeResult('a', scaled(1.05))]), makeReport([makeResult('a', base10)]));
    const lat = find(cmp.comparisons, 'a', 'latency_p95_ms');
    expect(lat.p_value!).toBeLessThan(0.01);
    expect(lat.state).toBe('unchanged');
    expect(regressionStatus(cmp)).toBe('pass');
  });

  it('peak RSS is single-sample: +25% is a regression by default, inconclusive by config', () => {
    const mem = (peak: number) => ({ rss_mb_before: 1, rss_mb_after: 1, rss_mb_peak: peak, vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null });
    const baseline = makeReport([makeResult('a', base10, { memory: mem(100) })]);
    const current = makeReport([makeResult('a', base10, { memory: mem(125) })]);
    const rss = find(compareReports(current, baseline).comparisons, 'a', 'rss_mb_peak');
    expect(rss).toMatchObject({ state: 'regression', baseline: 100, current: 125, threshold: 0.2, p_value: null, q_value: null });
    expect(rss.change).toBeCloseTo(0.25, 14);
    const lenient = compareReports(current, baseline, { single_sample: { rss_mb_peak: 'inconclusive' } });
    expect(find(lenient.comparisons, 'a', 'rss_mb_peak').state).toBe('inconclusive');
    const within = compareReports(makeReport([makeResult('a', base10, { memory: mem(119) })]), baseline);
    expect(find(within.comparisons, 'a', 'rss_mb_peak').state).toBe('unchanged');
  });

  it('new, missing, failed and skipped cases', () => {
    const baseline = makeReport([makeResult('kept', base10), makeResult('gone', base10), makeResult('broke', base10), makeUnmeasured('gpu', 'skipped', 'no CUDA'), makeUnmeasured('fixed', 'failed', 'x')]);
    const current = makeReport([makeResult('kept', base10), makeResult('added', base10), makeUnmeasured('broke', 'failed', 'oops'), makeUnmeasured('gpu', 'skipped', 'no CUDA'), makeResult('fixed', base10)]);
    const cmp = compareReports(current, baseline);
    const states = (id: string) => cmp.comparisons.filter((c) => c.id === id).map((c) => c.state);
    expect(states('kept')).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(states('added')).toEqual(['new', 'new', 'new']);
    expect(states('fixed')).toEqual(['new', 'new', 'new']);
    expect(states('gone')).toEqual(['missing', 'missing', 'missing']);
    expect(states('broke')).toEqual(['missing', 'missing', 'missing']);
    expect(states('gpu')).toEqual([]); // skipped on both sides: nothing to compare
    expect(regressionStatus(cmp)).toBe('inconclusive'); // missing is never a pass
    expect(countStates(cmp)).toEqual({ regression: 0, improvement: 0, inconclusive: 0, unchanged: 3, new: 6, missing: 6 });
  });

  it('per-benchmark thresholds (exact id and pattern) from the config', () => {
    const baseline = makeReport([makeResult('recon_ct_a', base10), makeResult('recon_ct_b', base10), makeResult('other', base10)]);
    const current = makeReport([makeResult('recon_ct_a', scaled(1.2)), makeResult('recon_ct_b', scaled(1.2)), makeResult('other', scaled(1.2))]);
    const cmp = compareReports(current, baseline, {
      thresholds: { items_per_sec: 0.5 },
      benchmarks: { 'recon_ct_*': { thresholds: { latency_p95_ms: 0.25 } }, recon_ct_b: { thresholds: { latency_p95_ms: 0.15 } } },
    });
    expect(find(cmp.comparisons, 'recon_ct_a', 'latency_p95_ms')).toMatchObject({ state: 'unchanged', threshold: 0.25 });
    expect(find(cmp.comparisons, 'recon_ct_b', 'latency_p95_ms')).toMatchObject({ state: 'regression', threshold: 0.15 });
    expect(find(cmp.comparisons, 'other', 'latency_p95_ms')).toMatchObject({ state: 'regression', threshold: 0.1 });
    expect(find(cmp.comparisons, 'other', 'items_per_sec')).toMatchObject({ state: 'unchanged', threshold: 0.5 });
  });

  it('BH: q-values across the run make a lone small p insignificant among many', () => {
    // 3 vs 3 can never reach α = 0.01; 6 vs 6 fully separated: p = 2/924 ≈ 0.00216.
    const six = [10, 10.1, 10.2, 10.3, 10.4, 10.5];
    const others = Array.from({ length: 20 }, (_, i) => makeResult(`n${i}`, six));
    const baseline = makeReport([makeResult('s', six), ...others]);
    const current = makeReport([makeResult('s', six.map((x) => x * 1.3)), ...others]);
    const cmp = compareReports(current, baseline);
    const lat = find(cmp.comparisons, 's', 'latency_p95_ms');
    expect(lat.p_value).toBeCloseTo(2 / 924, 14);
    // 42 tests (21 ids × 2); two share the smallest p: q = p · 42 / 2 ≈ 0.045 > 0.01
    expect(lat.q_value).toBeCloseTo((2 / 924) * 21, 12);
    expect(lat.state).toBe('inconclusive');
    // one-sided in the direction of the change halves p: q ≈ 0.0227, still > 0.01
    const one = compareReports(current, baseline, { sidedness: 'one-sided' });
    expect(find(one.comparisons, 's', 'latency_p95_ms').p_value).toBeCloseTo(1 / 924, 14);
  });

  it('the report with the comparison attached stays schema-valid', () => {
    const baseline = makeReport([makeResult('a', base10), makeResult('gone', base10)]);
    const current = makeReport([makeResult('a', scaled(1.2)), makeResult('b', base10)]);
    const out: Report = withComparison(current, compareReports(current, baseline, {}, { baselineSource: 'x.json' }));
    expect(out.summary.regression_status).toBe('regression');
    expect(current.comparison).toBeNull(); // not mutated
    const v = validateReport(out);
    expect(v.valid ? [] : v.errors).toEqual([]);
    expect(regressionStatus(null)).toBe('not_checked');
  });
});

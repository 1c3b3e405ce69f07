import { CATEGORY_IDS, validateReport, type Report } from '@rhenium-perf/schema';
import { describe, expect, it } from 'vitest';
import { expectSafeMarkdown } from '../test/check';
import { GovernanceError } from './errors';
import { renderReportFigures, reportFigures } from './report-figures';
import { syntheticReport } from './synthetic-report';

const AT = '2025-01-31T12:00:00Z';

describe('syntheticReport', () => {
  it('is schema-valid, covers all 13 categories and all states, and is reproducible', () => {
    const r = syntheticReport({ results: 60, timestamp: AT });
    const v = validateReport(r);
    expect(v.valid ? [] : v.errors).toEqual([]);
    expect(r.benchmarks).toHaveLength(60);
    expect(new Set(r.benchmarks.map((b) => b.category)).size).toBe(CATEGORY_IDS.length);
    expect(new Set(r.benchmarks.map((b) => b.state))).toEqual(new Set(['passed', 'failed', 'skipped']));
    expect(r.summary.passed + r.summary.failed + r.summary.skipped).toBe(60);
    expect(syntheticReport({ results: 60, timestamp: AT })).toEqual(r);
    expect(() => syntheticReport({ results: 12, timestamp: AT })).toThrow(RangeError);
  });
});

describe('reportFigures', () => {
  it('per-category p95: median and max over passed cases, by hand', () => {
    const r: Report = structuredClone(syntheticReport({ results: 26, timestamp: AT }));
    // Category 0 (e2e_core_model) has results 0 and 13; set their p95 by hand and add a third.
    const e2e = r.benchmarks.filter((b) => b.category === 'e2e_core_model');
    expect(e2e).toHaveLength(2);
    e2e[0]!.latency_ms.p95 = 10;
    e2e[1]!.latency_ms.p95 = 30;
    r.benchmarks.push({ ...structuredClone(e2e[0]!), id: 'e2e_core_model_extra', latency_ms: { ...e2e[0]!.latency_ms, p95: 14 } });
    const f = reportFigures(r);
    const row = f.categories[0]!;
    expect(row).toMatchObject({ id: 'e2e_core_model', benchmarks: 3, passed: 3, p95_median_ms: 14, p95_max_ms: 30, p95_max_id: e2e[1]!.id });
    expect(f.categories.map((c) => c.id)).toEqual([...CATEGORY_IDS]);
    // a category with no passed case has no p95
    for (const b of r.benchmarks.filter((b) => b.category === 'cli_overhead')) {
      b.state = 'skipped';
      b.success = false;
      b.skipped_reason = 'test';
    }
    expect(reportFigures(r).categories[11]).toMatchObject({ id: 'cli_overhead', passed: 0, p95_median_ms: null, p95_max_ms: null });
  });

  it('orders results by category then id, whatever the report order', () => {
    const r = syntheticReport({ results: 60, timestamp: AT });
    const shuffled = { ...r, benchmarks: [...r.benchmarks].reverse() };
    expect(reportFigures(shuffled)).toEqual(reportFigures(r));
  });

  it('refuses an invalid report with the JSON path', () => {
    const r = structuredClone(syntheticReport({ results: 13, timestamp: AT })) as unknown as { benchmarks: Record<string, unknown>[] };
    r.benchmarks[2]!.category = 'astrology';
    try {
      reportFigures(r, 'artifacts/perf/report.json');
      expect.unreachable();
    } catch (err) {
      const e = err as GovernanceError;
      expect(e).toBeInstanceOf(GovernanceError);
      expect(e.message).toContain('artifacts/perf/report.json');
      expect(e.path).toBe('/benchmarks/2/category');
    }
  });
});

describe('renderReportFigures', () => {
  it('renders 13 category rows and one row per result, byte-identical on re-render', () => {
    const r = syntheticReport({ results: 60, timestamp: AT });
    const md = renderReportFigures(r, { generatedAt: AT });
    const shape = expectSafeMarkdown(md);
    expect(shape.headings).toEqual(['# Performance figures', '## Top-line metrics', '## p95 latency per category', '## Results']);
    expect(shape.tables.map((t) => t.rows)).toEqual([8, 5, 13, 60]);
    expect(renderReportFigures(structuredClone(r), { generatedAt: AT })).toBe(md);
  });
});

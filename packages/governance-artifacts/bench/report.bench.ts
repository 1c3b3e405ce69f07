/**
 * Rendering the figures of a report with 60 results spread over all 13 categories (built in
 * setup, schema-valid): validation of the report, per-category p95, and a 60-row table.
 */
import { defineBench, type BenchCase } from '@rhenium-perf/harness';
import { CATEGORY_IDS, type Report } from '@rhenium-perf/schema';
import { renderReportFigures, syntheticReport } from '../src/index';
import { BENCH_GENERATED_AT, RENDER_RUNS, verifyRendered } from './support';

const RESULTS = 60;

const reportFigures = defineBench({
  id: `gov_report_figures_r${RESULTS}`,
  category: 'governance_artifacts',
  task: 'render_report_figures',
  modality: null,
  // One item = one report's figures rendered; inputShape counts its results (no voxels).
  inputShape: [RESULTS],
  dtype: 'json',
  tags: ['full'],
  ...RENDER_RUNS,
  params: { results: RESULTS },
  setup: (): Report => {
    const report = syntheticReport({ results: RESULTS, timestamp: BENCH_GENERATED_AT });
    const categories = new Set(report.benchmarks.map((b) => b.category));
    if (categories.size !== CATEGORY_IDS.length) throw new Error(`synthetic report covers ${categories.size} categories, expected ${CATEGORY_IDS.length}`);
    renderReportFigures(report, { generatedAt: BENCH_GENERATED_AT }); // compile the template outside the timed region
    return report;
  },
  run: (report: Report): string => renderReportFigures(report, { generatedAt: BENCH_GENERATED_AT }),
  verify: (report: Report, md: string, ctx) =>
    verifyRendered(
      md,
      renderReportFigures(report, { generatedAt: BENCH_GENERATED_AT }),
      {
        headings: ['# Performance figures', '## Top-line metrics', '## p95 latency per category', '## Results'],
        // field table, top-line metrics, one row per category, one row per result
        tableRows: [8, 5, CATEGORY_IDS.length, RESULTS],
      },
      ctx,
    ),
});

export default [reportFigures];

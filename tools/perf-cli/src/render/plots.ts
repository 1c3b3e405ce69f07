/**
 * Quantitative plots of a report as SVG images, made without a browser: Vega-Lite specs
 * compiled by `vega-lite` and rendered by `vega`'s headless SVG renderer (renderer 'none').
 *
 * Why Vega-Lite: a maintained grammar of graphics with log scales, layered marks and
 * intervals, rendering to SVG in Node with no canvas and no browser, and specs that are plain
 * JSON (they could be shipped beside the images). Mermaid stays for the flow diagrams.
 *
 * Same report -> byte-identical SVG: no timestamps, no random ids, rows in a fixed order, so a
 * rendered file in git changes only when the data does.
 *
 * The plots:
 * - `latency-<category>.svg`: per passed case of a category, every raw sample (ticks) and the
 *   median (a point), log scale;
 * - `forest.svg`: the A/B head/base latency ratio of each case with its interval, the
 *   threshold band shaded, regressions first (from a baseline comparison's changes when the
 *   report has no A/B section);
 * - `stages-e2e.svg`: the stage breakdown of the end-to-end cases, each stage's share of the
 *   summed stage time (cases from 10 ms to 10 s read on one axis).
 */
import path from 'node:path';
import { makeDirectory, writeTextAtomic } from '@rhenium-perf/harness';
import { CATEGORY_NAMES, type CategoryId, type Report } from '@rhenium-perf/schema';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

/** One plot: its file name, a title for the link, and its Vega-Lite spec. */
export interface Plot {
  file: string;
  title: string;
  /** How many items the plot's main mark draws (one per case, or per case and stage). */
  marks: number;
  spec: vegaLite.TopLevelSpec;
}

const WIDTH = 560;
const ROW = 18;
const FONT = 'Helvetica, Arial, sans-serif';
const config = { font: FONT, axis: { labelLimit: 340, labelFontSize: 11, titleFontSize: 11 }, view: { stroke: null } } as const;

/** The latency plots, one per category with a passed case. */
function latencyPlots(report: Report): Plot[] {
  const out: Plot[] = [];
  const byCategory = new Map<CategoryId, Report['benchmarks']>();
  for (const b of report.benchmarks) if (b.state === 'passed' && b.samples_ms.length > 0) byCategory.set(b.category, [...(byCategory.get(b.category) ?? []), b]);
  for (const [category, results] of [...byCategory].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ids = results.map((r) => r.id).sort();
    const samples = results.flatMap((r) => r.samples_ms.map((ms) => ({ id: r.id, ms })));
    const medians = results.map((r) => ({ id: r.id, ms: r.latency_ms.p50 }));
    const y = { field: 'id', type: 'nominal', sort: ids, title: null } as const;
    out.push({
      file: `latency-${category}.svg`,
      title: `Latency per case, ${CATEGORY_NAMES[category]}`,
      marks: ids.length,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        title: `${CATEGORY_NAMES[category]}: latency per call (every timed sample; the point is the median)`,
        width: WIDTH,
        height: { step: ROW },
        config,
        layer: [
          { data: { values: samples }, mark: { type: 'tick', opacity: 0.45, thickness: 1 }, encoding: { x: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms per call (log)' }, y } },
          { data: { values: medians }, mark: { type: 'point', filled: true, size: 40, color: '#b2182b' }, encoding: { x: { field: 'ms', type: 'quantitative' }, y } },
        ],
      },
    });
  }
  return out;
}

/** The forest plot of the latency ratios (A/B, else the baseline comparison). */
function forestPlot(report: Report): Plot | null {
  type Row = { id: string; ratio: number; low: number | null; high: number | null; state: string; threshold: number };
  let rows: Row[];
  let source: string;
  if (report.ab) {
    rows = report.ab.comparisons
      .filter((c) => c.metric === 'latency_ms' && c.ratio !== null)
      .map((c) => ({ id: c.id, ratio: c.ratio!, low: c.ci_low, high: c.ci_high, state: c.state, threshold: c.threshold }));
    source = `A/B, base ${report.ab.base.ref}`;
  } else if (report.comparison) {
    rows = report.comparison.comparisons
      .filter((c) => c.metric === 'latency_ms' && c.change !== null)
      .map((c) => ({ id: c.id, ratio: 1 + c.change!, low: null, high: null, state: c.state, threshold: c.threshold }));
    source = `vs baseline ${report.comparison.baseline}`;
  } else {
    return null;
  }
  if (rows.length === 0) return null;
  const rank = (s: string): number => (s === 'regression' ? 0 : s === 'inconclusive' ? 1 : s === 'improvement' ? 2 : 3);
  rows.sort((a, b) => rank(a.state) - rank(b.state) || b.ratio - a.ratio || (a.id < b.id ? -1 : 1));
  const ids = rows.map((r) => r.id);
  const t = Math.max(...rows.map((r) => r.threshold));
  const y = { field: 'id', type: 'nominal', sort: ids, title: null } as const;
  const x = { type: 'quantitative', scale: { type: 'log' }, title: 'head / base latency (log)' } as const;
  return {
    file: 'forest.svg',
    title: `Latency ratio per case (${source})`,
    marks: rows.length,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: `Latency head / base per case (${source}); shaded: ±${(t * 100).toFixed(0)}% threshold`,
      width: WIDTH,
      height: { step: ROW },
      config,
      layer: [
        { data: { values: [{ lo: 1 / (1 + t), hi: 1 + t }] }, mark: { type: 'rect', color: '#d9d9d9', opacity: 0.6 }, encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
        { data: { values: [{ one: 1 }] }, mark: { type: 'rule', color: '#636363' }, encoding: { x: { field: 'one', ...x } } },
        { data: { values: rows.filter((r) => r.low !== null && r.high !== null) }, mark: { type: 'rule' }, encoding: { x: { field: 'low', ...x }, x2: { field: 'high' }, y } },
        {
          data: { values: rows },
          mark: { type: 'point', filled: true, size: 45 },
          encoding: {
            x: { field: 'ratio', ...x },
            y,
            color: { field: 'state', type: 'nominal', scale: { domain: ['regression', 'inconclusive', 'improvement', 'unchanged'], range: ['#b2182b', '#fdb863', '#2166ac', '#4d4d4d'] }, title: 'state' },
          },
        },
      ],
    },
  };
}

/** The stage breakdown of the end-to-end cases. */
function stagesPlot(report: Report): Plot | null {
  const cases = report.benchmarks.filter((b) => b.category === 'e2e_core_model' && b.state === 'passed' && b.stages && b.stages.length > 0);
  if (cases.length === 0) return null;
  const values = cases.flatMap((b) => b.stages!.map((s, order) => ({ id: b.id, stage: s.name, ms: s.mean_ms, order })));
  const stageOrder = [...new Set(values.sort((a, b) => a.order - b.order).map((v) => v.stage))];
  values.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.order - b.order));
  return {
    file: 'stages-e2e.svg',
    title: 'Pipeline stages of the end-to-end cases',
    marks: values.length,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: "End-to-end cases: each stage's share of the call (mean ms per stage)",
      width: WIDTH,
      height: { step: ROW + 4 },
      config,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'ms', type: 'quantitative', stack: 'normalize', title: 'share of the stages\' time', axis: { format: '%' } },
        y: { field: 'id', type: 'nominal', sort: [...new Set(values.map((v) => v.id))], title: null },
        color: { field: 'stage', type: 'nominal', sort: stageOrder, scale: { scheme: 'tableau10' } },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  };
}

/** Every plot of `report`, in a fixed order. */
export function plotsOf(report: Report): Plot[] {
  return [forestPlot(report), ...latencyPlots(report), stagesPlot(report)].filter((p): p is Plot => p !== null);
}

/** The SVG of one plot (deterministic for a given spec). */
export async function plotSvg(plot: Plot): Promise<string> {
  const compiled = vegaLite.compile(plot.spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg.endsWith('\n') ? svg : `${svg}\n`;
}

/**
 * Write every plot of `report` into each of `dirs` (each file atomically; each SVG rendered
 * once); returns the paths.
 */
export async function renderPlots(report: Report, ...dirs: string[]): Promise<string[]> {
  const written: string[] = [];
  const plots = plotsOf(report);
  const svgs = await Promise.all(plots.map(plotSvg));
  for (const dir of new Set(dirs)) {
    if (plots.length > 0) makeDirectory(dir);
    plots.forEach((p, i) => {
      const file = path.join(dir, p.file);
      writeTextAtomic(file, svgs[i]!);
      written.push(file);
    });
  }
  return written;
}

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
 *   summed stage time (cases from 10 ms to 10 s read on one axis);
 * - `scaling-<category>.svg`: the median latency against voxels per item of each size sweep
 *   of the category (cases that differ only by size), log–log, with the fitted power-law
 *   exponent of each sweep in its legend entry and the fitted line dashed.
 *
 * Two more plots are made per case for the static site (site/): `historyPlot` (p50 over the
 * runs of the history, the p50–p95 band, change points marked) and `samplesPlot` (every timed
 * sample in order, coloured by process).
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

/** A least-squares power law `y = c · x^exponent`, fitted on ln y against ln x. */
export interface PowerLawFit {
  exponent: number;
  /** c = e^intercept (y at x = 1). */
  coefficient: number;
  /** Points fitted. */
  n: number;
}

/**
 * Fit `y = c · x^b` by least squares on (ln x, ln y): b = Sxy / Sxx, ln c = ȳ − b x̄ (means and
 * sums over the logs). Null with fewer than two distinct x or a value that is not positive.
 * @example fitPowerLaw([1, Math.E, Math.E ** 2], [1, Math.E, Math.E ** 3]) // { exponent: 1.5, coefficient: e^(−1/6), n: 3 }
 */
export function fitPowerLaw(xs: readonly number[], ys: readonly number[]): PowerLawFit | null {
  const n = xs.length;
  if (n !== ys.length || n < 2 || [...xs, ...ys].some((v) => !(v > 0) || !Number.isFinite(v))) return null;
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i]! - mx) ** 2;
    sxy += (lx[i]! - mx) * (ly[i]! - my);
  }
  if (!(sxx > 0)) return null;
  const exponent = sxy / sxx;
  return { exponent, coefficient: Math.exp(my - exponent * mx), n };
}

/** Params that name a case's input size: cases that differ only in these (and in voxels) form a sweep. */
export const SIZE_PARAMS: readonly string[] = Object.freeze(['size', 'slices']);

/** A size sweep: passed cases of one category and task whose params differ only in size. */
export interface Sweep {
  category: CategoryId;
  /** The task and the params other than size, e.g. `fbp angles=180 filter=ramp`. */
  label: string;
  /** Cases in increasing voxels. */
  cases: { id: string; voxels: number; p50Ms: number }[];
  fit: PowerLawFit;
}

/**
 * The size sweeps of a report: passed cases grouped by category, task and their params without
 * {@link SIZE_PARAMS}; a group is a sweep when it spans at least two voxel counts (> 1 voxel).
 * Sorted by category, then label.
 */
export function sweepsOf(report: Report): Sweep[] {
  const groups = new Map<string, { category: CategoryId; label: string; cases: Sweep['cases'] }>();
  for (const b of report.benchmarks) {
    if (b.state !== 'passed' || b.latency_ms.p50 === null || !(b.latency_ms.p50 > 0) || !(b.voxels_per_item > 1)) continue;
    const rest = Object.entries(b.params)
      .filter(([k]) => !SIZE_PARAMS.includes(k))
      .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0));
    const label = [b.task, ...rest.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)].join(' ');
    const key = JSON.stringify([b.category, label]);
    const g = groups.get(key) ?? { category: b.category, label, cases: [] };
    g.cases.push({ id: b.id, voxels: b.voxels_per_item, p50Ms: b.latency_ms.p50 });
    groups.set(key, g);
  }
  const out: Sweep[] = [];
  for (const g of groups.values()) {
    if (new Set(g.cases.map((c) => c.voxels)).size < 2) continue;
    g.cases.sort((a, b) => a.voxels - b.voxels || (a.id < b.id ? -1 : 1));
    const fit = fitPowerLaw(g.cases.map((c) => c.voxels), g.cases.map((c) => c.p50Ms));
    if (fit) out.push({ ...g, fit });
  }
  return out.sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** The exponent as the plots print it: `b = 1.02`. */
export function exponentText(fit: PowerLawFit): string {
  return `b = ${fit.exponent.toFixed(2)}`;
}

/** The scaling plots, one per category with a size sweep. */
function scalingPlots(report: Report): Plot[] {
  const byCategory = new Map<CategoryId, Sweep[]>();
  for (const s of sweepsOf(report)) byCategory.set(s.category, [...(byCategory.get(s.category) ?? []), s]);
  return [...byCategory].map(([category, sweeps]) => {
    const name = (s: Sweep): string => `${s.label} (${exponentText(s.fit)})`;
    const names = sweeps.map(name);
    const points = sweeps.flatMap((s) => s.cases.map((c) => ({ sweep: name(s), id: c.id, voxels: c.voxels, ms: c.p50Ms })));
    const fitted = sweeps.flatMap((s) => [s.cases[0]!.voxels, s.cases[s.cases.length - 1]!.voxels].map((v) => ({ sweep: name(s), voxels: v, ms: s.fit.coefficient * v ** s.fit.exponent })));
    // NOTE: SI labels (40k, not 40,000) and a separation: a sweep spanning about a decade gets a
    // label at every 10 000, which printed over each other.
    const x = { field: 'voxels', type: 'quantitative', scale: { type: 'log' }, title: 'voxels per item (log)', axis: { format: '~s', labelOverlap: 'greedy', labelSeparation: 6 } } as const;
    const y = { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'median ms per call (log)' } as const;
    const color = { field: 'sweep', type: 'nominal', sort: names, scale: { scheme: names.length > 10 ? 'tableau20' : 'tableau10' }, title: 'sweep (b: fitted exponent)', legend: { labelLimit: 520, titleLimit: 520, orient: 'bottom', direction: 'vertical' } } as const;
    return {
      file: `scaling-${category}.svg`,
      title: `Latency against voxels, ${CATEGORY_NAMES[category]}`,
      marks: points.length,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        title: { text: `${CATEGORY_NAMES[category]}: median latency against voxels, per size sweep (log–log)`, subtitle: 'dashed: least-squares fit of latency ∝ voxels^b on the logs; b in each sweep\'s name' },
        width: WIDTH,
        height: 300,
        config,
        layer: [
          { data: { values: fitted }, mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.2 }, encoding: { x, y, color, detail: { field: 'sweep' } } },
          { data: { values: points }, mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y, color } },
        ],
      },
    } satisfies Plot;
  });
}

/** Every plot of `report`, in a fixed order. */
export function plotsOf(report: Report): Plot[] {
  return [forestPlot(report), ...latencyPlots(report), ...scalingPlots(report), stagesPlot(report)].filter((p): p is Plot => p !== null);
}

/** One run of a case in the history, oldest first. */
export interface HistoryPoint {
  /** 1-based run number. */
  run: number;
  /** The commit, shortened (or `nogit`). */
  commit: string;
  p50Ms: number;
  p95Ms: number;
  /** Quartiles of the run's samples (null in records made before the history kept them). */
  p25Ms?: number | null;
  p75Ms?: number | null;
}

/** A detected step of a case's history: `index` is the 0-based first run after it. */
export interface HistoryMark {
  index: number;
  change: number;
  acknowledged: boolean;
}

/**
 * The history plot of one case: its p50 over the runs (line and points), the interquartile band
 * (p25 to p75) when every run's record keeps quartiles, else the band from p50 to p95 (older
 * records keep p50 and p95 only; the subtitle says which), and each change point as a
 * vertical rule between the runs it separates, labelled with its relative change (grey when
 * acknowledged).
 */
export function historyPlot(caseId: string, points: readonly HistoryPoint[], steps: readonly HistoryMark[], file: string): Plot {
  const quartiles = points.length > 0 && points.every((p) => typeof p.p25Ms === 'number' && typeof p.p75Ms === 'number');
  const rows = points.map((p) => ({ run: p.run, commit: p.commit, p50: p.p50Ms, lo: quartiles ? p.p25Ms! : p.p50Ms, hi: quartiles ? p.p75Ms! : p.p95Ms }));
  const band = quartiles ? 'band: p25 to p75 (interquartile range of each run\'s samples)' : 'band: p50 to p95 (these runs\' records keep no quartiles)';
  const marks = steps.map((s) => ({ at: s.index + 0.5, label: `${s.change >= 0 ? '+' : ''}${(s.change * 100).toFixed(1)}%${s.acknowledged ? ' (ack.)' : ''}`, state: s.acknowledged ? 'acknowledged' : 'step' }));
  const domain: number[] = [0.5, Math.max(1, points.length) + 0.5];
  const x = { field: 'run', type: 'quantitative', title: 'run (oldest first)', scale: { domain, nice: false }, axis: { tickMinStep: 1, format: 'd' } } as const;
  const y = { type: 'quantitative', title: 'ms per call', scale: { zero: false } } as const;
  const stepColor = { field: 'state', type: 'nominal', scale: { domain: ['step', 'acknowledged'], range: ['#b2182b', '#969696'] }, legend: null } as const;
  return {
    file,
    title: `History of ${caseId}`,
    marks: rows.length,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: { text: `${caseId}: p50 over the runs of this machine`, subtitle: `${band}; vertical rules: detected change points` },
      width: WIDTH,
      height: 220,
      config,
      layer: [
        { data: { values: rows }, mark: { type: 'area', color: '#9ecae1', opacity: 0.5 }, encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' } } },
        { data: { values: rows }, mark: { type: 'line', color: '#08519c', point: false }, encoding: { x, y: { field: 'p50', ...y } } },
        { data: { values: rows }, mark: { type: 'point', filled: true, size: 30, color: '#08519c' }, encoding: { x, y: { field: 'p50', ...y } } },
        { data: { values: marks }, mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'at', type: 'quantitative' }, color: stepColor } },
        { data: { values: marks }, mark: { type: 'text', align: 'left', dx: 3, baseline: 'top', fontSize: 11 }, encoding: { x: { field: 'at', type: 'quantitative' }, y: { value: 2 }, text: { field: 'label' }, color: stepColor } },
      ],
    },
  };
}

/**
 * The samples plot of one case: every timed sample in the order it was taken (one point each),
 * coloured by the process that took it, and the median as a horizontal rule.
 */
export function samplesPlot(result: Report['benchmarks'][number], file: string): Plot | null {
  if (result.samples_ms.length === 0) return null;
  const counts = result.process_samples.reduce((a, n) => a + n, 0) === result.samples_ms.length && result.process_samples.length > 0 ? result.process_samples : [result.samples_ms.length];
  const rows: { sample: number; ms: number; process: string }[] = [];
  counts.forEach((n, p) => {
    for (let k = 0; k < n; k++) rows.push({ sample: rows.length + 1, ms: result.samples_ms[rows.length]!, process: `process ${p + 1}` });
  });
  const processes = counts.map((_, p) => `process ${p + 1}`);
  return {
    file,
    title: `Samples of ${result.id}`,
    marks: rows.length,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: `${result.id}: every timed sample, in order (rule: the median)`,
      width: WIDTH,
      height: 200,
      config,
      layer: [
        { data: { values: rows }, mark: { type: 'point', filled: true, size: 28 }, encoding: { x: { field: 'sample', type: 'quantitative', title: 'sample (in the order taken)', axis: { tickMinStep: 1, format: 'd' } }, y: { field: 'ms', type: 'quantitative', title: 'ms per call', scale: { zero: false } }, color: { field: 'process', type: 'nominal', sort: processes, scale: { scheme: 'tableau10' }, title: null } } },
        { data: { values: [{ ms: result.latency_ms.p50 }] }, mark: { type: 'rule', color: '#b2182b', strokeDash: [4, 3] }, encoding: { y: { field: 'ms', type: 'quantitative' } } },
      ],
    },
  };
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

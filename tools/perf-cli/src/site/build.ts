/**
 * The static site of a report and its history, as a map from relative path to content: an
 * index with a section per category, a page per case (its samples, history, quality figures,
 * targets, stages and environment) and the SVG plots they show as images (relative links, so
 * the folder opens from file:// with no server and no network). A pure function of its input:
 * the same report and history give byte-identical files.
 */
import { createHash } from 'node:crypto';
import type { BenchmarkResult, Report } from '@rhenium-perf/schema';
import { stepLine } from '../history/changes';
import { formatChange, formatCount, formatMiB, formatMs, formatP, formatSig, NO_VALUE } from '../render/format';
import { historyPlot, plotSvg, plotsOf, samplesPlot, sweepsOf, exponentText, type Plot } from '../render/plots';
import { buildView } from '../render/view';
import type { CaseHistory } from './history';
import { esc, facts, figure, html, join, page, table, type Html } from './html';

/** What the site is built from. */
export interface SiteInput {
  report: Report;
  /** Each case's history on the report's machine and mode; null when no history folder was read. */
  histories: Map<string, CaseHistory> | null;
  /** How the history is named on the pages (its folder). */
  historySource: string | null;
}

/** The site: relative path (with `/`) -> file content. */
export type SiteFiles = Map<string, string>;

const ID_SAFE = /^[a-z0-9][a-z0-9_]*$/;

/**
 * The file stem of a case's page and plots: the id itself (report ids are `^[a-z0-9][a-z0-9_]*$`),
 * else its safe characters and a hash, so two ids never share a file.
 * @example caseStem('recon_ct_fbp_ramp_256_a180') // 'recon_ct_fbp_ramp_256_a180'
 */
export function caseStem(id: string): string {
  if (ID_SAFE.test(id)) return id;
  return `${id.replace(/[^a-z0-9_]/gi, '_').slice(0, 60)}-${createHash('sha256').update(id).digest('hex').slice(0, 10)}`;
}

function caseHref(id: string, root: string): string {
  return `${root}cases/${caseStem(id)}.html`;
}

function stateCell(state: string): Html {
  return html`<span class="state-${esc(state)}">${esc(state)}</span>`;
}

function num(text: string): Html {
  return html`<span class="num">${esc(text)}</span>`;
}

function qualityRows(r: BenchmarkResult): Html[][] {
  return Object.entries(r.quality).map(([name, q]) => {
    const bound = q.threshold === undefined || q.threshold === null ? null : q.threshold;
    const within = bound === null ? NO_VALUE : (q.higher_is_better ? q.value >= bound : q.value <= bound) ? 'yes' : 'no';
    return [esc(name), num(formatSig(q.value)), esc(q.unit || NO_VALUE), esc(bound === null ? NO_VALUE : `${q.higher_is_better ? '≥' : '≤'} ${formatSig(bound)}`), esc(within)];
  });
}

function targetRows(r: BenchmarkResult): Html[][] {
  return Object.entries(r.targets ?? {}).map(([name, t]) => [esc(name), num(`${formatSig(t.value)}${t.unit ? ` ${t.unit}` : ''}`), esc(`${t.higher_is_better ? '≥' : '≤'} ${formatSig(t.target)}${t.unit ? ` ${t.unit}` : ''}`), esc(t.met ? 'yes' : 'no')]);
}

function historyCell(histories: SiteInput['histories'], id: string): string {
  if (histories === null) return NO_VALUE;
  const h = histories.get(id);
  if (!h) return 'no runs';
  const alerts = h.steps.filter((s) => !s.acknowledged).length;
  return `${h.runs.length} run${h.runs.length === 1 ? '' : 's'}${alerts > 0 ? `, ${alerts} step${alerts === 1 ? '' : 's'}` : ''}`;
}

function indexPage(input: SiteInput, reportPlots: readonly Plot[], casesWithPages: ReadonlySet<string>): string {
  const { report, histories } = input;
  const view = buildView(report);
  const s = view.summary;
  const plotFile = new Set(reportPlots.map((p) => p.file));
  const top = reportPlots.filter((p) => p.file === 'forest.svg' || p.file === 'stages-e2e.svg');
  const cats = view.categories.filter((c) => c.tests > 0);
  const sweeps = sweepsOf(report);
  const sections = cats.map((c) => {
    const rows = c.benchmarks.map((b) => [
      casesWithPages.has(b.id) ? html`<a class="case-link" href="${esc(caseHref(b.id, ''))}">${esc(b.id)}</a>` : esc(b.id),
      stateCell(b.state), num(b.p50), num(b.p95), num(b.itemsPerSec), num(b.rssPeak), esc(b.quality), esc(historyCell(histories, b.id)),
    ]);
    const figs = [`latency-${c.id}.svg`, `scaling-${c.id}.svg`].filter((f) => plotFile.has(f)).map((f) => figure(`plots/${f}`, reportPlots.find((p) => p.file === f)!.title));
    const fits = sweeps.filter((w) => w.category === c.id).map((w) => [esc(w.label), esc(w.cases.map((x) => x.id).join(', ')), num(exponentText(w.fit))]);
    return html`<section id="cat-${esc(c.id)}">
<h2>${esc(c.name)} <small>(${c.tests} cases: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped)</small></h2>
${table(['case', 'state', 'p50', 'p95', 'items/s', 'peak RSS', 'quality', 'history'], rows, 'no case', 'cases')}
${join(figs, '\n')}
${fits.length > 0 ? html`<h3>Size sweeps (latency ∝ voxels^b)</h3>\n${table(['sweep', 'cases', 'fitted exponent'], fits, '')}` : ('' as Html)}
</section>`;
  });
  const historyLine =
    histories === null
      ? `no history folder was read (record runs with rhenium-perf history add, then pass --history DIR)`
      : `${input.historySource ?? 'history'}: ${histories.size} case series on machine ${report.environment.machine_fingerprint}, mode ${report.mode}`;
  const body = html`<h1>Rhenium Perf results</h1>
<p><span id="case-count">${report.benchmarks.length}</span> cases (${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped), report of ${esc(report.timestamp)}, mode ${esc(report.mode)}; ${esc(historyLine)}.</p>
${table(['category', 'cases', 'passed', 'failed', 'skipped', 'mean p95'], cats.map((c) => [html`<a href="#cat-${esc(c.id)}">${esc(c.name)}</a>`, num(String(c.tests)), num(String(c.passed)), num(String(c.failed)), num(String(c.skipped)), num(c.avgP95)]), 'no case')}
<h2>Run</h2>
${facts([...view.run, ...view.source])}
<h2>Environment</h2>
${facts(view.environment)}
${top.length > 0 ? html`<h2>Across categories</h2>\n${join(top.map((p) => figure(`plots/${p.file}`, p.title)), '\n')}` : ('' as Html)}
${join(sections, '\n')}`;
  return page('Rhenium Perf results', '', body);
}

function casePage(input: SiteInput, r: BenchmarkResult, samplesFile: string | null, historyFile: string | null): string {
  const view = buildView({ ...input.report, benchmarks: [r] });
  const h = input.histories?.get(r.id);
  const l = r.latency_ms;
  const summary = [
    { label: 'Category', value: view.categories.find((c) => c.tests > 0)?.name ?? r.category },
    { label: 'Task', value: r.task },
    { label: 'Modality', value: r.modality ?? NO_VALUE },
    { label: 'State', value: r.state },
    ...(r.error ? [{ label: 'Error', value: r.error }] : []),
    ...(r.skipped_reason ? [{ label: 'Skipped because', value: r.skipped_reason }] : []),
    { label: 'Input shape', value: r.input_shape.join(' × ') || NO_VALUE },
    { label: 'Data type / device', value: `${r.dtype} / ${r.device}` },
    { label: 'Batch size', value: String(r.batch_size) },
    { label: 'Voxels per item', value: formatCount(r.voxels_per_item) },
    { label: 'Latency p50 / p95 / p99', value: `${formatMs(l.p50)} / ${formatMs(l.p95)} / ${formatMs(l.p99)}` },
    { label: 'Samples (processes)', value: `${r.samples_ms.length} (${r.process_samples.length})` },
    { label: 'Throughput', value: `${formatCount(r.throughput.items_per_sec)} items/s, ${formatCount(r.throughput.voxels_per_sec)} voxels/s` },
    { label: 'Peak RSS', value: formatMiB(r.memory.rss_mb_peak) },
    { label: 'Parameters', value: Object.keys(r.params).length ? JSON.stringify(r.params) : NO_VALUE },
    { label: 'Package', value: `${r.package.name} ${r.package.version}` },
  ];
  const historyBody: Html = !h
    ? html`<p class="none">${esc(input.histories === null ? 'No history folder was read.' : `No run of this case is recorded for machine ${input.report.environment.machine_fingerprint}, mode ${input.report.mode}.`)}</p>`
    : html`${historyFile ? figure(`../plots/cases/${historyFile}`, `History of ${r.id}`) : ('' as Html)}
<p>${h.runs.length} runs on machine ${esc(h.fingerprint)}, mode ${esc(h.mode)}. ${esc(h.runs.every((run) => run.p25Ms !== null && run.p75Ms !== null) ? 'Band: p25 to p75 of each run\'s samples.' : 'Band: p50 to p95 of each run (some records keep no quartiles).')} ${h.runs.length < 6 ? esc('Change points are searched from 6 runs on.') : esc(`${h.steps.length} change point(s) detected (E-Divisive means, as rhenium-perf history changes).`)}</p>
${h.steps.length > 0 ? html`<ul>${join(h.steps.map((st) => html`<li class="${st.acknowledged ? ('' as Html) : esc('step')}">${esc(stepLine(st))}</li>`))}</ul>` : ('' as Html)}
${table(['run', 'time', 'commit', 'p50', 'p95', ''], h.runs.map((run, i) => [num(String(i + 1)), esc(run.timestamp), html`<code>${esc(run.commit)}</code>${run.dirty ? esc(' (uncommitted changes)') : ('' as Html)}`, num(formatMs(run.p50Ms)), num(formatMs(run.p95Ms)), esc(h.steps.filter((st) => st.index === i).map((st) => `step ${formatChange(st.change)} (p=${formatP(st.p_value)})`).join('; '))]), 'no run')}`;
  const stages = r.stages ?? [];
  const body = html`<h1>${esc(r.id)}</h1>
<p><a href="${esc(`../index.html#cat-${r.category}`)}">${esc(view.categories.find((c) => c.tests > 0)?.name ?? r.category)}</a> · ${stateCell(r.state)}</p>
${facts(summary)}
<h2>Samples</h2>
${samplesFile ? figure(`../plots/cases/${samplesFile}`, `Samples of ${r.id}`) : html`<p class="none">No timed sample (the case ${esc(r.state)}).</p>`}
<h2>History</h2>
${historyBody}
<h2>Quality</h2>
${table(['figure', 'value', 'unit', 'bound', 'within bound'], qualityRows(r), 'No quality figure.')}
<h2>Targets</h2>
${table(['target', 'value', 'goal', 'met'], targetRows(r), 'No performance target.')}
${stages.length > 0 ? html`<h2>Stages</h2>\n${table(['stage', 'mean', 'p50'], stages.map((st) => [esc(st.name), num(formatMs(st.mean_ms)), num(formatMs(st.p50_ms ?? null))]), '')}` : ('' as Html)}
<h2>Environment</h2>
${facts([...view.environment, { label: 'Device', value: view.device }, ...view.source])}`;
  return page(`${r.id} · Rhenium Perf`, '../', body);
}

/**
 * Build every file of the site (SVGs rendered in Node, pages as HTML). Paths use `/`.
 * @example (await buildSite({ report, histories: null, historySource: null })).get('index.html')
 */
export async function buildSite(input: SiteInput): Promise<SiteFiles> {
  const files: SiteFiles = new Map();
  const reportPlots = plotsOf(input.report);
  const svgs = await Promise.all(reportPlots.map(plotSvg));
  reportPlots.forEach((p, i) => files.set(`plots/${p.file}`, svgs[i]!));
  const withPages = new Set<string>();
  for (const r of input.report.benchmarks) {
    const stem = caseStem(r.id);
    const samples = samplesPlot(r, `${stem}.samples.svg`);
    const h = input.histories?.get(r.id);
    const history = h
      ? historyPlot(r.id, h.runs.map((run, i) => ({ run: i + 1, commit: run.commit, p50Ms: run.p50Ms, p95Ms: run.p95Ms, p25Ms: run.p25Ms, p75Ms: run.p75Ms })), h.steps.map((s) => ({ index: s.index, change: s.change, acknowledged: s.acknowledged })), `${stem}.history.svg`)
      : null;
    if (samples) files.set(`plots/cases/${samples.file}`, await plotSvg(samples));
    if (history) files.set(`plots/cases/${history.file}`, await plotSvg(history));
    files.set(`cases/${stem}.html`, casePage(input, r, samples?.file ?? null, history?.file ?? null));
    withPages.add(r.id);
  }
  files.set('index.html', indexPage(input, reportPlots, withPages));
  return files;
}

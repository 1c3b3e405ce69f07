import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '@rhenium-perf/schema';
import { makeReport, makeResult, syntheticReport } from '../../test/support/synthetic-report';
import { plotSvg, plotsOf, renderPlots } from './plots';

/** The items of one mark group of a Vega SVG (`<g class="mark-… role-mark NAME">` holds one element per item). */
function markItems(svg: string, kind: 'symbol' | 'rect', name: string): number {
  const m = new RegExp(`<g class="mark-${kind} role-mark ${name}"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  if (!m) throw new Error(`no mark group ${kind} ${name}`);
  return (m[1]!.match(/<path /g) ?? []).length;
}

describe('plots (Vega-Lite rendered to SVG in Node)', () => {
  const report = syntheticReport();

  it('a latency plot per category with one median point per passed case, the forest plot and the e2e stages', async () => {
    const plots = plotsOf(report);
    const withSamples = (cat: string): number => report.benchmarks.filter((b) => b.category === cat && b.state === 'passed' && b.samples_ms.length > 0).length;
    const latency = plots.filter((p) => p.file.startsWith('latency-'));
    expect(latency.length).toBe(new Set(report.benchmarks.filter((b) => b.state === 'passed').map((b) => b.category)).size);
    for (const p of latency) {
      const svg = await plotSvg(p);
      const cat = p.file.slice('latency-'.length, -'.svg'.length);
      expect(p.marks).toBe(withSamples(cat));
      expect(markItems(svg, 'symbol', 'layer_1_marks'), p.file).toBe(withSamples(cat));
      // every raw sample is a tick
      expect(markItems(svg, 'rect', 'layer_0_marks')).toBe(report.benchmarks.filter((b) => b.category === cat && b.state === 'passed').reduce((a, b) => a + b.samples_ms.length, 0));
    }
    const stages = plots.find((p) => p.file === 'stages-e2e.svg')!;
    const e2e = report.benchmarks.filter((b) => b.category === 'e2e_core_model' && b.state === 'passed' && b.stages);
    expect(markItems(await plotSvg(stages), 'rect', 'marks')).toBe(e2e.reduce((a, b) => a + b.stages!.length, 0));
    // the synthetic report carries a baseline comparison: one point per latency comparison with a change
    const forest = plots.find((p) => p.file === 'forest.svg')!;
    const rows = report.comparison!.comparisons.filter((c) => c.metric === 'latency_ms' && c.change !== null).length;
    expect(rows).toBeGreaterThan(0);
    expect(markItems(await plotSvg(forest), 'symbol', 'layer_3_marks')).toBe(rows);
  });

  it('the A/B forest plot: one point and one interval per case, regressions first', async () => {
    const base = makeReport([makeResult('a_case', [10, 11]), makeResult('b_case', [5, 6]), makeResult('c_case', [1, 1.1])]);
    const cmp = (id: string, state: 'regression' | 'unchanged' | 'inconclusive', ratio: number) => ({
      id, project: 'preprocessing', metric: 'latency_ms' as const, state, rounds: 8, base: 1, current: ratio, ratio, ci_low: ratio * 0.95, ci_high: ratio * 1.05,
      p_value: 0.01, mde: 0.1, threshold: 0.1, note: null,
    });
    const withAb: Report = { ...base, ab: { base: { ref: 'origin/main', sha: 'a'.repeat(40) }, head: { ref: 'working tree', sha: null, dirty: true }, comparisons: [cmp('a_case', 'unchanged', 1.01), cmp('b_case', 'regression', 1.3), cmp('c_case', 'inconclusive', 1.08)] } as unknown as Report['ab'] };
    const forest = plotsOf(withAb).find((p) => p.file === 'forest.svg')!;
    const svg = await plotSvg(forest);
    expect(markItems(svg, 'symbol', 'layer_3_marks')).toBe(3);
    expect(markItems(svg, 'rect', 'layer_0_marks')).toBe(1); // the threshold band
    // regressions first: b_case is the first label on the y axis
    const labels = [...svg.matchAll(/role-axis-label[\s\S]*?<\/g>/g)].map((m) => [...m[0].matchAll(/>([a-z_]+_case)</g)].map((x) => x[1]));
    expect(labels.find((l) => l.length === 3)).toEqual(['b_case', 'c_case', 'a_case']);
  });

  it('the same report gives byte-identical files; nothing is written without a plot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-plots-'));
    try {
      const a = await renderPlots(report, path.join(dir, 'a'));
      const b = await renderPlots(report, path.join(dir, 'b'));
      expect(a.map((f) => path.basename(f))).toEqual(b.map((f) => path.basename(f)));
      for (let i = 0; i < a.length; i++) expect(fs.readFileSync(a[i]!, 'utf8')).toBe(fs.readFileSync(b[i]!, 'utf8'));
      expect(fs.readFileSync(a[0]!, 'utf8')).toMatch(/^<svg [^>]*>/);
      expect(fs.readFileSync(a[0]!, 'utf8')).not.toMatch(/NaN|Infinity/);
      const empty = makeReport([]);
      expect(await renderPlots(empty, path.join(dir, 'none'))).toEqual([]);
      expect(fs.existsSync(path.join(dir, 'none'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

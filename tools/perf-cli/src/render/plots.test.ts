import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '@rhenium-perf/schema';
import { makeReplicated, makeReport, makeResult, syntheticReport } from '../../test/support/synthetic-report';
import { fitPowerLaw, historyPlot, plotSvg, plotsOf, renderPlots, samplesPlot, sweepsOf } from './plots';

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

  it('fitPowerLaw: least squares on the logs, against hand-computed numbers', () => {
    // x = ln v = 0, 1, 2; y = ln t = 0, 1, 3: x̄ = 1, ȳ = 4/3, Sxx = 2, Sxy = (−1)(−4/3) + 0 + (1)(5/3) = 3,
    // b = 3/2, ln c = 4/3 − 3/2 = −1/6.
    const fit = fitPowerLaw([1, Math.E, Math.E ** 2], [1, Math.E, Math.E ** 3])!;
    expect(fit.exponent).toBeCloseTo(1.5, 12);
    expect(Math.log(fit.coefficient)).toBeCloseTo(-1 / 6, 12);
    expect(fit.n).toBe(3);
    // an exact power law: t = 0.002 · v^0.75 at v = 16, 256, 4096
    const exact = fitPowerLaw([16, 256, 4096], [16, 256, 4096].map((v) => 0.002 * v ** 0.75))!;
    expect(exact.exponent).toBeCloseTo(0.75, 12);
    expect(exact.coefficient).toBeCloseTo(0.002, 14);
    // two points: the slope between them, ln(40/10) / ln(4096/1024) = 1
    expect(fitPowerLaw([1024, 4096], [10, 40])!.exponent).toBeCloseTo(1, 12);
    expect(fitPowerLaw([5, 5], [1, 2])).toBeNull(); // one distinct x
    expect(fitPowerLaw([1, 2], [1, 0])).toBeNull(); // not positive
    expect(fitPowerLaw([1], [1])).toBeNull();
  });

  it('size sweeps: cases of one category and task that differ only by size; one scaling plot per category, one point per case', async () => {
    const fbp = (size: number, angles: number, ms: number) =>
      makeResult(`recon_ct_fbp_ramp_${size}_a${angles}`, [ms, ms * 1.01, ms * 0.99], { category: 'reconstruction_ct', task: 'fbp', voxels_per_item: size * size, params: { size, angles, filter: 'ramp' } });
    const report = makeReport([
      // latency = 1e-4 · voxels (b = 1) at 180 angles, 2e-4 · voxels at 360
      fbp(128, 180, 1.6384), fbp(256, 180, 6.5536), fbp(512, 180, 26.2144),
      fbp(128, 360, 3.2768), fbp(256, 360, 13.1072),
      // alone in its group: no sweep
      makeResult('recon_ct_sart_160', [5, 5, 5], { category: 'reconstruction_ct', task: 'sart', voxels_per_item: 25600, params: { size: 160 } }),
      // same voxels twice: no sweep
      makeResult('pinn_n1024', [1, 1, 1], { category: 'pinn_step', task: 'step', voxels_per_item: 1, params: { points: 1024 } }),
      makeResult('pinn_n4096', [2, 2, 2], { category: 'pinn_step', task: 'step', voxels_per_item: 1, params: { points: 4096 } }),
    ]);
    const sweeps = sweepsOf(report);
    expect(sweeps.map((s) => s.label)).toEqual(['fbp angles=180 filter=ramp', 'fbp angles=360 filter=ramp']);
    expect(sweeps[0]!.cases.map((c) => c.id)).toEqual(['recon_ct_fbp_ramp_128_a180', 'recon_ct_fbp_ramp_256_a180', 'recon_ct_fbp_ramp_512_a180']);
    // the p50 of [ms, 1.01 ms, 0.99 ms] is ms, so the fit is exact
    expect(sweeps[0]!.fit.exponent).toBeCloseTo(1, 9);
    expect(sweeps[1]!.fit.coefficient).toBeCloseTo(2e-4, 12);
    const plots = plotsOf(report).filter((p) => p.file.startsWith('scaling-'));
    expect(plots.map((p) => p.file)).toEqual(['scaling-reconstruction_ct.svg']);
    const svg = await plotSvg(plots[0]!);
    expect(plots[0]!.marks).toBe(5);
    expect(markItems(svg, 'symbol', 'layer_1_marks')).toBe(5);
    // one dashed fitted line per sweep, and the exponent printed in the legend
    // (a line per series: Vega groups each in its own mark group)
    expect(svg.match(/<g class="mark-line role-mark layer_0_marks"/g)!.length).toBe(2);
    expect(svg).toContain('fbp angles=180 filter=ramp (b = 1.00)');
    expect(svg).toContain('fbp angles=360 filter=ramp (b = 1.00)');
    // the same report, the same bytes
    expect(await plotSvg(plotsOf(report).find((p) => p.file === 'scaling-reconstruction_ct.svg')!)).toBe(svg);
  });

  it('the history plot: one point per run, one rule per change point; the samples plot: one point per sample', async () => {
    const points = [10, 10.2, 9.9, 10.1, 12, 12.1, 11.9, 12.2].map((p50, i) => ({ run: i + 1, commit: `c${i}`, p50Ms: p50, p95Ms: p50 * 1.2 }));
    const plot = historyPlot('recon_<b>', points, [{ index: 4, change: 0.2, acknowledged: false }], 'history.svg');
    const svg = await plotSvg(plot);
    expect(plot.marks).toBe(8);
    expect(markItems(svg, 'symbol', 'layer_2_marks')).toBe(8);
    expect((svg.match(/<g class="mark-rule role-mark layer_3_marks"[^>]*>([\s\S]*?)<\/g>/)![1]!.match(/<line /g) ?? []).length).toBe(1);
    expect(svg).toContain('+20.0%');
    expect(svg).toContain('recon_&lt;b&gt;'); // the id is text, escaped by vega
    expect(svg).toContain('no quartiles');
    // With quartiles in every run's record the band is the interquartile range.
    const withQ = historyPlot('q', points.map((p) => ({ ...p, p25Ms: p.p50Ms * 0.9, p75Ms: p.p50Ms * 1.1 })), [], 'h.svg');
    expect(JSON.stringify(withQ.spec)).toContain('band: p25 to p75');
    const area = (withQ.spec as { layer: { data: { values: { lo: number; hi: number }[] } }[] }).layer[0]!.data.values[0]!;
    expect([area.lo, area.hi]).toEqual([10 * 0.9, 10 * 1.1]);
    expect(await plotSvg(withQ)).toContain('interquartile');
    const result = makeReplicated('two_processes', [[1, 2, 3], [4, 5]]);
    const samples = samplesPlot(result, 'samples.svg')!;
    expect(markItems(await plotSvg(samples), 'symbol', 'layer_0_marks')).toBe(5);
    expect(samplesPlot(makeResult('none', []), 'x.svg')).toBeNull();
  });
});

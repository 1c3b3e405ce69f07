import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATEGORY_NAMES, validateReport } from '@rhenium-perf/schema';
import { RenderError } from './errors';
import { mermaidBlocks } from './mermaid';
import { renderAll, renderDashboard, renderDiagrams, renderPerfcard } from './render';
import { plotsOf } from './plots';
import { NASTY_TEXT, makeReport, makeResult, makeUnmeasured, syntheticReport } from '../../test/support/synthetic-report';

const PERFCARD_TEMPLATE = fileURLToPathSafe('../../../../docs/perf/perfcard.md');
function fileURLToPathSafe(rel: string): string {
  return new URL(rel, import.meta.url).pathname;
}
const template = fs.readFileSync(PERFCARD_TEMPLATE, 'utf8');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-render-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every Markdown table: each row has the header's number of cells. Returns the table count. */
function checkTables(md: string): number {
  const lines = md.split('\n');
  let tables = 0;
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^(```|~~~)/.test(lines[i]!)) inFence = !inFence;
    if (inFence) continue;
    if (!lines[i]!.startsWith('|') || !/^\|( *:?-+:? *\|)+$/.test(lines[i + 1] ?? '')) continue;
    tables++;
    // Escaped text has no raw pipe, so counting pipes counts cells exactly.
    const cells = (l: string) => (l.match(/\|/g) ?? []).length - 1;
    const width = cells(lines[i]!);
    expect(cells(lines[i + 1]!), `separator of table at line ${i + 1}`).toBe(width);
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith('|'); j++) expect(cells(lines[j]!), `line ${j + 1}: ${lines[j]}`).toBe(width);
    // A table ends at a blank line; anything else would be swallowed into it.
    expect(lines[j] ?? '', `after the table at line ${i + 1}`).toBe('');
    i = j;
  }
  return tables;
}

/** No HTML but <br>, and none of the nasty text left raw. */
function checkNoInjection(md: string): void {
  const outsideFences = md.replace(/^(```|~~~)[\s\S]*?^\1$/gm, '');
  expect(outsideFences).not.toMatch(/<(?!br>)[a-zA-Z/!?]/);
  expect(md).not.toContain('<script');
  expect(md).not.toContain('`code`');
  expect(md).not.toContain('boom |');
}

function headings(md: string): string[] {
  return md.split('\n').filter((l) => /^#{1,3} /.test(l));
}

describe('render a ~60-result report over all 13 categories', () => {
  const report = syntheticReport();

  it('the synthetic report is schema-valid, with failed, skipped and e2e stage results', () => {
    const v = validateReport(report);
    expect(v.valid ? [] : v.errors).toEqual([]);
    expect(report.benchmarks.length).toBeGreaterThanOrEqual(60);
    expect(new Set(report.benchmarks.map((b) => b.category)).size).toBe(13);
    expect(report.benchmarks.some((b) => b.state === 'failed' && b.error!.includes('<script>'))).toBe(true);
    expect(report.benchmarks.some((b) => b.state === 'skipped')).toBe(true);
  });

  it('dashboard: sections, tables, escaping', () => {
    const md = renderDashboard(report);
    const h = headings(md);
    for (const s of ['# Rhenium Perf dashboard', '## Summary', '## Top-line metrics', '## Run', '## Environment', '## Source (version, git, configuration)', '## Packages', '## Categories', '## Benchmarks', '## Targets', '## Failed and skipped cases', '## Regressions']) expect(h).toContain(s);
    for (const name of Object.values(CATEGORY_NAMES)) {
      expect(h).toContain(`### ${name.replace(/&/g, '&amp;')}`);
      expect(md).toMatch(new RegExp(`^\\| ${name.replace(/&/g, '&amp;').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\| \\d+ \\| \\d+ \\| \\d+ \\| \\d+ \\| `, 'm'));
    }
    // summary + top-line + run + env + model + packages + categories + 13 categories + targets + problems + state counts + regressions
    expect(checkTables(md)).toBe(7 + 13 + 4);
    checkNoInjection(md);
    expect(md).toContain('boom &#124; col2 &#96;code&#96; &lt;script&gt;alert("x")&lt;/script&gt; &amp; &#92;&#124; a<br>second line<br>third &lt;b&gt;bold&lt;/b&gt;');
    expect(md).toContain('| **regression** |');
    expect(md).toContain('Packages that did not report:** extra-category');
    // one benchmark row per result, with the right numbers
    for (const b of report.benchmarks) expect(md).toContain(`| ${b.id} |`);
    expect(md).toContain('| e2e_core_model_case_0 | MRI | passed | 465 µs | 473 µs | 473 µs | 2.16k | 8.83M | 100 MiB | 16 | psnr 30.0 dB (≥ 25.0); rms&#124;err 0.00120 &lt;norm&gt; |');
    expect(md).toMatch(/\| e2e_core_model_case_0 \| latency \(process medians\) \| \*\*regression\*\* \| 10\.0 ms \| 12\.0 ms \| \+20\.0% \| \+10% \| 1\.00e-4 \| 6\.00e-4 \|/);
    expect(md).not.toContain('p95 latency'); // the comparison metric is latency_ms now
    expect(md).toContain('1 of 7 comparisons are unchanged and not listed.');
  });

  it('dashboard: targets in their own table (value, goal, met), apart from the quality checks', () => {
    const md = renderDashboard(report);
    const section = md.slice(md.indexOf('## Targets'), md.indexOf('## Failed and skipped cases'));
    expect(section).toContain('| Benchmark | Target | Value | Goal | Met |');
    // one row per target of every result: 5 categories (every third) × 2 targets
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Benchmark') && !l.startsWith('| ---'));
    const expected = report.benchmarks.flatMap((b) => Object.keys(b.targets).map((name) => `${b.id}/${name}`));
    expect(expected).toHaveLength(10);
    expect(rows).toHaveLength(expected.length);
    // a maximum (≤), met; a maximum, missed; a minimum (≥), missed; names and units escaped
    expect(section).toContain('| e2e_core_model_case_0 | startup&#124;ms | 120 ms | ≤ 125 ms | yes |');
    expect(section).toContain('| pinn_step_case_0 | startup&#124;ms | 126 ms | ≤ 125 ms | no |');
    expect(section).toContain('| e2e_core_model_case_0 | speedup | 1.50 &lt;x&gt; | ≥ 2.00 &lt;x&gt; | no |');
    // targets are not quality checks: the Quality column does not list them
    expect(md).toContain('| e2e_core_model_case_0 | MRI | passed | 465 µs | 473 µs | 473 µs | 2.16k | 8.83M | 100 MiB | 16 | psnr 30.0 dB (≥ 25.0); rms&#124;err 0.00120 &lt;norm&gt; |');
    // no targets, no section
    const plain = renderDashboard(makeReport([makeResult('a', [1, 2, 3], { quality: { psnr: { value: 31, unit: 'dB', higher_is_better: true, threshold: 25 } } })]));
    expect(headings(plain)).not.toContain('## Targets');
    expect(plain).toContain('psnr 31.0 dB (≥ 25.0)');
  });

  it('perf card from docs/perf/perfcard.md: the seed card sections', () => {
    const md = renderPerfcard(report, template, PERFCARD_TEMPLATE);
    expect(headings(md)).toEqual([
      '# Rhenium Perf performance card',
      '## Run information',
      '## Environment',
      '## Latency summary',
      '## Throughput summary',
      '## Memory summary',
      '## Results per category',
      '## Plots',
      '## Regression status',
      '## Disclaimer',
    ]);
    // every plot of the report is linked from plots/
    for (const p of plotsOf(report)) expect(md).toContain(`](plots/${p.file})`);
    expect(md).not.toContain('{{');
    expect(md).not.toContain('<!--');
    expect(checkTables(md)).toBe(7);
    checkNoInjection(md);
    expect(md).toContain('| Branch | feature/&lt;x&gt;&#124;y |');
    expect(md).toMatch(/\| Slowest case \(p95\) \| [\d.]+ ms \(\w+\) \|/);
    expect(md).toContain('**regression**: at least one benchmark is significantly worse');
  });

  it('diagrams: six Mermaid blocks of the expected kinds, quoted labels balanced', () => {
    const md = renderDiagrams(report);
    const blocks = mermaidBlocks(md);
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(['pie showData', 'xychart-beta', 'pie showData', 'xychart-beta', 'flowchart LR', 'flowchart LR']);
    for (const b of blocks) for (const line of b.split('\n')) expect((line.match(/"/g) ?? []).length % 2, line).toBe(0);
    expect(blocks[0]).toContain('"I/O and parsing" : 5');
    expect(blocks[1]).toMatch(/x-axis \["End-to-end core model", .*"Governance artifacts"\]/);
    expect(blocks[1]).toMatch(/bar \[(\d+(\.\d+)?, ){12}\d+(\.\d+)?\]/);
    expect(blocks[2]).toContain('"decode" :');
    expect(blocks[3]).toMatch(/line \[(\d+(\.\d+)?, )+\d+(\.\d+)?\]/);
    expect(blocks.join('\n')).not.toMatch(/\de[+-]\d/); // no exponent notation
    expect(blocks[5]).toContain('regression status: regression');
    checkNoInjection(md);
  });

  it('diagrams without e2e results or results at all degrade to notes', () => {
    const noE2e = makeReport([makeResult('prep_a', [1, 2, 3], { voxels_per_item: 4096 }), makeUnmeasured('prep_b', 'failed', 'x')]);
    const md = renderDiagrams(noE2e);
    expect(md).toContain('_No e2e results with stage timings in this report._');
    expect(mermaidBlocks(md)).toHaveLength(5);
    const empty = makeReport([]);
    const mdEmpty = renderDiagrams(empty);
    expect(mdEmpty).toContain('_No results in this report._');
    expect(mermaidBlocks(mdEmpty).map((b) => b.split('\n')[0])).toEqual(['flowchart LR', 'flowchart LR']);
    const dash = renderDashboard(empty);
    expect(dash).toContain('Not checked: no baseline was given');
    checkTables(dash);
  });

  it('ids that break the schema still cannot break a table', () => {
    const bad = makeReport([makeResult('x|y`<img src=x onerror=alert(1)>\nz', [1, 2])]);
    const md = renderDashboard(bad);
    checkTables(md);
    checkNoInjection(md);
    expect(md).toContain('| x&#124;y&#96;&lt;img src=x onerror=alert(1)&gt;<br>z |');
  });
});

describe('renderAll', () => {
  const report = syntheticReport();
  const paths = (dir: string) => ({
    dashboardPath: path.join(dir, 'docs/dashboard.md'),
    perfcardPath: path.join(dir, 'artifacts/perfcard.md'),
    diagramsPath: path.join(dir, 'docs/diagrams.md'),
    perfcardTemplatePath: PERFCARD_TEMPLATE,
  });

  it('writes the three files and returns their paths', () => {
    const p = paths(path.join(tmp, 'ok'));
    const out = renderAll(report, p);
    expect(out).toEqual({ dashboardPath: p.dashboardPath, perfcardPath: p.perfcardPath, diagramsPath: p.diagramsPath });
    expect(fs.readFileSync(p.dashboardPath, 'utf8')).toBe(renderDashboard(report));
    expect(fs.readFileSync(p.perfcardPath, 'utf8')).toBe(renderPerfcard(report, template, PERFCARD_TEMPLATE));
    expect(fs.readFileSync(p.diagramsPath, 'utf8')).toBe(renderDiagrams(report));
    expect(fs.readdirSync(path.dirname(p.dashboardPath)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a missing template or an unwritable target replaces nothing', () => {
    const dir = path.join(tmp, 'fail');
    const p = paths(dir);
    fs.mkdirSync(path.dirname(p.dashboardPath), { recursive: true });
    fs.writeFileSync(p.dashboardPath, 'OLD');
    expect(() => renderAll(report, { ...p, perfcardTemplatePath: path.join(dir, 'nope.md') })).toThrow(RenderError);
    expect(fs.readFileSync(p.dashboardPath, 'utf8')).toBe('OLD');
    // the perf card's folder is a file: its write fails after the dashboard's temp file was written
    fs.writeFileSync(path.join(dir, 'artifacts'), 'a file, not a folder');
    let error: unknown;
    try {
      renderAll(report, p);
    } catch (e) {
      error = e;
    }
    expect((error as RenderError).code).toBe('RPERF_RENDER_WRITE');
    expect((error as Error).message).toMatch(/cannot write .*perfcard\.md \(E\w+\); nothing was replaced/);
    expect(fs.readFileSync(p.dashboardPath, 'utf8')).toBe('OLD');
    expect(fs.readdirSync(path.dirname(p.dashboardPath))).toEqual(['dashboard.md']);
  });

  it('a broken template is a typed error naming the file', () => {
    expect(() => renderPerfcard(report, '{{#each run}} unclosed', 'card.md')).toThrow(/card\.md is not a valid Handlebars template/);
  });
});

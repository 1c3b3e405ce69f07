import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '@rhenium-perf/schema';
import { makeReport, makeResult, NASTY_TEXT, statsOf, syntheticReport } from '../../test/support/synthetic-report';
import { recordOf } from '../history/record';
import { addRecord, readHistory } from '../history/store';
import { main } from '../main';
import { buildSite, caseHistories, caseStem, SITE_MARKER } from './index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-site-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `runs` copies of `report` as history records, 1 day apart; from run `stepAt` on, every latency × 1.3. */
function writeHistory(report: Report, dir: string, runs: number, stepAt: number): void {
  for (let k = 0; k < runs; k++) {
    const factor = (k >= stepAt ? 1.3 : 1) * (1 + 0.004 * ((k * 7) % 5));
    const benchmarks = report.benchmarks.map((b) => {
      const samples = b.samples_ms.map((x) => x * factor);
      return { ...b, samples_ms: samples, latency_ms: b.state === 'passed' ? statsOf(samples) : b.latency_ms };
    });
    const run: Report = { ...report, benchmarks, timestamp: new Date(Date.UTC(2026, 0, 1 + k)).toISOString(), source: { ...report.source, git_sha: String(k).repeat(40).slice(0, 40).replace(/[^0-9]/g, 'a') } };
    addRecord(dir, recordOf(run, `run ${k}`));
  }
}

function io(cwd: string): { out: string[]; err: string[]; io: Parameters<typeof main>[1] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { cwd, stdout: { write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WritableStream, stderr: { write: (s: string) => (err.push(s), true) } as unknown as NodeJS.WritableStream } };
}

/** Every src= and href= of an HTML page. */
function links(htmlText: string): string[] {
  return [...htmlText.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!.replace(/&#x3D;/g, '='));
}

describe('static site', () => {
  const hostile = makeResult('hostile_case', [3, 3.1, 2.9, 3.05], {
    task: '<img src=x onerror=alert(1)>',
    quality: { '<script>q</script>': { value: 1.5, unit: '"dB"', higher_is_better: true, threshold: 1 } },
    params: { note: '</td><b>' },
  });
  const report = syntheticReport();
  report.benchmarks.push(hostile);

  it('an index with every case linked once and a page per case; every link and image is a file of the site; no script, nothing from the network', async () => {
    const files = await buildSite({ report, histories: null, historySource: null });
    const index = files.get('index.html')!;
    expect(index).toContain(`<span id="case-count">${report.benchmarks.length}</span>`);
    const caseLinks = [...index.matchAll(/class="case-link" href="cases\/([a-z0-9_]+)\.html"/g)].map((m) => m[1]);
    expect(caseLinks.sort()).toEqual(report.benchmarks.map((b) => b.id).sort());
    for (const [file, text] of files) {
      if (!file.endsWith('.html')) continue;
      expect(text, file).not.toMatch(/<script|@import|url\(/i);
      for (const link of links(text)) {
        if (link === 'data:,' || link.startsWith('#')) continue;
        expect(link, `${file}: ${link}`).not.toMatch(/^[a-z]+:/i);
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), link.replace(/#.*$/, '')));
        expect(files.has(target), `${file} links ${link}`).toBe(true);
      }
    }
    // one page per case, and the plots of the report beside them
    expect([...files.keys()].filter((f) => f.startsWith('cases/')).length).toBe(report.benchmarks.length);
    expect(files.has('plots/forest.svg')).toBe(true);
    expect(files.has(`plots/cases/${caseStem('hostile_case')}.samples.svg`)).toBe(true);
  });

  it('text from the report is escaped: task names, quality names and units, params, errors', async () => {
    const files = await buildSite({ report, histories: null, historySource: null });
    const page = files.get('cases/hostile_case.html')!;
    expect(page).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(page).toContain('&lt;script&gt;q&lt;/script&gt;');
    expect(page).toContain('&quot;dB&quot;');
    expect(page).toContain('&lt;/td&gt;&lt;b&gt;');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>');
    const failed = report.benchmarks.find((b) => b.state === 'failed')!;
    const failedPage = files.get(`cases/${failed.id}.html`)!;
    expect(failed.error).toContain(NASTY_TEXT);
    expect(failedPage).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(failedPage).not.toContain('<script>alert');
    for (const [file, text] of files) if (file.endsWith('.html')) expect(text, file).not.toMatch(/<(script|b|i)>/);
    // a case id that is not a schema id still gets a file of its own
    expect(caseStem('a/../b')).toMatch(/^a____b-[0-9a-f]{10}$/);
    expect(caseStem('a/../b')).not.toBe(caseStem('a_.._b'));
  });

  it('a case page shows its history: one point per run, the step detected at the run where it happened', async () => {
    const small = makeReport(
      ['step_case', 'flat_case'].map((id) => makeResult(id, [10, 10.2, 9.9, 10.1, 10.05])),
      { mode: 'smoke' },
    );
    const dir = path.join(tmp, 'history-a');
    writeHistory(small, dir, 10, 6);
    const histories = caseHistories(readHistory(dir, null), small.environment.machine_fingerprint, 'smoke', []);
    const h = histories.get('step_case')!;
    expect(h.runs.length).toBe(10);
    expect(h.steps.map((s) => s.index)).toEqual([6]);
    expect(h.steps[0]!.change).toBeCloseTo(0.3, 1);
    // another mode's records are another series: none here
    expect(caseHistories(readHistory(dir, null), small.environment.machine_fingerprint, 'full', []).size).toBe(0);
    const files = await buildSite({ report: small, histories, historySource: dir });
    const svg = files.get('plots/cases/step_case.history.svg')!;
    const points = /<g class="mark-symbol role-mark layer_2_marks"[^>]*>([\s\S]*?)<\/g>/.exec(svg)![1]!.match(/<path /g)!.length;
    expect(points).toBe(10);
    expect(svg).toContain('+30.');
    const page = files.get('cases/step_case.html')!;
    expect(page).toContain('1 change point(s) detected');
    expect(page.match(/<tr><td><span class="num">\d+<\/span><\/td>/g)!.length).toBe(10);
    expect(page).toContain('STEP step_case');
    // the same input gives the same bytes
    const again = await buildSite({ report: small, histories, historySource: dir });
    expect([...again.entries()]).toEqual([...files.entries()]);
  });

  describe('rhenium-perf site', () => {
    const reportFile = path.join(tmp, 'report.json');
    const small = makeReport([makeResult('a_case', [1, 1.1, 1.2]), makeResult('b_case', [2, 2.1, 2.2])], { mode: 'smoke' });
    fs.writeFileSync(reportFile, JSON.stringify(small));

    it('writes the site (with a history) and replaces an earlier site as a whole', async () => {
      const hist = path.join(tmp, 'history-b');
      writeHistory(small, hist, 3, 99);
      const out = path.join(tmp, 'site-ok');
      const c = io(tmp);
      expect(await main(['site', '--input', reportFile, '--history', hist, '--output', out], c.io)).toBe(0);
      expect(c.err).toEqual([]);
      // index, 2 case pages, 2 samples and 2 history plots, the latency plot of the category
      expect(c.out.join('')).toBe('site: 8 files, 2 case pages, history of 2 cases; open site-ok/index.html\n');
      expect(fs.readdirSync(out).sort()).toEqual([SITE_MARKER, 'cases', 'index.html', 'plots'].sort());
      fs.writeFileSync(path.join(out, 'cases', 'stale.html'), 'old');
      expect(await main(['site', '--input', reportFile, '--history', hist, '--output', out], io(tmp).io)).toBe(0);
      expect(fs.existsSync(path.join(out, 'cases', 'stale.html'))).toBe(false);
      expect(fs.readdirSync(tmp).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]);
    });

    it('--help lists site and its options after profile', async () => {
      const c = io(tmp);
      expect(await main(['--help'], c.io)).toBe(0);
      const lines = c.out.join('').split('\n');
      const usage = lines.findIndex((l) => l.startsWith('       rhenium-perf site --output DIR'));
      expect(usage).toBeGreaterThan(0);
      expect(lines[usage - 1]).toMatch(/^ {7}rhenium-perf profile CASE_ID/);
      const options = lines.findIndex((l) => l.startsWith('site options:'));
      expect(lines[options - 1]).toMatch(/^profile options:/);
      expect(lines[options]).toContain('--output DIR (required; replaced as a whole) --input FILE (default artifacts/perf/report.json)');
      expect(lines[options + 1]).toContain('--history DIR (default artifacts/perf/history, skipped when absent)');
    });

    const bad: [string, string[], RegExp][] = [
      ['no --output', ['site', '--input', 'report.json'], /^rhenium-perf: error: site needs --output DIR .*; see rhenium-perf --help\n$/],
      ['an unknown option', ['site', '--output', 'x', '--nope'], /^rhenium-perf: error: .*--nope.*\n$/],
      ['a missing report', ['site', '--input', 'missing.json', '--output', 'x'], /^rhenium-perf: error: .*missing\.json cannot be read \(ENOENT\).*\n$/],
      ['a report that is not JSON', ['site', '--input', 'bad.json', '--output', 'x'], /^rhenium-perf: error: .*bad\.json is not JSON.*\n$/],
      ['a report that fails the schema', ['site', '--input', 'invalid.json', '--output', 'x'], /^rhenium-perf: error: .*invalid\.json.*\n$/],
      ['a missing --history', ['site', '--input', 'report.json', '--history', 'nohist', '--output', 'x'], /^rhenium-perf: error: no history at .*nohist \(ENOENT\).*\n$/],
      ['a history that is a file', ['site', '--input', 'report.json', '--history', 'report.json', '--output', 'x'], /^rhenium-perf: error: the history .*report\.json is not a folder.*\n$/],
      ['an output that holds other files', ['site', '--input', 'report.json', '--output', 'docs'], /^rhenium-perf: error: --output .*docs holds files that are not a site made by rhenium-perf site.*\n$/],
      ['an output that is a file', ['site', '--input', 'report.json', '--output', 'report.json'], /^rhenium-perf: error: --output .*report\.json is a file.*\n$/],
    ];
    it.each(bad)('%s: one line, exit 2, nothing written', async (_name, argv, message) => {
      fs.writeFileSync(path.join(tmp, 'bad.json'), '{"kind": ');
      fs.writeFileSync(path.join(tmp, 'invalid.json'), JSON.stringify({ ...small, benchmarks: 'no' }));
      fs.mkdirSync(path.join(tmp, 'docs'), { recursive: true });
      fs.writeFileSync(path.join(tmp, 'docs', 'keep.md'), 'keep');
      const c = io(tmp);
      expect(await main(argv, c.io)).toBe(2);
      expect(c.err.join('')).toMatch(message);
      expect(c.err.join('').split('\n').length).toBe(2);
      expect(c.out).toEqual([]);
      expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
      expect(fs.readdirSync(path.join(tmp, 'docs'))).toEqual(['keep.md']);
      expect(fs.readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
    });
  });
});

/**
 * The static site (rhenium-perf site) as a reader opens it: every page loaded from file:// in
 * headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; no browser download),
 * with no console error, no failed request, every image decoded, and the case count of the index
 * equal to the report's. Writes a screenshot of the index and of one case page under
 * artifacts/perf/site/ for a person to look at. Skipped, with the reason, when playwright-core
 * or Chromium is missing; CI installs them (.ci/run).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@rhenium-perf/schema';
import { recordOf } from '../src/history/record';
import { addRecord } from '../src/history/store';
import { main } from '../src/main';
import { launchChromium, missingForBrowser, type BrowserPage } from './support/chromium';
import { makeResult, statsOf, syntheticReport } from './support/synthetic-report';

/** The DOM this test reads inside the page (the project compiles without the DOM library). */
interface PageImage {
  getAttribute(name: string): string | null;
  complete: boolean;
  naturalWidth: number;
}
interface PageNode {
  textContent: string | null;
  querySelectorAll(selector: string): Iterable<PageNode>;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
interface PageDocument {
  images: Iterable<PageImage>;
  documentElement: PageNode;
  querySelectorAll(selector: string): { length: number } & Iterable<PageNode>;
  getElementById(id: string): { textContent: string | null } | null;
}
declare const document: PageDocument;

/** The part of playwright-core's page API this test adds to the shared launcher's. */
interface SitePage extends BrowserPage {
  on(event: 'console', fn: (msg: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (err: Error) => void): void;
  on(event: 'requestfailed', fn: (req: { url(): string }) => void): void;
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
}

const WORKSPACE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCREENSHOTS = path.join(WORKSPACE, 'artifacts', 'perf', 'site');

const missing = missingForBrowser();
const skipReason = missing.length ? `site browser test skipped: missing ${missing.join(', ')}` : '';
if (skipReason) console.warn(skipReason);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-site-browser-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A report of ~60 cases (nasty text included) with a size sweep, and 12 recorded runs of it, a +30% step from run 8. */
function fixtures(): { reportFile: string; historyDir: string; report: Report } {
  const report = syntheticReport();
  for (const size of [64, 128, 256]) {
    report.benchmarks.push(makeResult(`sweep_fbp_${size}`, [size * size * 1e-4, size * size * 1.02e-4, size * size * 0.99e-4], { category: 'reconstruction_ct', project: 'reconstruction-ct', task: 'fbp', voxels_per_item: size * size, params: { size, angles: 180 } }));
  }
  report.summary = { ...report.summary, total_benchmarks: report.benchmarks.length, passed: report.summary.passed + 3 };
  const reportFile = path.join(tmp, 'report.json');
  fs.writeFileSync(reportFile, JSON.stringify(report));
  const historyDir = path.join(tmp, 'history');
  for (let k = 0; k < 12; k++) {
    const factor = (k >= 7 ? 1.3 : 1) * (1 + 0.004 * ((k * 7) % 5));
    const benchmarks = report.benchmarks.map((b) => (b.state === 'passed' ? { ...b, samples_ms: b.samples_ms.map((x) => x * factor), latency_ms: statsOf(b.samples_ms.map((x) => x * factor)) } : b));
    const run: Report = { ...report, benchmarks, timestamp: new Date(Date.UTC(2026, 0, 1 + k)).toISOString(), source: { ...report.source, git_sha: `${k}`.repeat(40) } };
    addRecord(historyDir, recordOf(run, `run ${k}`));
  }
  return { reportFile, historyDir, report };
}

describe.skipIf(missing.length > 0)(`the static site in headless Chromium${skipReason ? ` (${skipReason})` : ''}`, () => {
  const site = path.join(tmp, 'site');
  let report: Report;

  beforeAll(async () => {
    const f = fixtures();
    report = f.report;
    const err: string[] = [];
    const code = await main(['site', '--input', f.reportFile, '--history', f.historyDir, '--output', site], { cwd: tmp, stdout: { write: () => true } as unknown as NodeJS.WritableStream, stderr: { write: (s: string) => (err.push(s), true) } as unknown as NodeJS.WritableStream });
    expect(err).toEqual([]);
    expect(code).toBe(0);
  }, 120_000);

  it('every page loads from file:// with no console error, every image decodes, the index counts every case', async () => {
    const pages = ['index.html', ...fs.readdirSync(path.join(site, 'cases')).sort().map((f) => `cases/${f}`)];
    expect(pages.length).toBe(report.benchmarks.length + 1);

    const browser = await launchChromium();
    try {
      const page = (await browser.newPage()) as SitePage;
      await page.setViewportSize({ width: 1200, height: 900 });
      const problems: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
      let images = 0;
      for (const rel of pages) {
        await page.goto(pathToFileURL(path.join(site, rel)).href);
        const imgs = await page.evaluate(() => [...document.images].map((i) => ({ src: i.getAttribute('src') ?? '', ok: i.complete && i.naturalWidth > 0 })));
        for (const img of imgs) expect(img.ok, `${rel}: image ${img.src} did not load`).toBe(true);
        images += imgs.length;
        if (rel === 'index.html') {
          const count = await page.evaluate(() => ({ links: document.querySelectorAll('a.case-link').length, shown: document.getElementById('case-count')?.textContent ?? '' }));
          expect(count).toEqual({ links: report.benchmarks.length, shown: String(report.benchmarks.length) });
          fs.mkdirSync(SCREENSHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SCREENSHOTS, 'index.png'), fullPage: true });
        }
        if (rel === 'cases/sweep_fbp_128.html') await page.screenshot({ path: path.join(SCREENSHOTS, 'case.png'), fullPage: true });
      }
      expect(problems).toEqual([]);
      // the step is found and drawn (the case page lists it)
      expect(fs.readFileSync(path.join(site, 'cases', 'sweep_fbp_128.html'), 'utf8')).toMatch(/1 change point\(s\) detected[\s\S]*STEP sweep_fbp_128 0123456789abcdef full 666666666666\.\.777777777777/);
      // the index shows the forest, stages, latency and scaling plots; each case its samples (when it has any) and history
      const passed = report.benchmarks.filter((b) => b.state === 'passed').length;
      expect(images).toBeGreaterThanOrEqual(2 * passed);
      expect(fs.statSync(path.join(SCREENSHOTS, 'index.png')).size).toBeGreaterThan(10_000);
      expect(fs.statSync(path.join(SCREENSHOTS, 'case.png')).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('every SVG of the site (scaling, history and samples plots included) opens as a document, and no two axis labels overlap', async () => {
    const svgs = [
      ...fs.readdirSync(path.join(site, 'plots')).filter((f) => f.endsWith('.svg')).map((f) => `plots/${f}`),
      ...fs.readdirSync(path.join(site, 'plots', 'cases')).sort().map((f) => `plots/cases/${f}`),
    ];
    expect(svgs).toContain('plots/scaling-reconstruction_ct.svg');
    expect(svgs).toContain('plots/cases/sweep_fbp_128.history.svg');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      for (const rel of svgs) {
        await page.goto(pathToFileURL(path.join(site, rel)).href);
        const found = await page.evaluate(() =>
          [...document.querySelectorAll('g.role-axis')].map((axis) =>
            [...axis.querySelectorAll('g.role-axis-label text')]
              .map((t) => {
                const r = t.getBoundingClientRect();
                return { text: t.textContent ?? '', x: r.left, y: r.top, w: r.width, h: r.height };
              })
              .filter((b) => b.text !== ''),
          ),
        );
        expect(found.length, rel).toBeGreaterThanOrEqual(2);
        for (const labels of found) {
          for (let i = 0; i < labels.length; i++) {
            for (let j = i + 1; j < labels.length; j++) {
              const a = labels[i]!;
              const b = labels[j]!;
              const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 0.5;
              expect(overlap, `${rel}: labels "${a.text}" and "${b.text}" overlap`).toBe(false);
            }
          }
        }
      }
    } finally {
      await browser.close();
    }
  }, 300_000);
});

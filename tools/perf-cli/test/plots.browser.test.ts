/**
 * The SVG plots read well where a reader sees them: each plot is loaded in headless Chromium
 * (Debian's /usr/bin/chromium driven by playwright-core; no browser download), and no two
 * axis labels' boxes overlap (the p95 chart of the old dashboard printed its category names
 * over each other). Skipped, with the reason, when playwright-core or Chromium is missing;
 * CI installs them (.ci/run).
 */
import { describe, expect, it } from 'vitest';
import { plotSvg, plotsOf } from '../src/render/plots';
import { launchChromium, missingForBrowser } from './support/chromium';
import { syntheticReport } from './support/synthetic-report';

/** The DOM this test reads inside the page (the project compiles without the DOM library). */
interface PageNode {
  textContent: string | null;
  querySelectorAll(selector: string): Iterable<PageNode>;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
declare const document: PageNode;
const missing = missingForBrowser();
const skipReason = missing.length ? `plots browser test skipped: missing ${missing.join(', ')}` : '';
if (skipReason) console.warn(skipReason);

describe.skipIf(missing.length > 0)(`SVG plots in headless Chromium${skipReason ? ` (${skipReason})` : ''}`, () => {
  it('every plot of a ~60-case report: no two axis labels overlap, every label is drawn', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const plots = plotsOf(syntheticReport());
      expect(plots.length).toBeGreaterThan(10);
      for (const plot of plots) {
        await page.setContent(`<!doctype html><html><body style="margin:0">${await plotSvg(plot)}</body></html>`);
        const found = await page.evaluate(() => {
          const axes = [...document.querySelectorAll('g.role-axis')];
          return axes.map((axis) =>
            [...axis.querySelectorAll('g.role-axis-label text')]
              .map((t) => {
                const r = t.getBoundingClientRect();
                return { text: t.textContent ?? '', x: r.left, y: r.top, w: r.width, h: r.height };
              })
              .filter((b) => b.text !== ''),
          );
        });
        expect(found.length, plot.file).toBeGreaterThanOrEqual(2);
        for (const labels of found) {
          for (const b of labels) expect(b.w * b.h, `${plot.file}: "${b.text}" has no box`).toBeGreaterThan(0);
          for (let i = 0; i < labels.length; i++) {
            for (let j = i + 1; j < labels.length; j++) {
              const a = labels[i]!;
              const b = labels[j]!;
              // Boxes that overlap by more than half a pixel both ways.
              const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 0.5;
              expect(overlap, `${plot.file}: labels "${a.text}" and "${b.text}" overlap`).toBe(false);
            }
          }
        }
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});

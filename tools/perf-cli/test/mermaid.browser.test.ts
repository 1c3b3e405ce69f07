/**
 * Every Mermaid block of the rendered diagrams parses in the real `mermaid` library, in
 * headless Chromium (support/chromium.ts). Skipped, with the reason, when playwright-core,
 * mermaid or Chromium is missing; CI installs them (.ci/run).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mermaidBlocks, renderDiagrams } from '../src/render';
import { launchChromium, missingForBrowser, resolveOrNull } from './support/chromium';
import { makeReport, makeResult, syntheticReport } from './support/synthetic-report';

const mermaidPackage = resolveOrNull('mermaid/package.json');
const mermaidBundle = mermaidPackage ? mermaidPackage.replace(/package\.json$/, 'dist/mermaid.min.js') : null;
const missing = [...missingForBrowser(), ...(mermaidBundle && fs.existsSync(mermaidBundle) ? [] : ['the mermaid package (dist/mermaid.min.js)'])];
const skipReason = missing.length ? `Mermaid browser test skipped: missing ${missing.join(', ')}` : '';
if (skipReason) console.warn(skipReason);

describe.skipIf(missing.length > 0)(`Mermaid blocks parse in headless Chromium${skipReason ? ` (${skipReason})` : ''}`, () => {
  it('every block of the diagrams of a full and of a minimal report', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto('about:blank');
      await page.addScriptTag({ path: mermaidBundle! });
      const blocks = [
        ...mermaidBlocks(renderDiagrams(syntheticReport())),
        ...mermaidBlocks(renderDiagrams(makeReport([makeResult('only_case', [1, 2, 3], { voxels_per_item: 512 })]))),
        ...mermaidBlocks(renderDiagrams(makeReport([]))),
      ];
      expect(blocks.length).toBe(6 + 5 + 2);
      // The diagrams of the last real run (artifacts/perf/diagrams.md) and the committed ones.
      for (const rel of ['../../../artifacts/perf/diagrams.md', '../../../docs/perf/diagrams.md']) {
        const real = new URL(rel, import.meta.url);
        if (fs.existsSync(real)) blocks.push(...mermaidBlocks(fs.readFileSync(real, 'utf8')));
      }
      const failures: string[] = [];
      for (const code of blocks) {
        const error = await page.evaluate(async (text: string) => {
          const m = (globalThis as unknown as { mermaid: { initialize(o: object): void; parse(t: string): Promise<unknown> } }).mermaid;
          m.initialize({ startOnLoad: false });
          try {
            await m.parse(text);
            return null;
          } catch (e) {
            return String((e as Error).message ?? e);
          }
        }, code);
        if (error) failures.push(`${error}\n--- in ---\n${code}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

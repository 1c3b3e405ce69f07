/**
 * Every Mermaid block of the rendered diagrams parses in the real `mermaid` library, in
 * headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; no browser
 * download). Skipped, with the reason, when playwright-core, mermaid or Chromium is missing;
 * CI installs them (.ci/run).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { mermaidBlocks, renderDiagrams } from '../src/render';
import { makeReport, makeResult, syntheticReport } from './support/synthetic-report';

const CHROMIUM = '/usr/bin/chromium';

/** The part of playwright-core's API this test uses. */
interface Chromium {
  launch(options: { executablePath: string; args: string[] }): Promise<{
    newPage(): Promise<{
      goto(url: string): Promise<unknown>;
      addScriptTag(options: { path: string }): Promise<unknown>;
      evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
    }>;
    close(): Promise<void>;
  }>;
}
const require = createRequire(import.meta.url);

function resolveOrNull(id: string): string | null {
  try {
    return require.resolve(id);
  } catch {
    return null;
  }
}

const playwrightPath = resolveOrNull('playwright-core');
const mermaidPackage = resolveOrNull('mermaid/package.json');
const mermaidBundle = mermaidPackage ? mermaidPackage.replace(/package\.json$/, 'dist/mermaid.min.js') : null;
const missing = [
  playwrightPath ? null : 'the playwright-core package',
  mermaidBundle && fs.existsSync(mermaidBundle) ? null : 'the mermaid package (dist/mermaid.min.js)',
  fs.existsSync(CHROMIUM) ? null : `${CHROMIUM} (apt-get install chromium)`,
].filter((x): x is string => x !== null);
const skipReason = missing.length ? `Mermaid browser test skipped: missing ${missing.join(', ')}` : '';
if (skipReason) console.warn(skipReason);

describe.skipIf(missing.length > 0)(`Mermaid blocks parse in headless Chromium${skipReason ? ` (${skipReason})` : ''}`, () => {
  it('every block of the diagrams of a full and of a minimal report', async () => {
    // NOTE: a variable specifier keeps the optional dependency out of typecheck and bundling.
    const specifier = 'playwright-core';
    const { chromium } = (await import(/* @vite-ignore */ specifier)) as { chromium: Chromium };
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
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

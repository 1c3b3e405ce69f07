/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by
 * playwright-core (no browser download). `missingForBrowser` names what is absent, so a test
 * skips with a one-line reason; CI installs both (.ci/run).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

export const CHROMIUM = '/usr/bin/chromium';

/** The part of playwright-core's page API the tests use. */
export interface BrowserPage {
  goto(url: string): Promise<unknown>;
  setContent(html: string): Promise<unknown>;
  addScriptTag(options: { path: string }): Promise<unknown>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
}

export interface Browser {
  newPage(): Promise<BrowserPage>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** The resolved path of `id`, or null when it is not installed. */
export function resolveOrNull(id: string): string | null {
  try {
    return require.resolve(id);
  } catch {
    return null;
  }
}

/** What a browser test lacks (playwright-core, Chromium), as phrases for its skip reason. */
export function missingForBrowser(): string[] {
  return [
    resolveOrNull('playwright-core') ? null : 'the playwright-core package',
    fs.existsSync(CHROMIUM) ? null : `${CHROMIUM} (apt-get install chromium)`,
  ].filter((x): x is string => x !== null);
}

/** Launch headless Chromium through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  // NOTE: a variable specifier keeps the optional dependency out of typecheck and bundling.
  const specifier = 'playwright-core';
  const { chromium } = (await import(/* @vite-ignore */ specifier)) as {
    chromium: { launch(options: { executablePath: string; args: string[] }): Promise<Browser> };
  };
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

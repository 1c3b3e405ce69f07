/**
 * The tool's version: the `version` of this package's package.json (one small synchronous
 * read; no import of anything else).
 */
import { readFileSync } from 'node:fs';

/**
 * The package version, e.g. `0.1.0`.
 * NOTE: `../package.json` from both src/ (sources) and dist/ (every built chunk sits directly
 * in dist/), so the same URL works in both.
 */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

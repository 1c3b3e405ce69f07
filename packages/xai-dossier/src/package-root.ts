/**
 * The package's root folder (where package.json and templates/ are), found from this
 * module's URL so it works from src/ (tests, tsx) and from dist/ (bundled chunks and
 * dist/bench/ entries sit at different depths).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XaiError } from './errors';

const PACKAGE_NAME = '@rhenium-perf/xai-dossier';
let cached: { root: string; version: string } | null = null;

/** The root folder and the version of this package. */
export function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      const json = JSON.parse(readFileSync(pj, 'utf8')) as { name?: string; version?: string };
      if (json.name === PACKAGE_NAME) {
        cached = { root: dir, version: json.version ?? '0.0.0' };
        return cached;
      }
    }
    dir = dirname(dir);
  }
  throw new XaiError('RPERF_XAI_TEMPLATE', `no package.json of ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}; reinstall the package`);
}

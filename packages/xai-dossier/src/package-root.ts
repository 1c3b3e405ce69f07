/**
 * The package's root folder (where package.json and templates/ are), found from this
 * module's URL so it works from src/ (tests, tsx) and from dist/ (bundled chunks and
 * dist/bench/ entries sit at different depths).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '@rhenium-perf/harness';
import { XaiError } from './errors';

const PACKAGE_NAME = '@rhenium-perf/xai-dossier';
let cached: { root: string; version: string } | null = null;

/** The root folder and the version of this package. */
export function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  const dir = packageRoot(import.meta.url, PACKAGE_NAME);
  if (dir !== null) {
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string };
    cached = { root: dir, version: json.version ?? '0.0.0' };
    return cached;
  }
  throw new XaiError('RPERF_XAI_TEMPLATE', `no package.json of ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}; reinstall the package`);
}

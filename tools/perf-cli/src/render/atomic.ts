/**
 * Write several files so that either all are replaced or none is: every temp file is
 * written first (same folder as its target, so the rename is atomic), then all are renamed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDirectory, releaseTemp, tempPathFor } from '@rhenium-perf/harness';
import { RenderError } from './errors';

/**
 * Write `files` (path -> content) atomically as a set.
 * @example writeFilesAtomic(new Map([['docs/perf/dashboard.md', text]]))
 */
export function writeFilesAtomic(files: ReadonlyMap<string, string>): void {
  const temps: [string, string][] = [];
  let current = '';
  try {
    for (const [target, content] of files) {
      current = target;
      makeDirectory(path.dirname(target));
      const tmp = tempPathFor(path.resolve(target));
      temps.push([tmp, target]);
      fs.writeFileSync(tmp, content);
    }
  } catch (error) {
    for (const [tmp] of temps) {
      fs.rmSync(tmp, { force: true });
      releaseTemp(tmp);
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new RenderError('RPERF_RENDER_WRITE', `cannot write ${current} (${code}); nothing was replaced; make its folder writable or choose another output folder`);
  }
  for (const [tmp, target] of temps) {
    fs.renameSync(tmp, target);
    releaseTemp(tmp);
  }
}

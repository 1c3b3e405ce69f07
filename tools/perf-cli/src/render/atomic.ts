/**
 * Write several files: every temp file is written first (same folder as its target, so each
 * rename is atomic), then all are renamed. A failure while writing replaces nothing and leaves
 * no temp file. NOTE: the set is not transactional: a rename that fails after others succeeded
 * (a target folder made read-only in between) leaves the earlier files replaced; the error
 * then names what was and was not replaced, and the remaining temp files are removed.
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
  const replaced: string[] = [];
  for (const [tmp, target] of temps) {
    try {
      fs.renameSync(tmp, target);
    } catch (error) {
      for (const [t] of temps.slice(replaced.length)) {
        fs.rmSync(t, { force: true });
        releaseTemp(t);
      }
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      throw new RenderError('RPERF_RENDER_WRITE', `cannot replace ${target} (${code})${replaced.length ? `; already replaced: ${replaced.join(', ')}` : '; nothing was replaced'}; make its folder writable and render again`);
    }
    releaseTemp(tmp);
    replaced.push(target);
  }
}

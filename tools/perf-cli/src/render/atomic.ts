/**
 * Write several files so that either all are replaced or none is: every temp file is
 * written first (same folder as its target, so the rename is atomic), then all are renamed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RenderError } from './errors';

/**
 * Write `files` (path -> content) atomically as a set.
 * @example writeFilesAtomic(new Map([['docs/perf/dashboard.md', text]]))
 */
export function writeFilesAtomic(files: ReadonlyMap<string, string>): void {
  const temps: [string, string][] = [];
  try {
    for (const [target, content] of files) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
      fs.writeFileSync(tmp, content);
      temps.push([tmp, target]);
    }
  } catch (error) {
    for (const [tmp] of temps) fs.rmSync(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    const target = [...files.keys()][temps.length] ?? '';
    throw new RenderError('RPERF_RENDER_WRITE', `cannot write ${target} (${code}); nothing was replaced; make its folder writable or choose another output folder`);
  }
  for (const [tmp, target] of temps) fs.renameSync(tmp, target);
}

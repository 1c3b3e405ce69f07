/**
 * Write a built site as one unit: every file into a temporary folder beside the output, then
 * one rename puts it in place (an earlier site there is moved aside first and removed after),
 * so a reader never sees half a site and a failure leaves the old one as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDirectory } from '@rhenium-perf/harness';
import { PerfCliError } from '../errors';
import type { SiteFiles } from './build';

/** The file that marks a folder as a site made by `rhenium-perf site` (so it may be replaced). */
export const SITE_MARKER = '.rhenium-perf-site';

function unwritable(dir: string, err: unknown): PerfCliError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new PerfCliError('RPERF_SITE_OUTPUT', `cannot write the site to ${dir} (${code}); choose another --output`);
}

/**
 * Refuse an output that would lose someone's files: an existing file, or a non-empty folder
 * that is not an earlier site (no {@link SITE_MARKER}).
 */
export function checkSiteOutput(dir: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw unwritable(dir, err);
  }
  if (!st.isDirectory()) throw new PerfCliError('RPERF_SITE_OUTPUT', `--output ${dir} is a file, not a folder; choose a new or empty folder`);
  const entries = fs.readdirSync(dir);
  if (entries.length > 0 && !entries.includes(SITE_MARKER)) {
    throw new PerfCliError('RPERF_SITE_OUTPUT', `--output ${dir} holds files that are not a site made by rhenium-perf site (no ${SITE_MARKER}); the site replaces its folder, so choose a new or empty folder`);
  }
}

/** Write `files` as the folder `dir` (replacing an earlier site there). Returns how many files were written. */
export function writeSite(files: SiteFiles, dir: string): number {
  const target = path.resolve(dir);
  checkSiteOutput(target);
  const parent = path.dirname(target);
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${process.pid}`);
  try {
    makeDirectory(parent);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    fs.writeFileSync(path.join(tmp, SITE_MARKER), 'made by rhenium-perf site; the next run replaces this folder\n');
    for (const [rel, text] of files) {
      const file = path.join(tmp, ...rel.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw unwritable(target, err);
  }
  const hadOld = fs.existsSync(target);
  try {
    if (hadOld) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
  } catch (err) {
    if (hadOld && !fs.existsSync(target) && fs.existsSync(old)) fs.renameSync(old, target);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw unwritable(target, err);
  }
  fs.rmSync(old, { recursive: true, force: true });
  return files.size;
}

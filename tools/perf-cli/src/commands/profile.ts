/**
 * `rhenium-perf profile CASE_ID [--base REF] [--output-dir DIR] [-v]`: run one case under the
 * V8 CPU profiler (`node --cpu-prof`) on the working tree, and with `--base` on a worktree of
 * REF too (the one `ab` uses), then write `<case>.head.cpuprofile` (`<case>.base.cpuprofile`)
 * and `<case>.md`, the top functions by self time with the base → head difference.
 *
 * Exit codes: 0 profiled; 1 the case failed on a side (its error line on stderr); 2 an
 * unknown case id, a bad ref, a side that does not build, an unwritable output folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { median, resolveDevice, SLOWDOWN_ENV, writeTextAtomic } from '@rhenium-perf/harness';
import type { ProfileArgs } from '../args';
import { prepareWorktree, resolveCommit, workingTreeSide, type Side } from '../ab/git';
import { DEFAULT_OUTPUT_DIR } from '../defaults';
import { PerfCliError } from '../errors';
import { parseCpuProfile, selfTimes, type CallFrame } from '../profile/cpuprofile';
import { findCaseOnSide, profileOnSide, type FoundCase } from '../profile/run';
import { profileMarkdown, type SideProfile } from '../profile/table';
import { ensureWritableDir, workspaceOf, type CliIo } from './io';

/** Where profiles go, relative to the workspace root. */
export const DEFAULT_PROFILE_DIR = 'artifacts/perf/profiles';

/** The harness's timed loop: samples under it are the measured calls. */
export const inTimedLoop = (f: CallFrame): boolean => f.functionName === 'timeSamples' && /\/packages\/harness\/(dist|src)\//.test(f.url);

/** A case id as a file name (ids are [a-z0-9_] by convention; anything else becomes `_`). */
export const fileStem = (caseId: string): string => caseId.replace(/[^A-Za-z0-9_.-]/g, '_');

/** The error of an id no package of the working tree has (exit 2). */
export function unknownCase(id: string): PerfCliError {
  return new PerfCliError('RPERF_NO_CASES', `no case "${id}" in the packages of the working tree; list the case ids with npm run perf -- --dry-run --full`);
}

/** What to profile: one case on the working tree, and on a base commit when `base` is set. */
export interface ProfileSpec {
  caseId: string;
  base: string | null;
  outputDir: string;
  /** The folder of the base's worktree (the one `ab` uses). */
  worktreeDir: string;
  verbose: boolean;
}

/** What `profileCase` wrote: the table (markdown) and the files, or the exit code of a failure. */
export type ProfileOutcome = { code: 0; mdFile: string; files: string[] } | { code: 1; files: [] };

export async function commandProfile(args: ProfileArgs, io: CliIo): Promise<number> {
  const ws = workspaceOf(io);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.join(ws, DEFAULT_PROFILE_DIR));
  ensureWritableDir(outputDir);
  const out = await profileCase(ws, { caseId: args.caseId, base: args.base, outputDir, worktreeDir: path.join(ws, DEFAULT_OUTPUT_DIR, 'ab'), verbose: args.verbose }, io);
  if (out.code === 0) {
    io.stdout.write(fs.readFileSync(out.mdFile, 'utf8'));
    for (const f of out.files) io.stdout.write(`  wrote: ${path.relative(io.cwd, f) || f}\n`);
  }
  return out.code;
}

/**
 * Profile `spec.caseId` on the head (and the base): the .cpuprofile files and `<case>.md`.
 * Unknown ids and bad refs throw (exit 2); a case that fails on a side is code 1, said on stderr.
 */
export async function profileCase(ws: string, spec: ProfileSpec, io: CliIo): Promise<ProfileOutcome> {
  const log = (line: string): void => void io.stderr.write(line + '\n');
  const id = spec.caseId;
  const outputDir = spec.outputDir;
  ensureWritableDir(outputDir);
  const device = resolveDevice('auto').resolved;

  // Every case and side is found (and built) before anything is measured.
  const head = workingTreeSide(ws);
  const found = await findCaseOnSide(head, id, log);
  if (!found) throw unknownCase(id);
  if (found.listed.tags.includes('gpu') && device !== 'cuda') {
    io.stderr.write(`rhenium-perf: error: ${id} needs CUDA (tag gpu) and this machine has none; nothing was profiled\n`);
    return { code: 1, files: [] };
  }
  let base: { side: Side; found: FoundCase } | null = null;
  if (spec.base !== null) {
    const sha = resolveCommit(ws, spec.base);
    const side = prepareWorktree(ws, 'base', spec.base, sha, path.join(spec.worktreeDir, `base-${sha.slice(0, 12)}`), log);
    const onBase = await findCaseOnSide(side, id, log, found.project);
    if (!onBase) {
      throw new PerfCliError('RPERF_NO_CASES', `no case "${id}" on the base ${spec.base} (${sha.slice(0, 12)}); it is new on the head: profile it without --base`);
    }
    base = { side, found: onBase };
  }

  log(`rhenium-perf profile: ${id} (${found.project}) on the head${base ? ` and on the base ${base.side.ref}` : ''}, device ${device}`);
  const stem = fileStem(id);
  const sides: SideProfile[] = [];
  const runs: { side: Side; found: FoundCase; env: NodeJS.ProcessEnv }[] = [{ side: head, found, env: { ...process.env } }];
  if (base) {
    // As in ab: the A/B slowdown knob acts on the head only.
    const env = { ...process.env };
    delete env[SLOWDOWN_ENV];
    runs.push({ side: base.side, found: base.found, env });
  }
  for (const r of runs) {
    const target = path.join(outputDir, `${stem}.${r.side.label}.cpuprofile`);
    const got = await profileOnSide(r.side, r.found, target, { device, env: r.env, log, verbose: spec.verbose });
    if (!got.ok) {
      io.stderr.write(`rhenium-perf: error: ${id} failed on the ${r.side.label} (${r.side.ref}): ${got.error.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
      return { code: 1, files: [] };
    }
    const m = got.measurement;
    sides.push({
      label: r.side.label, ref: r.side.ref, sha: r.side.sha, dirty: r.side.dirty,
      roots: [r.side.root, ws], profileFile: got.profileFile,
      self: selfTimes(parseCpuProfile(fs.readFileSync(got.profileFile, 'utf8'), got.profileFile), { within: inTimedLoop }),
      timedCalls: m.samplesMs.length * (m.batchSizes[0] ?? 1),
      medianMs: m.samplesMs.length ? median(m.samplesMs) : null,
    });
  }

  const md = profileMarkdown(id, sides[0]!, sides[1] ?? null);
  const mdFile = path.join(outputDir, `${stem}.md`);
  writeTextAtomic(mdFile, md);
  return { code: 0, mdFile, files: [...sides.map((s) => s.profileFile), mdFile] };
}

/**
 * The two sides of an A/B run as folders: the head is the working tree (or a worktree of
 * `--head REF`), the base a git worktree of `--base REF` under artifacts/perf/ab/.
 *
 * Dependencies of a worktree: when its package-lock.json equals the head's, its
 * node_modules is a folder of links to the head's installed packages, except the workspace's
 * own packages (@rhenium-perf/*), which link to the worktree's own folders (else the base
 * would run the head's harness); otherwise `npm ci` installs it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PerfCliError } from '../errors';

/** One side of an A/B run. */
export interface Side {
  label: 'base' | 'head';
  ref: string;
  /** The folder holding the side's checkout (a workspace root). */
  root: string;
  sha: string | null;
  dirty: boolean;
}

function git(cwd: string, args: readonly string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? r.error?.message ?? '').trim() };
}

/** The commit `ref` names, or a one-line error (exit 2). */
export function resolveCommit(ws: string, ref: string): string {
  if (!git(ws, ['rev-parse', '--git-dir']).ok) throw new PerfCliError('RPERF_AB_REF', `${ws} is not a git checkout; rhenium-perf ab compares two commits of one`);
  const r = git(ws, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!r.ok || !/^[0-9a-f]{40}$/.test(r.out)) {
    throw new PerfCliError('RPERF_AB_REF', `no commit "${ref}" in ${ws} (git rev-parse failed); fetch it or name an existing ref, e.g. --base origin/main`);
  }
  return r.out;
}

/** The working tree as the head side. */
export function workingTreeSide(ws: string): Side {
  const sha = git(ws, ['rev-parse', 'HEAD']);
  const status = git(ws, ['status', '--porcelain', '--untracked-files=no']);
  return { label: 'head', ref: 'working tree', root: ws, sha: sha.ok ? sha.out : null, dirty: status.ok && status.out.length > 0 };
}

/** Workspace packages of a checkout: package name -> folder (`by: 'project'`: Nx project name -> folder). */
export function workspacePackages(root: string, by: 'name' | 'project' = 'name'): Map<string, string> {
  const out = new Map<string, string>();
  for (const group of ['packages', 'tools']) {
    const dir = path.join(root, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const pj = path.join(dir, name, 'package.json');
      if (!fs.existsSync(pj)) continue;
      try {
        const doc = JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string; nx?: { name?: string } };
        const key = by === 'project' ? (doc.nx?.name ?? name) : doc.name;
        if (key) out.set(key, path.join(dir, name));
      } catch {
        // a broken package.json is the build's to report
      }
    }
  }
  return out;
}

/** Link the head's installed packages into a worktree whose lockfile is identical (see module comment). */
function linkNodeModules(headRoot: string, root: string): void {
  const src = path.join(headRoot, 'node_modules');
  const dst = path.join(root, 'node_modules');
  fs.rmSync(dst, { recursive: true, force: true });
  fs.mkdirSync(dst);
  const own = workspacePackages(root);
  for (const entry of fs.readdirSync(src)) {
    if (entry === '.package-lock.json') continue;
    if (entry.startsWith('@')) {
      fs.mkdirSync(path.join(dst, entry));
      for (const sub of fs.readdirSync(path.join(src, entry))) {
        const name = `${entry}/${sub}`;
        const target = own.get(name) ?? fs.realpathSync(path.join(src, entry, sub));
        if (!own.has(name) && workspacePackages(headRoot).has(name)) continue; // a package the base does not have
        fs.symlinkSync(target, path.join(dst, entry, sub), 'dir');
      }
      continue;
    }
    fs.symlinkSync(path.join(src, entry), path.join(dst, entry));
  }
}

/** Install the worktree's dependencies: links when the lockfiles match, else `npm ci`. */
function installDependencies(headRoot: string, root: string, log: (line: string) => void): 'linked' | 'npm ci' {
  const lock = (r: string): string | null => {
    try {
      return fs.readFileSync(path.join(r, 'package-lock.json'), 'utf8');
    } catch {
      return null;
    }
  };
  const same = lock(headRoot) !== null && lock(headRoot) === lock(root) && fs.existsSync(path.join(headRoot, 'node_modules'));
  if (same) {
    linkNodeModules(headRoot, root);
    return 'linked';
  }
  log(`rhenium-perf ab: the lockfiles differ; npm ci in ${root}`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout || '').trim().split('\n').slice(-2).join(' | ');
    throw new PerfCliError('RPERF_AB_BUILD', `npm ci failed in ${root} (exit ${r.status}): ${why}`);
  }
  return 'npm ci';
}

/**
 * A worktree of `sha` at `dir` (created, or reused when it is already there at that commit
 * and clean), with its dependencies installed.
 */
export function prepareWorktree(ws: string, label: Side['label'], ref: string, sha: string, dir: string, log: (line: string) => void): Side {
  if (fs.existsSync(dir)) {
    const at = git(dir, ['rev-parse', 'HEAD']);
    if (!at.ok || at.out !== sha) {
      throw new PerfCliError('RPERF_AB_DIRTY', `${dir} exists but is not a worktree at ${sha.slice(0, 12)}; remove it (git worktree remove --force ${dir}) and run again`);
    }
    const status = git(dir, ['status', '--porcelain', '--untracked-files=no']);
    if (!status.ok || status.out.length > 0) {
      throw new PerfCliError('RPERF_AB_DIRTY', `the ${label} worktree ${dir} has uncommitted changes (${status.out.split('\n')[0]}); remove it (git worktree remove --force ${dir}) and run again`);
    }
  } else {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const r = git(ws, ['worktree', 'add', '--detach', dir, sha]);
    if (!r.ok) throw new PerfCliError('RPERF_AB_REF', `git worktree add ${dir} ${sha.slice(0, 12)} failed: ${r.err.split('\n').slice(-1)[0]}`);
  }
  const how = installDependencies(ws, dir, log);
  log(`rhenium-perf ab: ${label} ${ref} (${sha.slice(0, 12)}) in ${path.relative(ws, dir) || dir}, dependencies ${how}`);
  return { label, ref, root: dir, sha, dirty: false };
}

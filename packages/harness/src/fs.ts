/**
 * File helpers: atomic writes, folder creation that cannot hang, temp files removed on
 * SIGINT / SIGTERM, and the workspace root.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Temp files of writes in progress (removed by the signal handlers). */
const liveTemps = new Set<string>();
let signalsHandled = false;

/**
 * On SIGINT / SIGTERM, remove the temp files of writes in progress, then exit as the signal
 * would (130 / 143). Bin entries call it once; a library user's own handlers are left alone.
 *
 * NOTE: without a handler the default action kills the process in the middle of a
 * `writeFileSync`, leaving a partial `.<name>.<pid>.<time>.tmp` beside the target. With one,
 * the signal is handled between two JavaScript tasks: a synchronous write finishes (and is
 * renamed) first, and the handler removes whatever is still registered.
 */
export function removeTempsOnSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      for (const t of liveTemps) fs.rmSync(t, { force: true });
      process.exit(code);
    });
  }
}

/** A temp file beside `target` for an atomic write, registered for removal on a signal. */
export function tempPathFor(target: string): string {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  liveTemps.add(tmp);
  return tmp;
}

/** The temp file is renamed or removed: forget it. */
export function releaseTemp(tmp: string): void {
  liveTemps.delete(tmp);
}

/**
 * Create `dir` and its missing parents, one level at a time.
 *
 * NOTE: not `mkdirSync(dir, { recursive: true })`: Node's recursive mkdir loops forever at
 * 100% CPU under procfs (`/proc/x`), where mkdir fails with ENOENT although the parent
 * exists. Here the nearest existing ancestor must be a folder and each level is made once;
 * any failure throws the system error (ENOENT, ENOTDIR, EACCES, …) for the caller to report.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR', path: at });
      break;
    }
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(d).isDirectory()) throw err;
    }
  }
}

/**
 * Write JSON atomically: to a temp file in the same folder, then rename over the target,
 * so a reader never sees a half-written file and a failed write leaves the old one intact.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeTextAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Write text atomically (temp file + rename), creating the folder. */
export function writeTextAtomic(file: string, text: string): void {
  writeFileAtomic(file, text);
}

/**
 * Write bytes or text atomically: a temp file beside the target (removed on a signal or a
 * failure), then a rename over it; the folder is created. `mode` applies to a new file
 * (e.g. 0o600 for a file only this user may read).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  const target = path.resolve(file);
  makeDirectory(path.dirname(target));
  const tmp = tempPathFor(target);
  try {
    fs.writeFileSync(tmp, data, options.mode === undefined ? {} : { mode: options.mode });
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    releaseTemp(tmp);
  }
}

/**
 * Whether `dir` is a folder only this user can write to (owned by this user, not group- or
 * world-writable): the condition for trusting files another process left in it.
 */
export function isPrivateFolder(dir: string): boolean {
  try {
    const st = fs.statSync(dir);
    const uid = typeof process.getuid === 'function' ? process.getuid() : null;
    return st.isDirectory() && (uid === null || st.uid === uid) && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * The root folder of the package a module belongs to: the nearest folder at or above the
 * module (`import.meta.url`) with a package.json, named `name` when given. Works from src/,
 * bench/, dist/ and dist/bench/ alike (they sit at different depths). Null when none.
 * @example packageRoot(import.meta.url, '@rhenium-perf/cli-overhead') // '/…/packages/cli-overhead'
 */
export function packageRoot(moduleUrl: string | URL, name?: string): string | null {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      if (name === undefined) return dir;
      try {
        if ((JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: unknown }).name === name) return dir;
      } catch {
        // an unreadable package.json is not the one we look for
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** The nearest folder at or above `from` holding nx.json, or null outside a workspace. */
export function findWorkspaceRoot(from: string = process.cwd()): string | null {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * Import package `name` as the module at `from` (a file path) would resolve it, through the
 * package's `exports["."]` entry for `condition`: the copy a built program loads (a bundle
 * that keeps the package outside, a server that finds it beside its own dependency), not the
 * one the caller's own resolution would give.
 * @example await importPackageFrom('/…/dist/rhenium.js', '@rhenium-perf/onnx-models') // that copy's module
 */
export async function importPackageFrom<T = Record<string, unknown>>(from: string, name: string, condition = 'import'): Promise<T> {
  const pj = createRequire(from).resolve(`${name}/package.json`);
  const dot = (JSON.parse(fs.readFileSync(pj, 'utf8')) as { exports?: { '.'?: string | Record<string, unknown> } }).exports?.['.'];
  const entry = typeof dot === 'string' ? dot : dot?.[condition];
  if (typeof entry !== 'string') throw new Error(`${pj} names no "${condition}" entry for "."; reinstall ${name}`);
  return (await import(pathToFileURL(path.join(path.dirname(pj), entry)).href)) as T;
}

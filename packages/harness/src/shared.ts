/**
 * What a case's processes can share instead of making it again in every process:
 *
 * - `runFixture(key, make)`: bytes made once per run (an encoded DICOM series, a reference
 *   image) and read by the run's later processes of any case. The runner gives its case
 *   processes a fresh private folder (`RHENIUM_PERF_RUN_FIXTURES`) and removes it at the end
 *   of the run, so nothing outlives the run and no stale fixture is ever read. Outside a
 *   runner (tests, `runCaseInline`) `make` is simply called.
 * - `machineCached(key, make)`: a small JSON value kept between runs on this machine (the
 *   fastest settings of a reference implementation, found by a search that takes a minute).
 *   Its key is the caller's key plus the machine's fingerprint (CPU model and count, Node
 *   version, OS release), so another machine never reads it. `RHENIUM_PERF_MACHINE_CACHE=off`
 *   turns it off; a folder path moves it.
 *
 * NOTE: only inputs and reference settings are shared, never a measured figure: every process
 * still times its own calls and verifies its own output against the (shared) reference.
 * Both stores are written through a temporary file and a rename, so a process never reads
 * half a file; a read that fails or looks wrong (size, JSON) is treated as absent.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPrivateFolder, writeFileAtomic } from './fs';

/** Env: this run's fixture folder (the runner sets it for its case processes). */
export const RUN_FIXTURES_ENV = 'RHENIUM_PERF_RUN_FIXTURES';
/** Env: `off` disables the per-machine cache; any other non-empty value is its folder. */
export const MACHINE_CACHE_ENV = 'RHENIUM_PERF_MACHINE_CACHE';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** True when `dir` is a folder this user owns that nobody else can write. */
/** The whole file in a fresh, 8-byte-aligned Uint8Array (so typed-array views of it work). */
function readAligned(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const out = new Uint8Array(size);
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, out, off, size - off, off);
      if (n === 0) throw new Error(`short read of ${file}`);
      off += n;
    }
    return out;
  } finally {
    fs.closeSync(fd);
  }
}

/** Make a private folder for one run's fixtures (the runner calls this; remove it with `removeRunFixtures`). */
export function createRunFixtures(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-fixtures-'));
}

/** Remove a run's fixture folder (best effort). */
export function removeRunFixtures(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A run fixture folder set for this process only: see {@link temporaryRunFixtures}. */
export interface TemporaryRunFixtures {
  /** The folder (private, empty at first). */
  readonly dir: string;
  /** Put RUN_FIXTURES_ENV back as it was and remove the folder. */
  restore(): void;
}

/**
 * Point this process's run fixtures at a new private folder, as the runner does for a run
 * (for tests of a package's shared inputs and references; pair with `restore()`).
 * @example const fx = temporaryRunFixtures(); try { await runFixture('k', make); } finally { fx.restore(); }
 */
export function temporaryRunFixtures(): TemporaryRunFixtures {
  const before = process.env[RUN_FIXTURES_ENV];
  const dir = createRunFixtures();
  process.env[RUN_FIXTURES_ENV] = dir;
  return {
    dir,
    restore: () => {
      if (before === undefined) delete process.env[RUN_FIXTURES_ENV];
      else process.env[RUN_FIXTURES_ENV] = before;
      removeRunFixtures(dir);
    },
  };
}

/** Statistics of this process's shared lookups (for tests and `ctx.record`). */
export const sharedStats = { runHits: 0, runMisses: 0, machineHits: 0, machineMisses: 0 };

/**
 * Bytes made once per run and shared by its processes.
 * `key` must name everything the bytes depend on (the phantom, its size, the codec and its
 * options); two fixtures with one key would be confused.
 * @example const dicom = await runFixture(`ct-series:j2k:${n}x${h}x${w}`, () => encodeSeries(...));
 */
export async function runFixture(key: string, make: () => Uint8Array | Promise<Uint8Array>): Promise<Uint8Array> {
  const dir = process.env[RUN_FIXTURES_ENV];
  if (!dir || !isPrivateFolder(dir)) {
    sharedStats.runMisses++;
    return make();
  }
  const file = path.join(dir, `${sha256(key).slice(0, 32)}.bin`);
  if (fs.existsSync(file)) {
    try {
      const bytes = readAligned(file);
      sharedStats.runHits++;
      return bytes;
    } catch {
      /* unreadable: make it again */
    }
  }
  sharedStats.runMisses++;
  const bytes = await make();
  try {
    writeFileAtomic(file, bytes, { mode: 0o600 });
  } catch {
    /* a full or read-only disk costs the next process a rebuild, nothing else */
  }
  return bytes;
}

/** `runFixture` for a JSON value. */
export async function runFixtureJson<T>(key: string, make: () => T | Promise<T>): Promise<T> {
  let made: T | undefined;
  const bytes = await runFixture(`json:${key}`, async () => {
    made = await make();
    return new TextEncoder().encode(JSON.stringify(made));
  });
  return made !== undefined ? made : (JSON.parse(new TextDecoder().decode(bytes)) as T);
}

/** The machine's fingerprint: what makes a measured setting belong to this machine. */
export function machineFingerprint(): string {
  const cpus = os.cpus();
  return [cpus[0]?.model ?? 'unknown cpu', cpus.length, process.version, os.platform(), os.release(), os.arch()].join('|');
}

/** The per-machine cache folder, or null when turned off. */
export function machineCacheDir(): string | null {
  const v = (process.env[MACHINE_CACHE_ENV] ?? '').trim();
  if (/^(off|0|false)$/i.test(v)) return null;
  if (v) return v;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(os.tmpdir(), `rhenium-perf-machine-cache-${uid}`);
}

/**
 * A JSON value kept on this machine between runs: `make` runs only when no value is stored
 * for `key` on this machine (fingerprint), or the cache is off. `cached` tells which.
 * `key` must name everything the value depends on (versions of the reference libraries,
 * the input's size and content); the machine part is added here.
 */
export async function machineCached<T>(key: string, make: () => T | Promise<T>): Promise<{ value: T; cached: boolean }> {
  const dir = machineCacheDir();
  const fullKey = `${key}\n${machineFingerprint()}`;
  const file = dir ? path.join(dir, `${sha256(fullKey).slice(0, 32)}.json`) : null;
  if (file && isPrivateFolder(dir!)) {
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { key: string; value: T };
      if (stored.key === fullKey) {
        sharedStats.machineHits++;
        return { value: stored.value, cached: true };
      }
    } catch {
      /* absent or unreadable */
    }
  }
  sharedStats.machineMisses++;
  const value = await make();
  if (file) {
    try {
      fs.mkdirSync(dir!, { recursive: true, mode: 0o700 });
      if (isPrivateFolder(dir!)) writeFileAtomic(file, JSON.stringify({ key: fullKey, value, stored_at: new Date().toISOString() }), { mode: 0o600 });
    } catch {
      /* read-only: search again next time */
    }
  }
  return { value, cached: false };
}

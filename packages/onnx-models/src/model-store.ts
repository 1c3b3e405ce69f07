/**
 * The zoo's persistent store: a built model kept on disk between processes, so a cold
 * process (`rhenium segment`, a server start) reads a model instead of building it (the 3D
 * U-Net takes ~100-150 ms to build and serialise, most of a tiny job).
 *
 * Two files per model in the cache folder (`modelCacheDir()`):
 * - `<name>-<sha256 of the bytes, 16 hex>.onnx`: the bytes, content-addressed (the same file
 *   `modelFile` writes);
 * - `<name>-<recipe key, 16 hex>.json`: the descriptor (sha256, inputs, outputs, config...),
 *   found by the recipe key = sha256 of the model's name, its options and the builder code
 *   (every source or bundle file of this package, see `builderFingerprint`), so a change of
 *   the builders or of the options never reuses an old model.
 *
 * Reads are checked: the bytes must have the sha256 the descriptor names, else the entry is
 * ignored and rebuilt. The store is only used in a folder this user owns that nobody else
 * can write (created 0700): the descriptor is trusted to say what a recipe builds, so a
 * shared temp folder must not let another account plant one. Writes go through a temporary file and a rename, so concurrent
 * processes never see half a file; a write that fails (read-only folder) only costs the
 * build next time.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CACHE_SUBDIR, MODEL_CACHE_DIR_ENV, MODEL_STORE_ENV } from './defaults';
import { sha256Hex } from './sha256';
import type { BuiltModel } from './types';

/** The cache folder: RPERF_ONNX_MODELS_CACHE_DIR, else `<tmpdir>/rhenium-perf-onnx-models`. */
export function modelCacheDir(): string {
  return process.env[MODEL_CACHE_DIR_ENV] || path.join(os.tmpdir(), DEFAULT_CACHE_SUBDIR);
}

/** False when RPERF_ONNX_MODELS_STORE is `off` (or `0`): every process builds its models. */
export function modelStoreEnabled(): boolean {
  const v = (process.env[MODEL_STORE_ENV] ?? '').trim().toLowerCase();
  return v !== 'off' && v !== '0' && v !== 'false';
}

let fingerprint: string | null = null;

/** Code files of the package folder this module was loaded from (dist/ when built, src/ from sources). */
function codeFiles(dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) codeFiles(p, out);
    else if (/\.(m?js|ts)$/.test(e.name) && !/\.(test|spec)\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * sha256 (hex) of the builder code: every .js/.ts file beside this module (the bundle when
 * built, the sources otherwise), in sorted order. Computed once per process (~1 ms).
 * NOTE: hashing the code rather than trusting a version constant: an edit of a builder that
 * forgets to bump PRODUCER_VERSION must not reuse the old model.
 */
export function builderFingerprint(): string {
  if (fingerprint === null) {
    const h = createHash('sha256');
    const dir = path.dirname(fileURLToPath(import.meta.url));
    for (const f of codeFiles(dir, []).sort()) h.update(path.relative(dir, f)).update('\0').update(fs.readFileSync(f)).update('\0');
    fingerprint = h.digest('hex');
  }
  return fingerprint;
}

/**
 * The recipe key of a model: sha256 of its name, its options (keys sorted) and the builder code.
 * @example recipeKey('unet3d', {}) // 64 hex digits, the same in every process of one build
 */
export function recipeKey(name: string, options: object): string {
  return sha256Hex(new TextEncoder().encode(`${name}\n${JSON.stringify(options, Object.keys(options).sort())}\n${builderFingerprint()}`));
}

/** True when `dir` exists, is owned by this user and is writable by nobody else. */
function privateFolder(dir: string): boolean {
  const st = fs.statSync(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  return st.isDirectory() && (uid === null || st.uid === uid) && (st.mode & 0o022) === 0;
}

const descriptorFile = (dir: string, name: string, key: string): string => path.join(dir, `${name}-${key.slice(0, 16)}.json`);
const bytesFile = (dir: string, name: string, sha256: string): string => path.join(dir, `${name}-${sha256.slice(0, 16)}.onnx`);

/** Write `data` to `file` atomically (temporary file, then rename). */
function writeAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * The stored model of this recipe, or null (not stored, unreadable, or bytes that do not
 * have the descriptor's sha256).
 */
export function readStoredModel(name: string, options: object, dir: string = modelCacheDir()): BuiltModel | null {
  try {
    if (!privateFolder(dir)) return null;
    const key = recipeKey(name, options);
    const descriptor = JSON.parse(fs.readFileSync(descriptorFile(dir, name, key), 'utf8')) as Omit<BuiltModel, 'bytes'> & { recipe?: string };
    if (descriptor.recipe !== key || typeof descriptor.sha256 !== 'string') return null;
    // A view of the read Buffer, not a copy (1.4 MB for the U-Net; a copy cost 15-25 ms here).
    const buf = fs.readFileSync(bytesFile(dir, name, descriptor.sha256));
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    if (sha256Hex(bytes) !== descriptor.sha256) return null;
    const { recipe: _recipe, ...rest } = descriptor;
    return Object.freeze({ ...rest, config: Object.freeze(rest.config), bytes });
  } catch {
    return null;
  }
}

/**
 * Store a built model (bytes and descriptor) for later processes. Returns false when the
 * folder cannot be written (the caller keeps its in-memory model).
 */
export function storeModel(model: BuiltModel, options: object, dir: string = modelCacheDir()): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!privateFolder(dir)) return false;
    const onnx = bytesFile(dir, model.name, model.sha256);
    if (!fs.existsSync(onnx) || sha256Hex(fs.readFileSync(onnx)) !== model.sha256) writeAtomic(onnx, model.bytes);
    const { bytes: _bytes, ...descriptor } = model;
    const key = recipeKey(model.name, options);
    writeAtomic(descriptorFile(dir, model.name, key), JSON.stringify({ ...descriptor, recipe: key }, null, 1));
    return true;
  } catch {
    return false;
  }
}

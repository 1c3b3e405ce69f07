/**
 * JSON export of a pipeline result that holds typed arrays (volumes, label maps,
 * probability maps), streamed.
 *
 * The document is produced as a sequence of string chunks by a generator that walks the
 * value (JSON.stringify's rules: toJSON, undefined/functions dropped in objects and null in
 * arrays, non-finite numbers as null), so a large result is never one giant string. Typed
 * arrays become {@link EncodedArray} objects whose base64 is emitted in slices of
 * `3 * 65536` bytes; an object with a typed-array `data` and a numeric `shape` (a Volume)
 * gets that shape in its encoded array. The file writer buffers chunks up to
 * DEFAULT_JSON_FLUSH_CHARS, honours the stream's backpressure, and writes atomically.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { atomicWrite } from './atomic';
import { DEFAULT_JSON_FLUSH_CHARS } from './defaults';
import { SerializationError } from './errors';
import { arrayPayload, decodeTypedArray, isEncodedArray } from './typed-array-codec';

/** Bytes of payload per base64 chunk (a multiple of 3, so chunks concatenate). */
const BASE64_SLICE_BYTES = 3 * 65536;

const isTypedArray = (v: unknown): v is ArrayBufferView => ArrayBuffer.isView(v) && !(v instanceof DataView);

function* encodedArrayChunks(a: ArrayBufferView, shape: readonly number[] | undefined, path: string, where: string): Generator<string> {
  const p = arrayPayload(a, `${where} at ${path}`);
  let head = `{"$typed":"${p.dtype}","length":${(a as Uint8Array).length},`;
  if (shape) head += `"shape":${JSON.stringify(shape)},`;
  yield `${head}"encoding":"${p.encoding}","data":"`;
  for (let o = 0; o < p.bytes.length; o += BASE64_SLICE_BYTES) {
    const s = p.bytes.subarray(o, Math.min(p.bytes.length, o + BASE64_SLICE_BYTES));
    yield Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('base64');
  }
  yield '"}';
}

function volumeShape(o: Record<string, unknown>): readonly number[] | undefined {
  const s = o.shape;
  return isTypedArray(o.data) && Array.isArray(s) && s.every((d) => Number.isInteger(d)) ? (s as number[]) : undefined;
}

/**
 * The JSON text of `value` as a sequence of chunks (concatenate them for the document).
 * @example [...jsonChunks({ labels: new Uint8Array(4) })].join('') // '{"labels":{"$typed":"uint8","length":4,"encoding":"rle","data":"AAQ="}}'
 */
export function* jsonChunks(value: unknown, where = '<json>'): Generator<string> {
  const stack = new Set<object>();
  function* walk(v: unknown, path: string, shape?: readonly number[]): Generator<string> {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' && !isTypedArray(v)) {
      v = (v as { toJSON: (k: string) => unknown }).toJSON(path);
    }
    switch (typeof v) {
      case 'string':
        yield JSON.stringify(v);
        return;
      case 'number':
        yield Number.isFinite(v) ? String(v) : 'null';
        return;
      case 'boolean':
        yield v ? 'true' : 'false';
        return;
      case 'bigint':
        throw new SerializationError('RPERF_SER_INVALID_INPUT', where, `${path} is a BigInt, which JSON cannot hold; convert it to a number or string`);
      case 'undefined':
      case 'function':
      case 'symbol':
        yield 'null';
        return;
    }
    if (v === null) {
      yield 'null';
      return;
    }
    if (isTypedArray(v)) {
      yield* encodedArrayChunks(v, shape, path, where);
      return;
    }
    const obj = v as object;
    if (stack.has(obj)) throw new SerializationError('RPERF_SER_INVALID_INPUT', where, `${path} refers back to an enclosing object (a cycle)`);
    stack.add(obj);
    if (Array.isArray(obj)) {
      yield '[';
      for (let i = 0; i < obj.length; i++) {
        if (i > 0) yield ',';
        yield* walk(obj[i], `${path}[${i}]`);
      }
      yield ']';
    } else {
      const rec = obj as Record<string, unknown>;
      const vshape = volumeShape(rec);
      yield '{';
      let first = true;
      for (const key of Object.keys(rec)) {
        const x = rec[key];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        yield `${first ? '' : ','}${JSON.stringify(key)}:`;
        first = false;
        yield* walk(x, `${path}.${key}`, key === 'data' ? vshape : undefined);
      }
      yield '}';
    }
    stack.delete(obj);
  }
  yield* walk(value, '$');
}

/** The whole JSON document as one string (for small results and tests). */
export function serializeResultJson(value: unknown): string {
  let s = '';
  for (const c of jsonChunks(value)) s += c;
  return s;
}

/** Options of {@link writeResultJson}. */
export interface JsonWriteOptions {
  /** Characters buffered before a write (default 256 KiB). */
  flushChars?: number;
}

/**
 * Stream a result to a JSON file, atomically. Returns the bytes written.
 * @example await writeResultJson('/tmp/result.json', { labels: syntheticVolume('CT', 'large').labels })
 */
export async function writeResultJson(path: string, value: unknown, options: JsonWriteOptions = {}): Promise<{ path: string; bytes: number }> {
  const flush = options.flushChars ?? DEFAULT_JSON_FLUSH_CHARS;
  let bytes = 0;
  await atomicWrite(path, async (tmp) => {
    const out = createWriteStream(tmp, { encoding: 'utf8' });
    const failed = once(out, 'error').then(([e]) => {
      throw e;
    });
    failed.catch(() => undefined);
    try {
      let buf = '';
      const write = async (s: string): Promise<void> => {
        bytes += Buffer.byteLength(s);
        if (!out.write(s)) await Promise.race([once(out, 'drain'), failed]);
      };
      for (const chunk of jsonChunks(value, path)) {
        buf += chunk;
        if (buf.length >= flush) {
          await write(buf);
          buf = '';
        }
      }
      if (buf) await write(buf);
      out.end();
      await finished(out);
    } catch (e) {
      // The stream opens its file asynchronously: wait for it to close, or the open could
      // create the temporary file after atomicWrite has removed it (a stray .tmp on failure).
      if (!out.closed) {
        const closed = once(out, 'close').catch(() => undefined);
        out.destroy();
        await closed;
      }
      throw e;
    }
  });
  return { path, bytes };
}

/**
 * Parse a JSON document written by {@link writeResultJson}, turning encoded arrays back into
 * typed arrays.
 */
export function decodeResultJson(text: string, where = '<json>'): unknown {
  return JSON.parse(text, (_key, v: unknown) => (isEncodedArray(v) ? decodeTypedArray(v, where) : v));
}

/** Read and decode a JSON result file. */
export async function readResultJson(path: string): Promise<unknown> {
  return decodeResultJson(await readFile(path, 'utf8'), path);
}

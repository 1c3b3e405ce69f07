/**
 * Typed arrays in JSON, compactly: never as arrays of numbers.
 *
 * An encoded array is `{ "$typed": dtype, "length": n, "shape"?: [...], "encoding": "rle" | "base64", "data": string }`:
 * - `base64`: the elements' little-endian bytes in base64;
 * - `rle` (integer arrays, label maps): runs (value, count) as unsigned LEB128 varints — the
 *   value zigzag-mapped so negatives stay small — then base64. A 64^3 label map of a few
 *   lesions is a few hundred runs: a few kB instead of 262 kB.
 * The encoder picks RLE when its stream is at most RLE_MAX_RATIO of the raw bytes.
 */
import { RLE_MAX_RATIO } from './defaults';
import { SerializationError } from './errors';

/** Typed arrays that can be encoded. */
export type EncodableArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** Element type names used as `$typed`. */
export type Dtype = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** A typed array as stored in JSON. */
export interface EncodedArray {
  readonly $typed: Dtype;
  readonly length: number;
  readonly shape?: readonly number[];
  readonly encoding: 'rle' | 'base64';
  readonly data: string;
}

type Ctor = { new (n: number): EncodableArray; readonly BYTES_PER_ELEMENT: number };

/** dtype name -> constructor. */
export const DTYPES: Readonly<Record<Dtype, Ctor>> = Object.freeze({
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  uint32: Uint32Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
});

/** The dtype of a typed array, or null for one that is not encodable (BigInt64Array, DataView...). */
export function dtypeOf(a: ArrayBufferView): Dtype | null {
  for (const [name, ctor] of Object.entries(DTYPES) as [Dtype, Ctor][]) {
    if (a.constructor === ctor || (ctor === Uint8Array && a instanceof Uint8Array)) return name;
  }
  return null;
}

const isInteger = (d: Dtype): boolean => d !== 'float32' && d !== 'float64';

/** Little-endian bytes of a typed array (a view on little-endian hosts). */
export function littleEndianBytes(a: EncodableArray): Uint8Array {
  const view = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (a.BYTES_PER_ELEMENT === 1 || new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return view;
  const out = view.slice();
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < out.length; i += w) out.subarray(i, i + w).reverse();
  return out;
}

/**
 * Run-length encode an integer array as LEB128 varints of (zigzag(value), count), or null as
 * soon as the stream grows past `limit` bytes (then raw base64 is smaller).
 */
export function rleEncode(a: EncodableArray, limit = Infinity): Uint8Array | null {
  let cap = 1024;
  let buf = new Uint8Array(cap);
  let n = 0;
  const put = (v: number): void => {
    // unsigned LEB128 of a non-negative integer < 2^53
    while (true) {
      if (n + 1 > cap) {
        cap *= 2;
        const b = new Uint8Array(cap);
        b.set(buf);
        buf = b;
      }
      if (v < 128) {
        buf[n++] = v;
        return;
      }
      buf[n++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
  };
  let i = 0;
  while (i < a.length) {
    const v = a[i]!;
    let j = i + 1;
    while (j < a.length && a[j] === v) j++;
    put(v >= 0 ? 2 * v : -2 * v - 1);
    put(j - i);
    if (n > limit) return null;
    i = j;
  }
  return buf.subarray(0, n);
}

/** Decode an RLE stream into `out` (whose length is the expected element count). */
export function rleDecode(bytes: Uint8Array, out: EncodableArray, where = '<json>'): EncodableArray {
  let p = 0;
  let o = 0;
  const get = (): number => {
    let v = 0;
    let scale = 1;
    while (true) {
      if (p >= bytes.length) throw new SerializationError('RPERF_SER_DECODE', where, 'RLE stream ends inside a varint');
      const b = bytes[p++]!;
      v += (b & 127) * scale;
      if (b < 128) return v;
      scale *= 128;
      if (scale > 2 ** 56) throw new SerializationError('RPERF_SER_DECODE', where, 'RLE varint longer than 8 bytes');
    }
  };
  while (p < bytes.length) {
    const z = get();
    const value = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const count = get();
    if (o + count > out.length) throw new SerializationError('RPERF_SER_DECODE', where, `RLE runs hold more than the ${out.length} declared elements`);
    out.fill(value, o, o + count);
    o += count;
  }
  if (o !== out.length) throw new SerializationError('RPERF_SER_DECODE', where, `RLE runs hold ${o} elements, ${out.length} declared`);
  return out;
}

/** Encoding chosen for an array: raw bytes or an RLE stream, both to be base64'd. */
export interface ArrayPayload {
  readonly dtype: Dtype;
  readonly encoding: 'rle' | 'base64';
  readonly bytes: Uint8Array;
}

/** Choose RLE (integer arrays whose stream is small enough) or raw little-endian bytes. */
export function arrayPayload(a: ArrayBufferView, where = '<json>'): ArrayPayload {
  const dtype = dtypeOf(a);
  if (!dtype) throw new SerializationError('RPERF_SER_INVALID_INPUT', where, `${a.constructor.name} cannot be exported (supported: ${Object.keys(DTYPES).join(', ')})`);
  const arr = a as EncodableArray;
  if (isInteger(dtype)) {
    const rle = rleEncode(arr, RLE_MAX_RATIO * arr.byteLength);
    if (rle) return { dtype, encoding: 'rle', bytes: rle };
  }
  return { dtype, encoding: 'base64', bytes: littleEndianBytes(arr) };
}

/**
 * Encode a typed array as a JSON-ready object (in memory; the streaming writer does the
 * same in chunks).
 * @example encodeTypedArray(new Uint8Array(1000)) // { $typed: 'uint8', length: 1000, encoding: 'rle', data: 'AOgH' }
 */
export function encodeTypedArray(a: ArrayBufferView, shape?: readonly number[]): EncodedArray {
  const p = arrayPayload(a);
  return { $typed: p.dtype, length: (a as EncodableArray).length, ...(shape ? { shape: [...shape] } : {}), encoding: p.encoding, data: Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength).toString('base64') };
}

/** True for an object shaped like an {@link EncodedArray}. */
export function isEncodedArray(x: unknown): x is EncodedArray {
  return typeof x === 'object' && x !== null && typeof (x as { $typed?: unknown }).$typed === 'string' && typeof (x as { data?: unknown }).data === 'string';
}

/** Decode an {@link EncodedArray} back into its typed array. */
export function decodeTypedArray(e: EncodedArray, where = '<json>'): EncodableArray {
  const ctor = DTYPES[e.$typed];
  if (!ctor) throw new SerializationError('RPERF_SER_DECODE', where, `unknown $typed "${e.$typed}"`);
  if (!Number.isSafeInteger(e.length) || e.length < 0) throw new SerializationError('RPERF_SER_DECODE', where, `length must be a non-negative integer, found ${e.length}`);
  const bytes = Buffer.from(e.data, 'base64');
  if (e.encoding === 'rle') {
    if (!isInteger(e.$typed)) throw new SerializationError('RPERF_SER_DECODE', where, `RLE is for integer arrays, found ${e.$typed}`);
    return rleDecode(bytes, new ctor(e.length), where);
  }
  if (e.encoding !== 'base64') throw new SerializationError('RPERF_SER_DECODE', where, `encoding must be "rle" or "base64", found ${JSON.stringify(e.encoding)}`);
  if (bytes.length !== e.length * ctor.BYTES_PER_ELEMENT) {
    throw new SerializationError('RPERF_SER_DECODE', where, `base64 data holds ${bytes.length} bytes, ${e.length} ${e.$typed} need ${e.length * ctor.BYTES_PER_ELEMENT}`);
  }
  const out = new ctor(e.length);
  const view = new Uint8Array(out.buffer);
  view.set(bytes);
  if (ctor.BYTES_PER_ELEMENT > 1 && new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    for (let i = 0; i < view.length; i += ctor.BYTES_PER_ELEMENT) view.subarray(i, i + ctor.BYTES_PER_ELEMENT).reverse();
  }
  return out;
}

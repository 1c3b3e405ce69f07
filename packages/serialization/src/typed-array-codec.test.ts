import { describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { SerializationError } from './errors';
import { decodeTypedArray, encodeTypedArray, rleDecode, rleEncode } from './typed-array-codec';

const same = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  a.constructor === b.constructor && Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) === 0;

describe('typed array codec', () => {
  it('run-length encodes a label map compactly and decodes it exactly', () => {
    const labels = syntheticVolume('CT', 'medium').labels.data; // 131,072 voxels
    const e = encodeTypedArray(labels, [32, 64, 64]);
    expect(e.encoding).toBe('rle');
    expect(e.$typed).toBe('uint8');
    expect(e.shape).toEqual([32, 64, 64]);
    expect(e.data.length).toBeLessThan(labels.length / 20);
    expect(same(decodeTypedArray(e), labels)).toBe(true);
  });

  it('hand-computed RLE stream: zigzag values and LEB128 counts', () => {
    // runs: (0 x 200), (-1 x 1), (5 x 3) -> zigzag 0, 1, 10; 200 = 0xC8 -> [0xC8, 0x01]
    const a = new Int16Array([...Array(200).fill(0), -1, 5, 5, 5]);
    expect(Array.from(rleEncode(a)!)).toEqual([0, 0xc8, 0x01, 1, 1, 10, 3]);
    expect(Array.from(rleDecode(rleEncode(a)!, new Int16Array(204)))).toEqual(Array.from(a));
  });

  it('stores floats and noisy integers as base64 little-endian bytes', () => {
    const img = syntheticVolume('MRI', 'tiny').image.data;
    const e = encodeTypedArray(img);
    expect(e.encoding).toBe('base64');
    expect(Buffer.from(e.data, 'base64').readFloatLE(4)).toBe(img[1]);
    expect(same(decodeTypedArray(e), img)).toBe(true);
    const ct = syntheticVolume('CT', 'tiny').image.data;
    const c = encodeTypedArray(ct);
    expect(same(decodeTypedArray(c), ct)).toBe(true);
    for (const A of [Int8Array, Uint16Array, Int32Array, Uint32Array, Float64Array]) {
      const x = A.from([0, 1, 1, 1, 100, 7, 7]);
      expect(decodeTypedArray(encodeTypedArray(x))).toEqual(x);
    }
  });

  it('rejects malformed encodings with typed errors', () => {
    const ok = encodeTypedArray(new Uint8Array(10));
    expect(() => decodeTypedArray({ ...ok, length: 11 })).toThrow(SerializationError);
    expect(() => decodeTypedArray({ ...ok, $typed: 'int64' as never })).toThrow(/unknown \$typed/);
    expect(() => decodeTypedArray({ $typed: 'float32', length: 2, encoding: 'base64', data: 'AAAA' })).toThrow(/holds 3 bytes/);
    expect(() => encodeTypedArray(new BigInt64Array(2))).toThrow(/cannot be exported/);
  });
});

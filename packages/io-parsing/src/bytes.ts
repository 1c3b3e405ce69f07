/**
 * Byte-level helpers shared by the NIfTI and DICOM decoders: aligned copies into typed
 * arrays and in-place byte swapping.
 */

/** Reverse the byte order of every `width`-byte element of `bytes` in place (width 2, 4 or 8). */
export function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  const n = bytes.length - (bytes.length % width);
  if (width === 2) {
    for (let i = 0; i < n; i += 2) {
      const t = bytes[i]!;
      bytes[i] = bytes[i + 1]!;
      bytes[i + 1] = t;
    }
  } else if (width === 4) {
    for (let i = 0; i < n; i += 4) {
      const a = bytes[i]!;
      const b = bytes[i + 1]!;
      bytes[i] = bytes[i + 3]!;
      bytes[i + 1] = bytes[i + 2]!;
      bytes[i + 2] = b;
      bytes[i + 3] = a;
    }
  } else if (width === 8) {
    for (let i = 0; i < n; i += 8) {
      for (let k = 0; k < 4; k++) {
        const t = bytes[i + k]!;
        bytes[i + k] = bytes[i + 7 - k]!;
        bytes[i + 7 - k] = t;
      }
    }
  } else if (width !== 1) {
    throw new RangeError(`swapBytes: width must be 1, 2, 4 or 8, received ${width}`);
  }
  return bytes;
}

/** True when this machine stores numbers little-endian (every platform Node supports today). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Copy `count` elements starting at byte `offset` of `src` into a new, aligned typed array
 * made by `ctor`, converting from the file's byte order to the host's.
 * NOTE: always a copy (one memcpy): the source bytes may be unaligned or shared with a pool.
 */
export function copyElements<T extends ArrayBufferView & { length: number }>(
  ctor: { new (n: number): T; readonly BYTES_PER_ELEMENT: number },
  src: Uint8Array,
  offset: number,
  count: number,
  littleEndian: boolean,
): T {
  const out = new ctor(count);
  const view = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  view.set(src.subarray(offset, offset + out.byteLength));
  if (littleEndian !== HOST_LITTLE_ENDIAN && ctor.BYTES_PER_ELEMENT > 1) swapBytes(view, ctor.BYTES_PER_ELEMENT);
  return out;
}

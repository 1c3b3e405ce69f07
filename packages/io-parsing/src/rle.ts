/**
 * DICOM RLE Lossless decoding (PS3.5 Annex G).
 *
 * A frame is a 64-byte header — uint32 segment count (1..15) and 15 uint32 segment offsets,
 * little endian — followed by the segments. Each segment is PackBits-coded: a header byte n
 * (as int8) 0..127 copies the next n + 1 bytes, -1..-127 repeats the next byte 1 - n times,
 * -128 is a no-op. Segment s holds byte plane s of every pixel, most significant byte first
 * (for 16-bit samples: segment 0 = high bytes, segment 1 = low bytes), sample after sample
 * for colour. The output here is the native little-endian pixel layout.
 */
import { IoError } from './errors';

function decodeSegment(src: Uint8Array, start: number, end: number, out: Uint8Array, outStart: number, stride: number, count: number, file: string): void {
  let p = start;
  let o = outStart;
  const oEnd = outStart + count * stride;
  while (p < end && o < oEnd) {
    const h = src[p++]!;
    if (h < 128) {
      // literal run of h + 1 bytes
      let n = h + 1;
      if (p + n > end) throw new IoError('RPERF_IO_DECOMPRESS', file, `RLE literal run of ${n} bytes passes the end of its segment`);
      while (n-- > 0 && o < oEnd) {
        out[o] = src[p++]!;
        o += stride;
      }
    } else if (h > 128) {
      if (p >= end) throw new IoError('RPERF_IO_DECOMPRESS', file, 'RLE replicate run has no byte to repeat');
      let n = 257 - h;
      const v = src[p++]!;
      while (n-- > 0 && o < oEnd) {
        out[o] = v;
        o += stride;
      }
    }
    // h === 128: no-op
  }
  if (o < oEnd) {
    throw new IoError('RPERF_IO_DECOMPRESS', file, `RLE segment decodes to ${(o - outStart) / stride} bytes, the frame needs ${count}`);
  }
}

/**
 * Decode one RLE frame into native little-endian bytes: rows x columns x samples pixels of
 * `bitsAllocated` bits (8, 16 or 32), planar order of DICOM RLE (sample planes one after
 * another when samplesPerPixel > 1).
 * @example decodeRleFrame(fragment, 512, 512, 16).length // 524288 bytes (int16 LE)
 */
export function decodeRleFrame(frame: Uint8Array, rows: number, columns: number, bitsAllocated: number, samplesPerPixel = 1, file = '<buffer>'): Uint8Array {
  if (bitsAllocated % 8 !== 0 || bitsAllocated < 8 || bitsAllocated > 32) {
    throw new IoError('RPERF_IO_UNSUPPORTED_DATATYPE', file, `RLE with BitsAllocated ${bitsAllocated} is not supported (8, 16, 32)`);
  }
  if (frame.length < 64) throw new IoError('RPERF_IO_TRUNCATED', file, `RLE frame has ${frame.length} bytes, less than its 64-byte header`);
  const dv = new DataView(frame.buffer, frame.byteOffset, 64);
  const segments = dv.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  const expected = bytesPerSample * samplesPerPixel;
  if (segments !== expected) {
    throw new IoError('RPERF_IO_DECOMPRESS', file, `RLE header has ${segments} segments, ${bitsAllocated}-bit x ${samplesPerPixel} samples needs ${expected}`);
  }
  const pixels = rows * columns;
  const out = new Uint8Array(pixels * expected);
  for (let s = 0; s < segments; s++) {
    const start = dv.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? dv.getUint32(8 + 4 * s, true) : frame.length;
    if (start < 64 || start > frame.length || end > frame.length || end < start) {
      throw new IoError('RPERF_IO_DECOMPRESS', file, `RLE segment ${s} spans bytes ${start}..${end} outside the ${frame.length}-byte frame`);
    }
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // MSB first -> little-endian position
    // Planar output: sample plane `sample`, byte `byteInSample` of each element.
    decodeSegment(frame, start, end, out, sample * pixels * bytesPerSample + byteInSample, bytesPerSample, pixels, file);
  }
  return out;
}

/**
 * Encode one frame of native little-endian bytes as DICOM RLE (for tests and fixtures):
 * the inverse of {@link decodeRleFrame} for one sample per pixel.
 */
export function encodeRleFrame(native: Uint8Array, pixels: number, bytesPerSample: number): Uint8Array {
  const segs: Uint8Array[] = [];
  for (let s = 0; s < bytesPerSample; s++) {
    const b = bytesPerSample - 1 - s;
    const plane = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) plane[i] = native[i * bytesPerSample + b]!;
    const enc: number[] = [];
    let i = 0;
    while (i < pixels) {
      let run = 1;
      while (i + run < pixels && run < 128 && plane[i + run] === plane[i]) run++;
      if (run >= 2) {
        enc.push(257 - run, plane[i]!);
        i += run;
      } else {
        let lit = 1;
        while (i + lit < pixels && lit < 128 && !(i + lit + 1 < pixels && plane[i + lit] === plane[i + lit + 1])) lit++;
        enc.push(lit - 1, ...plane.subarray(i, i + lit));
        i += lit;
      }
    }
    if (enc.length % 2) enc.push(128);
    segs.push(Uint8Array.from(enc));
  }
  const total = 64 + segs.reduce((a, s) => a + s.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, segs.length, true);
  let off = 64;
  segs.forEach((s, k) => {
    dv.setUint32(4 + 4 * k, off, true);
    out.set(s, off);
    off += s.length;
  });
  return out;
}

/**
 * A minimal JPEG lossless encoder (ITU-T T.81 process 14: SOF3, one component, Huffman coded
 * prediction differences, point transform 0), written for the project's own test files of
 * the DICOM transfer syntaxes 1.2.840.10008.1.2.4.57 (any predictor 1..7) and .70 (predictor
 * 1): the decoder, jpeg-lossless-decoder-js, ships no encoder. One Huffman table gives every
 * difference category 0..16 a 5-bit code (valid, not optimal: files are for tests).
 */
import { IoError } from './errors';
import { JpegWriter, category, extraBits } from './jpeg-bits';

/**
 * Encode one grey-level frame of `precision` bits (2..16; signed values as their two's
 * complement bits, as DICOM stores them) with prediction `predictor` (1..7).
 * @example encodeJpegLosslessFrame(new Uint16Array(64 * 64), 64, 64, 12)
 */
export function encodeJpegLosslessFrame(frame: ArrayLike<number>, rows: number, columns: number, precision: number, predictor = 1): Uint8Array {
  if (!(precision >= 2 && precision <= 16) || !(predictor >= 1 && predictor <= 7) || frame.length !== rows * columns) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', '<jpeg lossless encoder>', `precision ${precision} (2..16), predictor ${predictor} (1..7), ${frame.length} values for ${rows}x${columns}`);
  }
  const mask = precision === 16 ? 0xffff : (1 << precision) - 1;
  const x = (r: number, c: number): number => frame[r * columns + c]! & mask;
  const w = new JpegWriter();
  w.marker(0xd8);
  w.marker(0xc3, [precision, rows >> 8, rows & 0xff, columns >> 8, columns & 0xff, 1, 1, 0x11, 0]);
  // DHT: class 0, id 0; 17 symbols (categories 0..16) of length 5.
  const counts = new Array(16).fill(0);
  counts[4] = 17;
  w.marker(0xc4, [0x00, ...counts, ...Array.from({ length: 17 }, (_, k) => k)]);
  w.marker(0xda, [1, 1, 0x00, predictor, 0, 0]);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      let pred: number;
      if (r === 0 && c === 0) pred = 1 << (precision - 1);
      else if (r === 0) pred = x(r, c - 1);
      else if (c === 0) pred = x(r - 1, c);
      else {
        const a = x(r, c - 1);
        const b = x(r - 1, c);
        const cc = x(r - 1, c - 1);
        pred = [0, a, b, cc, a + b - cc, a + ((b - cc) >> 1), b + ((a - cc) >> 1), (a + b) >> 1][predictor]!;
      }
      // Differences modulo 2^16, in -32767..32768 (T.81 H.1.2.1).
      let diff = (x(r, c) - pred) & 0xffff;
      if (diff > 0x8000) diff -= 0x10000;
      const size = category(diff);
      w.bits(size, 5);
      if (size > 0 && size < 16) w.bits(extraBits(diff, size), size);
    }
  }
  w.flush();
  w.marker(0xd9);
  return w.bytes();
}

/**
 * A minimal JPEG encoder of the DCT-based sequential process with Huffman coding (ITU-T T.81
 * processes 1, 2 and 4: SOF0 for 8-bit samples, SOF1 "extended" for 12-bit), one component,
 * written for the project's own test files of DICOM JPEG Extended (1.2.840.10008.1.2.4.51),
 * 12-bit: no encoder on npm writes 12-bit JPEG (libjpeg-turbo's WebAssembly build is 8-bit).
 *
 * Quantization is one uniform step for all 64 coefficients (1 by default: the error is the
 * rounding of the coefficients only, about one grey level); the Huffman tables are valid, not
 * optimal — every DC category 0..15 has a 5-bit code, every AC symbol (run 0..15, size
 * 1..14, ZRL) an 8-bit code and EOB a 12-bit one — enough for tests and benchmarks of the
 * decoder.
 */
import { IoError } from './errors';
import { JpegWriter, ZIGZAG, category, extraBits } from './jpeg-bits';
import { fdct8x8 } from './jpeg-dct';

/** How to encode a DCT frame (see {@link encodeJpegDctFrame}). */
export interface JpegDctEncodeOptions {
  /** Quantization step of every coefficient, 1..255 (8-bit) or 1..65535 (12-bit); default 1. */
  readonly quantizationStep?: number;
  /** Blocks between restart markers (DRI), 0 = none (the default). */
  readonly restartInterval?: number;
}

const DC_SYMBOLS = Array.from({ length: 16 }, (_, k) => k);
// NOTE: EOB, which ends nearly every block, gets a 12-bit code after 225 codes of 8 bits (ZRL
// and run/size symbols): longer than the decoder's 9-bit lookahead, so every test file also
// exercises its slow path for long codes, as files with the standard tables do.
const AC_SYMBOLS = [0xf0, ...Array.from({ length: 16 * 14 }, (_, k) => ((k / 14) << 4) | ((k % 14) + 1)), 0x00];
/** AC symbol -> [code, length]: canonical codes, 8 bits in symbol order, then EOB's 12 bits (225 << 4). */
const AC_CODE = new Map<number, readonly [code: number, bits: number]>(AC_SYMBOLS.map((s, k) => [s, k < 225 ? [k, 8] : [225 << 4, 12]]));

/**
 * Encode one grey-level frame of `precision` bits (8 or 12; signed values as their two's
 * complement bits, as DICOM stores them) as a sequential DCT JPEG codestream.
 * @example encodeJpegDctFrame(new Uint16Array(64 * 64).fill(2048), 64, 64, 12) // SOI ... SOF1 ... EOI
 */
export function encodeJpegDctFrame(frame: ArrayLike<number>, rows: number, columns: number, precision: 8 | 12, options: JpegDctEncodeOptions = {}): Uint8Array {
  const step = options.quantizationStep ?? 1;
  const ri = options.restartInterval ?? 0;
  const maxStep = precision === 8 ? 255 : 65535;
  if ((precision !== 8 && precision !== 12) || frame.length !== rows * columns || !(rows > 0 && rows < 65536 && columns > 0 && columns < 65536) || !(Number.isInteger(step) && step >= 1 && step <= maxStep) || !(Number.isInteger(ri) && ri >= 0 && ri < 65536)) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', '<jpeg dct encoder>', `precision ${precision} (8 or 12), quantization step ${step} (1..${maxStep}), restart interval ${ri}, ${frame.length} values for ${rows}x${columns}`);
  }
  const mask = (1 << precision) - 1;
  const half = 1 << (precision - 1);
  const w = new JpegWriter();
  w.marker(0xd8);
  // DQT: 16-bit entries (Pq = 1) for 12-bit samples, 8-bit ones for 8-bit (T.81 B.2.4.1).
  w.marker(0xdb, precision === 12 ? [0x10, ...new Array<number>(64).fill(0).flatMap(() => [step >> 8, step & 0xff])] : [0x00, ...new Array<number>(64).fill(step)]);
  w.marker(precision === 12 ? 0xc1 : 0xc0, [precision, rows >> 8, rows & 0xff, columns >> 8, columns & 0xff, 1, 1, 0x11, 0]);
  const counts = (lengths: Record<number, number>): number[] => Array.from({ length: 16 }, (_, i) => lengths[i + 1] ?? 0);
  w.marker(0xc4, [0x00, ...counts({ 5: DC_SYMBOLS.length }), ...DC_SYMBOLS, 0x10, ...counts({ 8: 225, 12: 1 }), ...AC_SYMBOLS]);
  if (ri > 0) w.marker(0xdd, [ri >> 8, ri & 0xff]);
  w.marker(0xda, [1, 1, 0x00, 0, 63, 0]);
  const block = new Float64Array(64);
  const coef = new Float64Array(64);
  const tmp = new Float64Array(64);
  const blocksAcross = Math.ceil(columns / 8);
  const blocks = blocksAcross * Math.ceil(rows / 8);
  let pred = 0;
  for (let b = 0; b < blocks; b++) {
    if (ri > 0 && b > 0 && b % ri === 0) {
      w.flush();
      w.marker(0xd0 + (((b / ri) - 1) % 8));
      pred = 0;
    }
    const by = Math.floor(b / blocksAcross) * 8;
    const bx = (b % blocksAcross) * 8;
    // Edge blocks repeat the last row and column (T.81 A.2.4 leaves the padding to the encoder).
    for (let y = 0; y < 8; y++) {
      const r = Math.min(by + y, rows - 1);
      for (let x = 0; x < 8; x++) block[8 * y + x] = (frame[r * columns + Math.min(bx + x, columns - 1)]! & mask) - half;
    }
    fdct8x8(block, coef, tmp);
    const dc = Math.round(coef[0]! / step);
    const diff = dc - pred;
    pred = dc;
    const size = category(diff);
    w.bits(size, 5);
    if (size > 0) w.bits(extraBits(diff, size), size);
    let run = 0;
    for (let k = 1; k < 64; k++) {
      const v = Math.round(coef[ZIGZAG[k]!]! / step);
      if (v === 0) {
        run++;
        continue;
      }
      while (run > 15) {
        w.bits(...AC_CODE.get(0xf0)!);
        run -= 16;
      }
      const s = Math.min(category(v), 14);
      const clamped = Math.max(-(2 ** s - 1), Math.min(2 ** s - 1, v));
      w.bits(...AC_CODE.get((run << 4) | s)!);
      w.bits(extraBits(clamped, s), s);
      run = 0;
    }
    if (run > 0) w.bits(...AC_CODE.get(0x00)!);
  }
  w.flush();
  w.marker(0xd9);
  return w.bytes();
}

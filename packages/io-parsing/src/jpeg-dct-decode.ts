/**
 * A JPEG decoder of the DCT-based sequential process with Huffman coding (ITU-T T.81
 * processes 1, 2 and 4: SOF0 and SOF1), one component, 8- or 12-bit samples: the decoder of
 * DICOM JPEG Extended (1.2.840.10008.1.2.4.51) for 12-bit data. 8-bit JPEG is decoded by
 * libjpeg-turbo (codecs.ts).
 *
 * NOTE: written here because no maintained npm package decodes 12-bit JPEG correctly:
 * libjpeg-turbo's WebAssembly build (@cornerstonejs/codec-libjpeg-turbo-8bit) and jpeg-js are
 * 8-bit only, and the pdf.js-derived JpegImage inside @cornerstonejs/dicom-image-loader
 * (not exported by the package) shifts 12-bit samples by +15 grey levels and clips the top 16
 * (its output stage scales the 8-bit level shift by 4095/255; measured on a DCMTK-encoded
 * file, see docs/perf/io-codecs.md). The IDCT is the float64 reference of jpeg-dct.ts.
 *
 * Decoding stops with a one-line Error (the caller wraps it into RPERF_IO_DECOMPRESS) on a
 * codestream that is corrupt, of another process (progressive, lossless, hierarchical,
 * arithmetic), of several components, or whose frame size is not the one expected — checked
 * from the SOF marker before any sample is allocated.
 */
import { ZIGZAG } from './jpeg-bits';
import { idct8x8 } from './jpeg-dct';

interface FrameHeader {
  readonly precision: number;
  readonly rows: number;
  readonly columns: number;
  readonly components: number;
}

/** Bits of the lookahead table of a Huffman table: codes up to this long decode in one lookup. */
const LOOKAHEAD_BITS = 9;

interface Huffman {
  /** Largest code of each length 1..16 (-1: none). */
  readonly maxCode: Int32Array;
  /** Index in `values` of the first code of each length, minus that code. */
  readonly offset: Int32Array;
  readonly values: Uint8Array;
  /** For each LOOKAHEAD_BITS-bit prefix: (code length << 8) | value, or 0 when the code is longer. */
  readonly lookahead: Int32Array;
}

function huffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxCode = new Int32Array(18).fill(-1);
  const offset = new Int32Array(18);
  const lookahead = new Int32Array(1 << LOOKAHEAD_BITS);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    offset[l] = k - code;
    for (let i = 0; i < counts[l - 1]!; i++, code++, k++) {
      if (l <= LOOKAHEAD_BITS) {
        const first = code << (LOOKAHEAD_BITS - l);
        lookahead.fill((l << 8) | values[k]!, first, first + (1 << (LOOKAHEAD_BITS - l)));
      }
    }
    if (counts[l - 1]! > 0) maxCode[l] = code - 1;
    if (code > 1 << l) throw new Error(`a Huffman table (DHT) has more codes of ${l} bits than fit`);
    code <<= 1;
  }
  if (k > values.length) throw new Error('a Huffman table (DHT) is malformed');
  return { maxCode, offset, values, lookahead };
}

const PROCESS_NAMES: Record<number, string> = { 0xc2: 'progressive DCT', 0xc3: 'lossless', 0xc5: 'hierarchical', 0xc6: 'hierarchical', 0xc7: 'hierarchical', 0xf7: 'JPEG-LS' };

/**
 * Decode a one-component sequential DCT JPEG codestream (SOF0 / SOF1, Huffman, 8 or 12 bits)
 * of `rows` x `columns` samples into unsigned samples of its precision.
 * @example decodeJpegDctFrame(encodeJpegDctFrame(px, 64, 64, 12), 64, 64) // Uint16Array(4096), |error| <= 1
 */
export function decodeJpegDctFrame(cs: Uint8Array, rows: number, columns: number): { readonly precision: number; readonly samples: Uint16Array } {
  const u16 = (p: number): number => {
    if (p + 2 > cs.length) throw new Error(`the codestream ends inside a marker segment at byte ${p}`);
    return (cs[p]! << 8) | cs[p + 1]!;
  };
  if (u16(0) !== 0xffd8) throw new Error('no SOI marker (FFD8) at its start');
  const quant: (Uint16Array | undefined)[] = [];
  const dcTables: (Huffman | undefined)[] = [];
  const acTables: (Huffman | undefined)[] = [];
  let frame: FrameHeader | null = null;
  let quantId = 0;
  let restartInterval = 0;
  let p = 2;
  for (;;) {
    if (cs[p] !== 0xff) throw new Error(`expected a marker at byte ${p}, found ${cs[p] === undefined ? 'the end of the codestream' : `0x${cs[p]!.toString(16)}`}`);
    const m = cs[p + 1]!;
    if (m === 0xff) {
      p++;
      continue;
    }
    if (m === 0xd9) throw new Error('it ends (EOI) before its scan');
    const len = u16(p + 2);
    const start = p + 4;
    const end = p + 2 + len;
    if (len < 2 || end > cs.length) throw new Error(`the marker segment FF${m.toString(16)} at byte ${p} claims ${len} bytes, ${cs.length - p - 2} are left`);
    if (m === 0xdb) {
      for (let q = start; q < end; ) {
        const wide = cs[q]! >> 4;
        const id = cs[q]! & 15;
        if (id > 3 || wide > 1 || q + 1 + 64 * (wide + 1) > end) throw new Error('a quantization table (DQT) is malformed');
        const t = new Uint16Array(64);
        for (let k = 0; k < 64; k++) t[k] = wide ? u16(q + 1 + 2 * k) : cs[q + 1 + k]!;
        quant[id] = t;
        q += 1 + 64 * (wide + 1);
      }
    } else if (m === 0xc4) {
      for (let q = start; q < end; ) {
        const counts = cs.subarray(q + 1, q + 17);
        const n = counts.reduce((a, c) => a + c, 0);
        if ((cs[q]! & 15) > 3 || cs[q]! >> 4 > 1 || q + 17 + n > end) throw new Error('a Huffman table (DHT) is malformed');
        (cs[q]! >> 4 ? acTables : dcTables)[cs[q]! & 15] = huffman(counts, cs.subarray(q + 17, q + 17 + n));
        q += 17 + n;
      }
    } else if (m === 0xdd) {
      restartInterval = u16(start);
    } else if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (m !== 0xc0 && m !== 0xc1) throw new Error(`it is a ${PROCESS_NAMES[m] ?? 'arithmetic-coded'} JPEG (SOF FF${m.toString(16)}), not a sequential DCT one with Huffman coding (SOF0/SOF1)`);
      if (len < 11) throw new Error('its frame header (SOF) is too short');
      frame = { precision: cs[start]!, rows: u16(start + 1), columns: u16(start + 3), components: cs[start + 5]! };
      if (frame.components !== 1) throw new Error(`it holds ${frame.components} components, a grey-level frame has 1`);
      if (frame.precision !== 8 && frame.precision !== 12) throw new Error(`its samples have ${frame.precision} bits (a DCT JPEG has 8 or 12)`);
      // NOTE: checked before anything is allocated: a codestream may declare 65535 x 65535.
      if (frame.rows !== rows || frame.columns !== columns) throw new Error(`it holds ${frame.columns}x${frame.rows} pixels, the header declares ${columns}x${rows} (Columns x Rows)`);
      quantId = cs[start + 8]!;
    } else if (m === 0xda) {
      if (!frame) throw new Error('its scan (SOS) comes before a frame header (SOF)');
      const td = cs[start + 2]! >> 4;
      const ta = cs[start + 2]! & 15;
      const q = quant[quantId];
      const dc = dcTables[td];
      const ac = acTables[ta];
      if (!q || !dc || !ac) throw new Error(`its scan uses ${!q ? `quantization table ${quantId}` : !dc ? `DC Huffman table ${td}` : `AC Huffman table ${ta}`}, which it does not define`);
      return { precision: frame.precision, samples: decodeScan(cs, end, frame, q, dc, ac, restartInterval) };
    }
    p = end;
  }
}

/**
 * The entropy-coded bits of a scan, MSB first, 0xFF00 unstuffed: `nbits` valid bits in the
 * low end of `acc` (at most 24). At a marker or the end, zero bytes are appended and counted:
 * a few are the lookahead of the last codes, more mean that the data ended early.
 */
class EntropyReader {
  private acc = 0;
  private nbits = 0;
  private zeroBytes = 0;
  constructor(
    private readonly cs: Uint8Array,
    private pos: number,
  ) {}

  private fill(): void {
    const cs = this.cs;
    while (this.nbits <= 16) {
      let b = 0;
      const p = this.pos;
      if (this.zeroBytes === 0 && p < cs.length && (cs[p] !== 0xff || cs[p + 1] === 0x00)) {
        b = cs[p]!;
        this.pos = p + (b === 0xff ? 2 : 1);
      } else this.zeroBytes++;
      this.acc = ((this.acc << 8) | b) & 0xffffff;
      this.nbits += 8;
    }
  }

  /** Zero bits already consumed past the end of the data. */
  overrun(): number {
    return Math.max(0, 8 * this.zeroBytes - this.nbits);
  }

  private peek(n: number): number {
    if (this.nbits < n) this.fill();
    return (this.acc >>> (this.nbits - n)) & ((1 << n) - 1);
  }

  /** The next Huffman-coded symbol (T.81 F.2.2.3, with a lookahead table). */
  decode(h: Huffman): number {
    const e = h.lookahead[this.peek(LOOKAHEAD_BITS)]!;
    if (e !== 0) {
      this.nbits -= e >> 8;
      return e & 0xff;
    }
    for (let l = LOOKAHEAD_BITS + 1; l <= 16; l++) {
      const code = this.peek(l);
      if (code <= h.maxCode[l]!) {
        this.nbits -= l;
        return h.values[h.offset[l]! + code]!;
      }
    }
    throw new Error('it holds a Huffman code its tables do not define');
  }

  /** The next `s` bits as a signed value of category `s` (T.81 F.2.2.1 RECEIVE and EXTEND). */
  receive(s: number): number {
    const v = this.peek(s);
    this.nbits -= s;
    return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
  }

  /** Drop the buffered bits and read the RSTn marker that must come next; false if none. */
  restart(): boolean {
    // Lookahead bytes are never a marker's: reading stopped at the marker.
    const cs = this.cs;
    this.acc = 0;
    this.nbits = 0;
    this.zeroBytes = 0;
    while (cs[this.pos] === 0xff && cs[this.pos + 1] === 0xff) this.pos++;
    if (!(cs[this.pos] === 0xff && cs[this.pos + 1]! >= 0xd0 && cs[this.pos + 1]! <= 0xd7)) return false;
    this.pos += 2;
    return true;
  }
}

/** The entropy-coded data of the one scan, block after block (T.81 F.2.2), into samples. */
function decodeScan(cs: Uint8Array, from: number, frame: FrameHeader, q: Uint16Array, dc: Huffman, ac: Huffman, restartInterval: number): Uint16Array {
  const { rows, columns, precision } = frame;
  const out = new Uint16Array(rows * columns);
  const half = 1 << (precision - 1);
  const max = (1 << precision) - 1;
  const bits = new EntropyReader(cs, from);
  const coef = new Float64Array(64);
  const block = new Float64Array(64);
  const tmp = new Float64Array(64);
  const blocksAcross = Math.ceil(columns / 8);
  const blocks = blocksAcross * Math.ceil(rows / 8);
  let pred = 0;
  for (let b = 0; b < blocks; b++) {
    if (restartInterval > 0 && b > 0 && b % restartInterval === 0) {
      if (bits.overrun() > 16) throw new Error(`its entropy-coded data ends after ${b} of ${blocks} blocks`);
      if (!bits.restart()) throw new Error(`no restart marker (RSTn) after block ${b} of ${blocks}`);
      pred = 0;
    }
    if (bits.overrun() > 16) throw new Error(`its entropy-coded data ends after ${b} of ${blocks} blocks`);
    coef.fill(0);
    const t = bits.decode(dc);
    if (t > 15) throw new Error(`a DC difference of category ${t} (at most 15)`);
    pred += t ? bits.receive(t) : 0;
    coef[0] = pred * q[0]!;
    let hasAc = false;
    for (let k = 1; k < 64; ) {
      const rs = bits.decode(ac);
      const r = rs >> 4;
      const s = rs & 15;
      if (s === 0) {
        if (r !== 15) break;
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) throw new Error('an AC run goes past the 64th coefficient');
      coef[ZIGZAG[k]!] = bits.receive(s) * q[k]!;
      hasAc = true;
      k++;
    }
    // A block of DC only is flat: f = F(0,0) / 8 everywhere (B[0][x] = 1 / (2 sqrt 2)).
    if (hasAc) idct8x8(coef, block, tmp);
    else block.fill(coef[0]! / 8);
    const by = Math.floor(b / blocksAcross) * 8;
    const bx = (b % blocksAcross) * 8;
    const h = Math.min(8, rows - by);
    const w = Math.min(8, columns - bx);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = Math.round(block[8 * y + x]! + half);
        out[(by + y) * columns + bx + x] = v < 0 ? 0 : v > max ? max : v;
      }
    }
  }
  if (bits.overrun() > 16) throw new Error(`its entropy-coded data ends before the last of its ${blocks} blocks`);
  return out;
}

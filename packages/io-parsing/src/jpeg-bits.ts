/**
 * What the project's JPEG encoders (jpeg-lossless-encode.ts, jpeg-dct-encode.ts) and its DCT
 * decoder (jpeg-dct-decode.ts) share: the marker segment writer, the entropy-coded bit writer
 * with 0xFF byte stuffing (ITU-T T.81 F.1.2.3), and the zig-zag order of the 8x8 DCT
 * coefficients (T.81 figure A.6).
 */

/** ZIGZAG[k] = the row-major index (8 * v + u) of the k-th coefficient in zig-zag order. */
export const ZIGZAG: readonly number[] = Object.freeze([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58,
  59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/**
 * A JPEG byte stream under construction: marker segments, then entropy-coded bits (MSB
 * first, a 0x00 stuffed after every 0xFF), padded with 1-bits at the end (T.81 F.1.2.3).
 * @example const w = new JpegWriter(); w.marker(0xd8); w.bits(5, 3); w.flush(); w.marker(0xd9); w.bytes()
 */
export class JpegWriter {
  private readonly out: number[] = [];
  private acc = 0;
  private nbits = 0;

  /** A marker without a segment (SOI, EOI, RSTn), or with one when `body` is given (length added). */
  marker(code: number, body?: readonly number[]): void {
    this.out.push(0xff, code);
    if (body) this.out.push((body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  }

  /** The low `count` bits of `value`, most significant first. */
  bits(value: number, count: number): void {
    for (let b = count - 1; b >= 0; b--) {
      this.acc = (this.acc << 1) | ((value >>> b) & 1);
      if (++this.nbits === 8) {
        this.out.push(this.acc);
        if (this.acc === 0xff) this.out.push(0);
        this.acc = 0;
        this.nbits = 0;
      }
    }
  }

  /** Pad the last byte of entropy-coded data with 1-bits. */
  flush(): void {
    if (this.nbits > 0) this.bits((1 << (8 - this.nbits)) - 1, 8 - this.nbits);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** The magnitude category of a difference or coefficient: its bit count (T.81 tables F.1, F.2, H.2). */
export const category = (v: number): number => (v === 0 ? 0 : 32 - Math.clz32(Math.abs(v)));

/** The `size` extra bits that follow a category's code: v itself if positive, v - 1 (ones' complement) if negative. */
export const extraBits = (v: number, size: number): number => (v > 0 ? v : (v - 1) & ((1 << size) - 1));

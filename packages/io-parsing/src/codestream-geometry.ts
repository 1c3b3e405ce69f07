/**
 * The image size a compressed frame declares, read from its first marker segments without
 * decoding: the SOF of a JPEG-family codestream (JPEG DCT, JPEG lossless, JPEG-LS) or the
 * SIZ of a JPEG 2000 / HTJ2K one. The decoders allocate what the codestream declares, so it
 * is compared with the DICOM header's Rows and Columns before a frame is given to them (a
 * frame declaring 65535 x 65535 is refused in microseconds, not after a 8 GiB allocation).
 */

/** The size and sample depth a codestream declares. */
export interface CodestreamGeometry {
  readonly rows: number;
  readonly columns: number;
  /** Bits per sample (JPEG P; JPEG 2000 Ssiz & 0x7f + 1 of the first component). */
  readonly precision: number;
  readonly components: number;
  /** The marker that declared it: JPEG SOF0..SOF15 (0xc0..0xcf), JPEG-LS SOF55 (0xf7), JPEG 2000 SIZ (0x51). */
  readonly marker: number;
}

const isSof = (m: number): boolean => (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;

/**
 * The declared geometry of a JPEG-family or JPEG 2000 codestream, or null when it has no
 * frame header before its first scan (the decoder then reports what is wrong).
 * @example codestreamGeometry(jpegLsFrame) // { rows: 512, columns: 512, precision: 16, components: 1, marker: 0xf7 }
 */
export function codestreamGeometry(cs: Uint8Array): CodestreamGeometry | null {
  const u16 = (p: number): number => (cs[p]! << 8) | cs[p + 1]!;
  const u32 = (p: number): number => u16(p) * 65536 + u16(p + 2);
  if (cs.length >= 43 && u16(0) === 0xff4f && u16(2) === 0xff51) {
    // SIZ: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz, then Ssiz of component 0.
    return { columns: u32(8) - u32(16), rows: u32(12) - u32(20), precision: (cs[42]! & 0x7f) + 1, components: u16(40), marker: 0x51 };
  }
  if (cs.length < 4 || u16(0) !== 0xffd8) return null;
  let p = 2;
  while (p + 4 <= cs.length && cs[p] === 0xff) {
    const m = cs[p + 1]!;
    if (m === 0xff) {
      p++;
      continue;
    }
    if (isSof(m)) return p + 10 <= cs.length ? { precision: cs[p + 4]!, rows: u16(p + 5), columns: u16(p + 7), components: cs[p + 9]!, marker: m } : null;
    if (m === 0xda || m === 0xd9) return null;
    p += 2 + u16(p + 2);
  }
  return null;
}

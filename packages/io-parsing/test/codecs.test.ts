/**
 * The compressed transfer syntaxes decoded by the codecs (JPEG baseline / extended 8- and
 * 12-bit, JPEG lossless, JPEG-LS, JPEG 2000, HTJ2K), on the project's own files: a seeded phantom encoded by the same codec's encoder
 * (encodeFrames), written as encapsulated DICOM by encodeDicomImage, read back. Lossless: the
 * same pixels as the source; near-lossless JPEG-LS: within NEAR; lossy JPEG 2000 / HTJ2K:
 * above a PSNR bound.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFrames, loadDicomDecoders } from '../src/codecs';
import { decodeDicom, readDicomFile } from '../src/dicom-read';
import { readDicomSeries, scanDicomInput } from '../src/dicom-series';
import { encodeDicomImage, type EncapsulatedPixels } from '../src/dicom-write';
import { IoError } from '../src/errors';

const dir = mkdtempSync(join(tmpdir(), 'rperf-codecs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Px = Int8Array | Uint8Array | Int16Array | Uint16Array;

/** A seeded phantom: smooth structure, an edge, noise, and the extremes of the range. */
function phantom(rows: number, columns: number, frames: number, bits: number, signed: boolean): Px {
  const n = rows * columns * frames;
  const px: Px = bits <= 8 ? (signed ? new Int8Array(n) : new Uint8Array(n)) : signed ? new Int16Array(n) : new Uint16Array(n);
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  let seed = 12345 + bits * 7 + (signed ? 1 : 0);
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let f = 0; f < frames; f++) {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const r = Math.hypot(x - columns / 2, y - rows / 2) / (rows / 2);
        const body = r < 0.8 ? 0.6 + 0.2 * Math.sin(x / 5 + f) * Math.cos(y / 7) : 0.1;
        const v = lo + (hi - lo) * (body + 0.05 * (rand() - 0.5));
        px[(f * rows + y) * columns + x] = Math.max(lo, Math.min(hi, Math.round(v)));
      }
    }
    px[f * rows * columns] = lo;
    px[f * rows * columns + 1] = hi;
  }
  return px;
}

const UID = {
  JPEG_BASELINE: '1.2.840.10008.1.2.4.50',
  JPEG_EXTENDED: '1.2.840.10008.1.2.4.51',
  JPEG_LOSSLESS: '1.2.840.10008.1.2.4.57',
  JPEG_LOSSLESS_SV1: '1.2.840.10008.1.2.4.70',
  JLS: '1.2.840.10008.1.2.4.80',
  JLS_NEAR: '1.2.840.10008.1.2.4.81',
  J2K: '1.2.840.10008.1.2.4.90',
  J2K_LOSSY: '1.2.840.10008.1.2.4.91',
  HTJ2K: '1.2.840.10008.1.2.4.201',
  HTJ2K_RPCL: '1.2.840.10008.1.2.4.202',
  HTJ2K_LOSSY: '1.2.840.10008.1.2.4.203',
} as const;

let serial = 0;
async function compressed(
  uid: string,
  px: Px,
  o: { rows: number; columns: number; frames: number; bitsStored: number; nearLossless?: number; quantizationStep?: number; quality?: number; split?: number; offsetTable?: boolean; rescale?: boolean },
): Promise<{ bytes: Uint8Array; file: string }> {
  const cs = await encodeFrames(uid, px, { rows: o.rows, columns: o.columns, bitsStored: o.bitsStored, nearLossless: o.nearLossless, quantizationStep: o.quantizationStep, quality: o.quality });
  // Fragments of even length (PS3.5 A.4), the last one padded by the writer.
  const cut = (c: Uint8Array, k: number): number => (k === o.split ? c.length : 2 * Math.floor((k * c.length) / o.split! / 2));
  const frames = o.split ? cs.map((c) => Array.from({ length: o.split! }, (_, k) => c.subarray(cut(c, k), cut(c, k + 1)))) : cs;
  const encapsulated: EncapsulatedPixels = { frames, offsetTable: o.offsetTable ?? true };
  const bytes = encodeDicomImage({
    rows: o.rows,
    columns: o.columns,
    frames: o.frames,
    pixels: px,
    bitsStored: o.bitsStored,
    seriesInstanceUid: `2.25.9${++serial}`,
    modality: 'CT',
    imagePositionPatient: [0, 0, 0],
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    pixelSpacingMm: [0.5, 0.5],
    sliceThicknessMm: 2,
    spacingBetweenSlicesMm: 2,
    ...(o.rescale ? { rescaleSlope: 2, rescaleIntercept: -1024 } : {}),
    transferSyntaxUid: uid,
    encapsulated,
  });
  const file = join(dir, `f${serial}.dcm`);
  writeFileSync(file, bytes);
  return { bytes, file };
}

const DEPTHS = [
  { bits: 8, signed: false },
  { bits: 8, signed: true },
  { bits: 12, signed: false },
  { bits: 12, signed: true },
  { bits: 16, signed: false },
  { bits: 16, signed: true },
] as const;

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
/** Max abs error; for signed data modulo 2^bits (the stored bits are coded, see the JPEG-LS note). */
const maxAbsWrapped = (a: ArrayLike<number>, b: ArrayLike<number>, bits: number, signed: boolean): number => {
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    err = Math.max(err, signed ? Math.min(d, 2 ** bits - d) : d);
  }
  return err;
};

const psnr = (a: ArrayLike<number>, b: ArrayLike<number>, bits: number): number => {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((2 ** bits - 1) ** 2 / (se / a.length));
};

describe('lossless: the same pixels as the source', () => {
  for (const [name, uid] of [
    ['JPEG lossless SV1 (jpeg-lossless-decoder-js)', UID.JPEG_LOSSLESS_SV1],
    ['JPEG lossless process 14 (jpeg-lossless-decoder-js)', UID.JPEG_LOSSLESS],
    ['JPEG-LS lossless (CharLS)', UID.JLS],
    ['JPEG 2000 lossless (OpenJPEG)', UID.J2K],
    ['HTJ2K lossless (OpenJPH)', UID.HTJ2K],
    ['HTJ2K RPCL lossless (OpenJPH)', UID.HTJ2K_RPCL],
  ] as const) {
    for (const { bits, signed } of DEPTHS) {
      for (const frames of [1, 3]) {
        it(`${name}, ${bits}-bit ${signed ? 'signed' : 'unsigned'}, ${frames} frame(s)`, async () => {
          const rows = 48;
          const columns = 64;
          const px = phantom(rows, columns, frames, bits, signed);
          const { file } = await compressed(uid, px, { rows, columns, frames, bitsStored: bits });
          const im = await readDicomFile(file);
          expect(im.info.transferSyntaxUid).toBe(uid);
          expect(im.info.bitsStored).toBe(bits);
          expect(im.pixels.constructor).toBe(px.constructor);
          expect(im.pixels.length).toBe(px.length);
          expect(maxAbs(im.pixels, px)).toBe(0);
        });
      }
    }
  }
});

describe('JPEG lossless: fill bytes before the EOI marker', () => {
  // T.81 B.1.1.2 lets any marker be preceded by fill bytes (FF); DCMTK's dcmcjpeg writes them
  // before the EOI. jpeg-lossless-decoder-js loses the last pixel of a stream whose last
  // Huffman code ends on a byte boundary; codecs.ts decodes such a stream again with a fill
  // byte, and must drop the encoder's own fill first, or it read FF FF as a marker ("ends
  // after 65535 of 65536 pixels").
  it('streams whose last code ends on a byte: the same pixels with 0 to 3 fill bytes before the EOI', async () => {
    await loadDicomDecoders([UID.JPEG_LOSSLESS_SV1]);
    const { Decoder } = await import('jpeg-lossless-decoder-js');
    let found = 0;
    for (let columns = 8; columns < 48 && found < 3; columns++) {
      const rows = 16;
      // A flat last row: the last pixels' differences are 0, a Huffman code with no extra bits.
      const px = phantom(rows, columns, 1, 12, false);
      px.fill(px[(rows - 1) * columns]!, (rows - 1) * columns);
      const [cs] = await encodeFrames(UID.JPEG_LOSSLESS_SV1, px, { rows, columns, bitsStored: 12 });
      const raw = new Decoder() as unknown as { decode(b: ArrayBuffer, o: number, n: number): unknown; yLoc: number; yDim: number };
      raw.decode(new Uint8Array(cs!).buffer, 0, cs!.length);
      if (raw.yLoc >= raw.yDim) continue; // the library alone decodes it whole
      found++;
      const eoi = cs!.length - 2;
      expect([cs![eoi], cs![eoi + 1]]).toEqual([0xff, 0xd9]);
      for (const fill of [0, 1, 2, 3]) {
        const filled = new Uint8Array(cs!.length + fill);
        filled.set(cs!.subarray(0, eoi));
        filled.fill(0xff, eoi, eoi + fill);
        filled.set([0xff, 0xd9], eoi + fill);
        const bytes = encodeDicomImage({ rows, columns, pixels: px, bitsStored: 12, seriesInstanceUid: '2.25.70', transferSyntaxUid: UID.JPEG_LOSSLESS_SV1, encapsulated: { frames: [filled] } });
        expect(maxAbs(decodeDicom(bytes, 'fill.dcm').pixels, px), `16x${columns}, ${fill} fill byte(s)`).toBe(0);
      }
    }
    expect(found, 'phantoms whose last code ends on a byte boundary').toBe(3);
  });
});

describe('JPEG lossless (.57): every predictor', () => {
  // jpeg-lossless-decoder-js 2.1.2 computes predictor 7, (Ra + Rb) / 2, without rounding down:
  // exact while no prediction difference wraps modulo 2^16, which 16-bit signed data does.
  for (let predictor = 1; predictor <= 7; predictor++) {
    const depths = predictor === 7 ? ([[12, false], [12, true]] as const) : ([[16, true], [12, false]] as const);
    it(`predictor ${predictor}, ${depths.map(([b, sg]) => `${b}-bit ${sg ? 'signed' : 'unsigned'}`).join(' and ')}`, async () => {
      for (const [bits, signed] of depths) {
        const px = phantom(24, 40, 1, bits, signed);
        const cs = await encodeFrames(UID.JPEG_LOSSLESS, px, { rows: 24, columns: 40, bitsStored: bits, predictor });
        const bytes = encodeDicomImage({ rows: 24, columns: 40, pixels: px, bitsStored: bits, seriesInstanceUid: '2.25.57', transferSyntaxUid: UID.JPEG_LOSSLESS, encapsulated: { frames: cs } });
        await loadDicomDecoders([UID.JPEG_LOSSLESS]);
        expect(maxAbs(decodeDicom(bytes, 'p.dcm').pixels, px)).toBe(0);
      }
    });
  }
});

describe('lossy: within a stated error', () => {
  for (const { bits, signed } of DEPTHS) for (const frames of [1, 2]) {
    it(`JPEG-LS near-lossless NEAR=3, ${bits}-bit ${signed ? 'signed' : 'unsigned'}, ${frames} frame(s): max abs error <= 3${signed ? ' (modulo 2^bits)' : ''}`, async () => {
      const px = phantom(40, 40, frames, bits, signed);
      const { file } = await compressed(UID.JLS_NEAR, px, { rows: 40, columns: 40, frames, bitsStored: bits, nearLossless: 3 });
      const im = await readDicomFile(file);
      // JPEG-LS codes the stored bits (two's complement for signed data) with modular
      // reconstruction: a value within NEAR of the top of the signed range may come back at
      // its bottom, so for signed data the bound holds modulo 2^BitsStored.
      let err = 0;
      for (let i = 0; i < px.length; i++) {
        const d = Math.abs(im.pixels[i]! - px[i]!);
        err = Math.max(err, signed ? Math.min(d, 2 ** bits - d) : d);
      }
      expect(err).toBeLessThanOrEqual(3);
      expect(err).toBeGreaterThan(0);
    });
  }
  for (const [name, uid] of [
    ['JPEG 2000 irreversible (OpenJPEG)', UID.J2K_LOSSY],
    ['HTJ2K irreversible (OpenJPH)', UID.HTJ2K_LOSSY],
  ] as const) {
    for (const { bits, signed } of DEPTHS) for (const frames of [1, 2]) {
      it(`${name}, ${bits}-bit ${signed ? 'signed' : 'unsigned'}, ${frames} frame(s): PSNR >= 40 dB`, async () => {
        const px = phantom(64, 64, frames, bits, signed);
        const { file } = await compressed(uid, px, { rows: 64, columns: 64, frames, bitsStored: bits, quantizationStep: 0.001 });
        const im = await readDicomFile(file);
        expect(im.pixels.constructor).toBe(px.constructor);
        expect(psnr(im.pixels, px, bits)).toBeGreaterThanOrEqual(40);
      });
    }
  }
});

describe('JPEG baseline / extended, 8-bit (libjpeg-turbo)', () => {
  for (const uid of [UID.JPEG_BASELINE, UID.JPEG_EXTENDED]) {
    for (const frames of [1, 3]) {
      it(`${uid}, 8-bit unsigned, ${frames} frame(s), quality 95: PSNR >= 40 dB`, async () => {
        const px = phantom(48, 64, frames, 8, false);
        const { file } = await compressed(uid, px, { rows: 48, columns: 64, frames, bitsStored: 8, quality: 95 });
        const im = await readDicomFile(file);
        expect(im.pixels).toBeInstanceOf(Uint8Array);
        expect(psnr(im.pixels, px, 8)).toBeGreaterThanOrEqual(40);
      });
      // JPEG has no signed samples: the stored bits (two's complement) are coded, so the jump
      // between -1 (0xFF) and 0 is an edge to the DCT; the error is bounded modulo 2^8.
      it(`${uid}, 8-bit signed, ${frames} frame(s), quality 95: max abs error <= 16 (modulo 2^8)`, async () => {
        const px = phantom(48, 64, frames, 8, true);
        const { file } = await compressed(uid, px, { rows: 48, columns: 64, frames, bitsStored: 8, quality: 95 });
        const im = await readDicomFile(file);
        expect(im.pixels).toBeInstanceOf(Int8Array);
        expect(maxAbsWrapped(im.pixels, px, 8, true)).toBeLessThanOrEqual(16);
      });
    }
  }

});

describe('JPEG extended, 12-bit (jpeg-dct-encode.ts -> jpeg-dct-decode.ts)', () => {
  // A DCT codec is lossy: with quantization step 1 only the rounding of the coefficients and
  // of the reconstruction is lost, <= 1 grey level (checked by hand against DCMTK's dcmdjpeg,
  // which gives the same bound on these codestreams, and ours on DCMTK's dcmcjpeg +ee).
  // Signed data: JPEG has no signed samples, the 12 stored bits (two's complement) are coded,
  // so the bound holds modulo 2^12, as for JPEG-LS.
  for (const signed of [false, true]) {
    for (const frames of [1, 3]) {
      it(`12-bit ${signed ? 'signed' : 'unsigned'}, ${frames} frame(s), step 1: max abs error <= 1`, async () => {
        const px = phantom(48, 64, frames, 12, signed);
        const { file } = await compressed(UID.JPEG_EXTENDED, px, { rows: 48, columns: 64, frames, bitsStored: 12 });
        const im = await readDicomFile(file);
        expect(im.info.bitsStored).toBe(12);
        expect(im.pixels.constructor).toBe(px.constructor);
        expect(maxAbsWrapped(im.pixels, px, 12, signed)).toBeLessThanOrEqual(1);
      });
    }
  }

  it('12-bit, odd size 37x29, step 16, restart every 5 blocks: PSNR >= 50 dB, max abs error <= 16', async () => {
    const px = phantom(29, 37, 2, 12, false);
    const cs = await encodeFrames(UID.JPEG_EXTENDED, px, { rows: 29, columns: 37, bitsStored: 12, quantizationStep: 16, restartInterval: 5 });
    expect(cs[0]!.some((b, i) => b === 0xff && cs[0]![i + 1] === 0xdd)).toBe(true);
    const bytes = encodeDicomImage({ rows: 29, columns: 37, frames: 2, pixels: px, bitsStored: 12, seriesInstanceUid: '2.25.512', transferSyntaxUid: UID.JPEG_EXTENDED, encapsulated: { frames: cs } });
    await loadDicomDecoders([UID.JPEG_EXTENDED]);
    const out = decodeDicom(bytes, 'odd.dcm').pixels;
    expect(psnr(out, px, 12)).toBeGreaterThanOrEqual(50);
    expect(maxAbs(out, px)).toBeLessThanOrEqual(16);
  });

  it('JPEG baseline (.50) refuses to encode more than 8 bits; .51 more than 12', async () => {
    await expect(encodeFrames(UID.JPEG_BASELINE, new Uint16Array(64), { rows: 8, columns: 8, bitsStored: 12 })).rejects.toThrow(/holds at most 8-bit samples/);
    await expect(encodeFrames(UID.JPEG_EXTENDED, new Uint16Array(64), { rows: 8, columns: 8, bitsStored: 16 })).rejects.toThrow(/holds at most 12-bit samples/);
  });
});

describe('frames of encapsulated pixel data', () => {
  for (const [label, o] of [
    ['2 fragments per frame, Basic Offset Table', { split: 2, offsetTable: true }],
    ['3 fragments per frame, no Basic Offset Table (frames found by their start markers)', { split: 3, offsetTable: false }],
    ['one fragment per frame, no Basic Offset Table', { offsetTable: false }],
  ] as const) {
    for (const uid of [UID.JPEG_LOSSLESS_SV1, UID.JLS, UID.J2K, UID.HTJ2K]) {
      it(`${uid}: ${label}`, async () => {
        const px = phantom(32, 32, 3, 12, true);
        const { file } = await compressed(uid, px, { rows: 32, columns: 32, frames: 3, bitsStored: 12, ...o });
        expect(maxAbs((await readDicomFile(file)).pixels, px)).toBe(0);
      });
    }
  }

  it('a multi-frame JPEG-LS file as a series: the same volume (rescale applied) as the uncompressed file', async () => {
    const px = phantom(32, 32, 4, 16, true);
    const { file } = await compressed(UID.JLS, px, { rows: 32, columns: 32, frames: 4, bitsStored: 16, rescale: true });
    const plain = join(dir, 'plain.dcm');
    writeFileSync(
      plain,
      encodeDicomImage({
        rows: 32,
        columns: 32,
        frames: 4,
        pixels: px,
        seriesInstanceUid: '2.25.777',
        modality: 'CT',
        imagePositionPatient: [0, 0, 0],
        imageOrientationPatient: [1, 0, 0, 0, 1, 0],
        pixelSpacingMm: [0.5, 0.5],
        sliceThicknessMm: 2,
        spacingBetweenSlicesMm: 2,
        rescaleSlope: 2,
        rescaleIntercept: -1024,
      }),
    );
    const a = (await readDicomSeries(file)).volume;
    const b = (await readDicomSeries(plain)).volume;
    expect(a.shape).toEqual([4, 32, 32]);
    expect(a.shape).toEqual(b.shape);
    expect(a.affine).toEqual(b.affine);
    expect(a.data.constructor).toBe(b.data.constructor);
    expect(maxAbs(a.data, b.data)).toBe(0);
  });

  it('scanDicomInput names the transfer syntaxes and loads their codecs, so read() decodes', async () => {
    const px = phantom(16, 16, 1, 16, false);
    const { file } = await compressed(UID.HTJ2K, px, { rows: 16, columns: 16, frames: 1, bitsStored: 16 });
    const scan = await scanDicomInput(file);
    expect(scan.transferSyntaxUids).toEqual([UID.HTJ2K]);
    expect(maxAbs(scan.read().volume.data, px)).toBe(0);
  });
});

describe('errors: one line, typed, naming the file and the frame', () => {
  for (const uid of [UID.JPEG_BASELINE, UID.JPEG_EXTENDED, UID.JPEG_LOSSLESS_SV1, UID.JLS, UID.J2K, UID.HTJ2K]) {
    it(`${uid}: a corrupt codestream in frame 2 -> RPERF_IO_DECOMPRESS`, async () => {
      const bits = uid === UID.JPEG_BASELINE ? 8 : uid === UID.JPEG_EXTENDED ? 12 : 16;
      const px = phantom(32, 32, 2, bits, false);
      const cs = await encodeFrames(uid, px, { rows: 32, columns: 32, bitsStored: bits });
      const broken = cs[1]!.slice(0, 24);
      const bytes = encodeDicomImage({ rows: 32, columns: 32, frames: 2, pixels: px, seriesInstanceUid: '2.25.31', transferSyntaxUid: uid, encapsulated: { frames: [cs[0]!, broken] } });
      await loadDicomDecoders([uid]);
      let e: unknown;
      try {
        decodeDicom(bytes, 'broken.dcm');
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(IoError);
      expect((e as IoError).code).toBe('RPERF_IO_DECOMPRESS');
      expect((e as IoError).message).toMatch(/^broken\.dcm: frame 2 of 2: the .* codestream \(\d+ bytes\) cannot be decoded: .+; the file is corrupt or truncated, re-export it from its source$/);
      expect((e as IoError).message).not.toContain('\n');
    });
  }

  it('a codestream whose size disagrees with Rows/Columns -> RPERF_IO_DECOMPRESS', async () => {
    const px = phantom(32, 32, 1, 16, false);
    const cs = await encodeFrames(UID.JLS, px, { rows: 32, columns: 32, bitsStored: 16 });
    const bytes = encodeDicomImage({ rows: 16, columns: 64, pixels: px, seriesInstanceUid: '2.25.32', transferSyntaxUid: UID.JLS, encapsulated: { frames: cs } });
    expect(() => decodeDicom(bytes, 'size.dcm')).toThrow(expect.objectContaining({ code: 'RPERF_IO_DECOMPRESS', message: expect.stringContaining('size.dcm: the frame: the JPEG-LS Lossless codestream declares 32x32 pixels, the header 64x16 (Columns x Rows); nothing was decoded') }));
  });

  it('frames that cannot be told apart -> RPERF_IO_MALFORMED', async () => {
    const px = phantom(32, 32, 3, 16, false);
    const cs = await encodeFrames(UID.JLS, px, { rows: 32, columns: 32, bitsStored: 16 });
    const bytes = encodeDicomImage({ rows: 32, columns: 32, frames: 2, pixels: px.subarray(0, 2048), seriesInstanceUid: '2.25.33', transferSyntaxUid: UID.JLS, encapsulated: { frames: [cs[0]!, [cs[1]!, cs[2]!]], offsetTable: false } });
    expect(() => decodeDicom(bytes, 'frames.dcm')).toThrow(expect.objectContaining({ code: 'RPERF_IO_MALFORMED', message: expect.stringContaining('2 frames in 3 JPEG-LS Lossless fragments and no Basic Offset Table') }));
  });

  it('lossless-only syntaxes refuse a lossy encoding', async () => {
    await expect(encodeFrames(UID.JLS, new Uint16Array(64), { rows: 8, columns: 8, bitsStored: 16, nearLossless: 2 })).rejects.toThrow(/lossless only/);
  });
});

/**
 * The DICOM pixel module around the codestream, for every compressed syntax decoded here:
 * BitsStored below BitsAllocated (HighBit = BitsStored - 1, signed values sign-extended from
 * the high bit), the rescale applied to the volume, and colour (interleaved or planar) refused.
 */
describe('pixel module: BitsStored < BitsAllocated, rescale, colour', () => {
  const CASES = [
    [UID.JPEG_EXTENDED, 1],
    [UID.JPEG_LOSSLESS, 0],
    [UID.JPEG_LOSSLESS_SV1, 0],
    [UID.JLS, 0],
    [UID.JLS_NEAR, 2],
    [UID.J2K, 0],
    [UID.J2K_LOSSY, 4],
    [UID.HTJ2K, 0],
    [UID.HTJ2K_RPCL, 0],
    [UID.HTJ2K_LOSSY, 4],
  ] as const;
  for (const [uid, tolerance] of CASES) {
    for (const signed of [false, true]) {
      it(`${uid}: 10 bits stored in 16 ${signed ? 'signed' : 'unsigned'}, 2 frames, slope 2 intercept -1024: volume = 2 * stored - 1024${tolerance ? ` within 2 x ${tolerance}` : ' exactly'}`, async () => {
        const px = phantom(32, 40, 2, 10, signed);
        const opts = uid === UID.JLS_NEAR ? { nearLossless: 2 } : uid === UID.J2K_LOSSY || uid === UID.HTJ2K_LOSSY ? { quantizationStep: 0.001 } : {};
        const { file } = await compressed(uid, px, { rows: 32, columns: 40, frames: 2, bitsStored: 10, rescale: true, ...opts });
        const im = await readDicomFile(file);
        expect([im.info.bitsAllocated, im.info.bitsStored, im.info.pixelRepresentation]).toEqual([16, 10, signed ? 1 : 0]);
        // Stored values are within the 10-bit range (sign-extended from bit 9 when signed).
        const lo = signed ? -512 : 0;
        const hi = signed ? 511 : 1023;
        expect(Math.min(...im.pixels)).toBeGreaterThanOrEqual(lo);
        expect(Math.max(...im.pixels)).toBeLessThanOrEqual(hi);
        expect(maxAbsWrapped(im.pixels, px, 10, signed)).toBeLessThanOrEqual(tolerance);
        const v = (await readDicomSeries(file)).volume;
        expect(v.shape).toEqual([2, 32, 40]);
        let err = 0;
        for (let i = 0; i < px.length; i++) err = Math.max(err, Math.abs(v.data[i]! - (2 * im.pixels[i]! - 1024)));
        expect(err).toBe(0);
        expect(maxAbsWrapped(v.data.map((x) => (x + 1024) / 2), px, 10, signed)).toBeLessThanOrEqual(tolerance);
      });
    }
  }

  it('HighBit other than BitsStored - 1 (values not in the low bits): RPERF_IO_UNSUPPORTED_DATATYPE, one line, native and JPEG-LS', async () => {
    const px = phantom(16, 16, 1, 12, false);
    const cs = await encodeFrames(UID.JLS, px, { rows: 16, columns: 16, bitsStored: 12 });
    const odd = [{ tag: 0x00280102, vr: 'US' as const, value: 15 }];
    for (const bytes of [
      encodeDicomImage({ rows: 16, columns: 16, pixels: px, bitsStored: 12, seriesInstanceUid: '2.25.334', extra: odd }),
      encodeDicomImage({ rows: 16, columns: 16, pixels: px, bitsStored: 12, seriesInstanceUid: '2.25.335', transferSyntaxUid: UID.JLS, encapsulated: { frames: cs }, extra: odd }),
    ]) {
      await loadDicomDecoders([UID.JLS]);
      expect(() => decodeDicom(bytes, 'hb.dcm')).toThrow(
        expect.objectContaining({
          code: 'RPERF_IO_UNSUPPORTED_DATATYPE',
          message: 'hb.dcm: HighBit 15 with BitsStored 12: only pixel values in the low bits (HighBit = BitsStored - 1, as PS3.5 8.1.1 requires) are read; convert the file (e.g. dcmconv, gdcmconv --raw)',
        }),
      );
    }
  });

  for (const planar of [0, 1]) {
    it(`a JPEG-LS colour image, PlanarConfiguration ${planar}: RPERF_IO_COLOUR_IMAGE, one line, before any codec`, async () => {
      const rgb = new Uint8Array(16 * 16 * 3).map((_, i) => i % 251);
      const cs = await encodeFrames(UID.JLS, new Uint8Array(16 * 16), { rows: 16, columns: 16, bitsStored: 8 });
      const bytes = encodeDicomImage({ rows: 16, columns: 16, samplesPerPixel: 3, pixels: rgb, seriesInstanceUid: '2.25.333', transferSyntaxUid: UID.JLS, encapsulated: { frames: cs }, extra: [{ tag: 0x00280006, vr: 'US', value: planar }] });
      expect(() => decodeDicom(bytes, 'rgb.dcm')).toThrow(
        expect.objectContaining({
          code: 'RPERF_IO_COLOUR_IMAGE',
          message: 'rgb.dcm: is a colour image (SamplesPerPixel 3, PhotometricInterpretation RGB): volumes are read from grey-level images only (MONOCHROME1/MONOCHROME2); choose a greyscale series, or convert the image to grey levels first',
        }),
      );
    });
  }
});

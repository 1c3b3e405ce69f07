/**
 * The codecs load on first use of their transfer syntax only: an uncompressed or RLE read
 * loads none; a JPEG-LS file loads CharLS and nothing else; a 12-bit JPEG file then loads the
 * JPEG codec. (A file of its own: vitest runs each test file in a fresh module graph, so no
 * other test has loaded a codec here.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { encodeFrames, loadedCodecs } from '../src/codecs';
import { decodeDicom } from '../src/dicom-read';
import { readDicomSeries } from '../src/dicom-series';
import { encodeDicomImage } from '../src/dicom-write';
import { daikonDataDir } from '../src/test-data';

const dir = mkdtempSync(join(tmpdir(), 'rperf-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('uncompressed and RLE reads load no codec; a JPEG-LS file loads CharLS only', async () => {
  expect(loadedCodecs()).toEqual([]);
  const plain = join(dir, 'plain.dcm');
  const px = new Int16Array(16 * 16).map((_, i) => i - 100);
  writeFileSync(plain, encodeDicomImage({ rows: 16, columns: 16, pixels: px, seriesInstanceUid: '2.25.61' }));
  await readDicomSeries(plain);
  await readDicomSeries(join(daikonDataDir()!, 'volume'));
  await readDicomSeries(join(daikonDataDir()!, 'rle.dcm'));
  expect(loadedCodecs()).toEqual([]);
  // Decoded synchronously before its codec is loaded: a typed error saying how to load it.
  const baseline = readFileSync(join(daikonDataDir()!, 'jpeg_baseline_8bit.dcm'));
  expect(() => decodeDicom(baseline, 'b.dcm')).toThrow(expect.objectContaining({ code: 'RPERF_IO_UNSUPPORTED_TRANSFER_SYNTAX', message: expect.stringContaining("await loadDicomDecoders(['1.2.840.10008.1.2.4.50'])") }));
  const jls = join(dir, 'jls.dcm');
  const cs = await encodeFrames('1.2.840.10008.1.2.4.80', px, { rows: 16, columns: 16, bitsStored: 16 });
  writeFileSync(jls, encodeDicomImage({ rows: 16, columns: 16, pixels: px, seriesInstanceUid: '2.25.62', transferSyntaxUid: '1.2.840.10008.1.2.4.80', encapsulated: { frames: cs } }));
  expect(Array.from((await readDicomSeries(jls)).volume.data)).toEqual(Array.from(px));
  expect(loadedCodecs()).toEqual(['jpeg-ls']);
  // 12-bit JPEG extended: the JPEG codec (libjpeg-turbo and the 12-bit DCT decoder), nothing else.
  const ext = join(dir, 'ext12.dcm');
  const px12 = new Uint16Array(16 * 16).map((_, i) => (i * 16) % 4096);
  const cs12 = await encodeFrames('1.2.840.10008.1.2.4.51', px12, { rows: 16, columns: 16, bitsStored: 12 });
  expect(loadedCodecs()).toEqual(['jpeg-ls']);
  writeFileSync(ext, encodeDicomImage({ rows: 16, columns: 16, pixels: px12, bitsStored: 12, seriesInstanceUid: '2.25.63', transferSyntaxUid: '1.2.840.10008.1.2.4.51', encapsulated: { frames: cs12 } }));
  const back = (await readDicomSeries(ext)).volume.data;
  expect(Math.max(...Array.from(px12, (v, i) => Math.abs(v - back[i]!)))).toBeLessThanOrEqual(1);
  expect(loadedCodecs()).toEqual(['jpeg-baseline', 'jpeg-ls']);
});

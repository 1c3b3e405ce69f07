/**
 * `rhenium recon-mri` and `rhenium recon-ct` reproduce the reconstruction packages' phantom
 * results from files: the test writes the phantom's k-space (complex NIfTI) or sinogram
 * (NIfTI), spawns the command, reads the image back and compares it with the library's
 * result on the same data and with the phantom.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { axisAlignedAffine, cartesianMask, coilSensitivityMaps, sheppLogan2d, sheppLogan3d } from '@rhenium-perf/fixtures';
import { readNifti } from '@rhenium-perf/io-parsing';
import { writeNifti } from '@rhenium-perf/serialization';
import { CgSense, FistaWavelet, SenseOperator, ZeroFilledRecon, bestScale, magnitude, nrmse, simulateKspace } from '@rhenium-perf/reconstruction-mri';
import { iradonFbp, iradonSart, radonTransform, rmsError } from '@rhenium-perf/reconstruction-ct';
import { writeComplexNifti } from '../src/complex-nifti';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'rhenium-recon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const affine = axisAlignedAffine([5, 1.25, 1.25], [-40, -40, 0]);

async function run(args: string[]): Promise<void> {
  const r = await runCli(args);
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/^rhenium: wrote /);
}

describe('rhenium recon-mri from complex NIfTI k-space', () => {
  const n = 64;
  const coils = 4;
  const phantom = sheppLogan2d(n);
  const maps = coilSensitivityMaps(coils, n, n);
  const mask = cartesianMask(n, { acceleration: 2, centerLines: 12 });
  const kspace = simulateKspace(phantom, maps, mask); // complex [coils, ny, nx] = NIfTI x y 1 coils

  it('zero-filled, complex64 and complex128: the library result (NRMSE < 1e-6) and its error against the phantom', async () => {
    const lib = new ZeroFilledRecon(n, n, coils).run(kspace, new Float64Array(n * n));
    for (const [name, data] of [
      ['c64', Float32Array.from(kspace)],
      ['c128', kspace],
    ] as const) {
      const kFile = join(dir, `k_${name}.nii.gz`);
      const out = join(dir, `zf_${name}.nii.gz`);
      await writeComplexNifti(kFile, { data, shape: [1, n, n], frames: coils, affine });
      await run(['recon-mri', kFile, '-o', out]);
      const img = await readNifti(out);
      expect(img.shape).toEqual([1, n, n]);
      expect(img.data).toBeInstanceOf(Float32Array);
      expect(img.affine).toEqual(affine);
      expect(nrmse(lib, img.data)).toBeLessThan(1e-6);
      // The aliased R = 2 image: the same error against the phantom as the library's.
      expect(nrmse(phantom, img.data)).toBeCloseTo(nrmse(phantom, lib), 5);
      expect(nrmse(phantom, img.data)).toBeGreaterThan(0.05);
    }
  });

  it('zero-filled over a 2-slice stack (coils on the 4th dim, slices on z)', async () => {
    const nz = 2;
    const vol = sheppLogan3d(nz, n, n);
    const full = new Uint8Array(n).fill(1);
    const perSlice = 2 * coils * n * n;
    const plane = 2 * n * n;
    const file = new Float64Array(nz * perSlice);
    for (let z = 0; z < nz; z++) {
      const k = simulateKspace(vol.subarray(z * n * n, (z + 1) * n * n), maps, full);
      for (let c = 0; c < coils; c++) file.set(k.subarray(c * plane, (c + 1) * plane), (c * nz + z) * plane);
    }
    const kFile = join(dir, 'k_stack.nii');
    const out = join(dir, 'zf_stack.nii');
    await writeComplexNifti(kFile, { data: file, shape: [nz, n, n], frames: coils, affine });
    await run(['recon-mri', kFile, '-o', out]);
    const img = await readNifti(out);
    expect(img.shape).toEqual([nz, n, n]);
    expect(nrmse(vol, img.data)).toBeLessThan(1e-6); // fully sampled, normalised maps: RSS = |x|
  });

  it('cgsense and fista with a coil maps file: the library results (NRMSE < 1e-5), closer to the phantom than zero-filled', async () => {
    const kFile = join(dir, 'k_iter.nii.gz');
    const mFile = join(dir, 'maps.nii.gz');
    await writeComplexNifti(kFile, { data: kspace, shape: [1, n, n], frames: coils, affine });
    await writeComplexNifti(mFile, { data: maps.data, shape: [1, n, n], frames: coils, affine });
    const zf = new ZeroFilledRecon(n, n, coils).run(kspace, new Float64Array(n * n));
    const zfErr = nrmse(phantom, Float64Array.from(zf, (v) => v * bestScale(phantom, zf)));
    const op = new SenseOperator(maps, mask);
    const cg = magnitude(new CgSense(op).solve(kspace, new Float64Array(2 * n * n), { iterations: 8 }).image, new Float64Array(n * n));
    const fista = magnitude(new FistaWavelet(op).solve(kspace, new Float64Array(2 * n * n), { iterations: 10, lambda: 0.001 }).image, new Float64Array(n * n));
    const cases = [
      ['cgsense', ['--iterations', '8'], cg],
      ['fista', ['--iterations', '10', '--lambda', '0.001'], fista],
    ] as const;
    for (const [method, extra, lib] of cases) {
      const out = join(dir, `${method}.nii.gz`);
      await run(['recon-mri', kFile, '--method', method, ...extra, '--maps', mFile, '-o', out]);
      const img = await readNifti(out);
      expect(nrmse(lib, img.data)).toBeLessThan(1e-5);
      expect(nrmse(phantom, img.data)).toBeLessThan(zfErr);
    }
  });

  it('cgsense with several coils and no maps: exit 2 saying to pass --maps', async () => {
    const kFile = join(dir, 'k_nomaps.nii');
    await writeComplexNifti(kFile, { data: kspace, shape: [1, n, n], frames: coils, affine });
    const r = await runCli(['recon-mri', kFile, '--method', 'cgsense', '-o', join(dir, 'x.nii')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toMatch(/^rhenium: error: --method cgsense with 4 coils needs coil sensitivity maps; pass '--maps maps\.nii\.gz'/);
  });

  it('real-valued input: exit 2 asking for complex64 or complex128', async () => {
    const real = join(dir, 'real.nii');
    await writeNifti(real, { data: Float32Array.from(phantom), shape: [1, n, n], spacingMm: [1, 1, 1], affine: axisAlignedAffine([1, 1, 1]), modality: null });
    const r = await runCli(['recon-mri', real, '-o', join(dir, 'x.nii')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toMatch(/holds real voxels .*complex is expected; store it as complex64/);
  });
});

describe('rhenium recon-ct from a NIfTI sinogram', () => {
  const n = 64;
  const phantom = sheppLogan2d(n, { supersample: 4 });
  const sinogram = radonTransform(phantom, { angles: n }); // angles x detectors: NIfTI x = detectors, y = angles
  const sinoFile = join(dir, 'sino.nii.gz');
  const sinoVolume = { data: sinogram, shape: [1, n, n] as const, spacingMm: [2, 1, 0.5] as const, affine: axisAlignedAffine([2, 1, 0.5]), modality: 'CT' as const };

  it('fbp (ramp and hann): the library result to float32 precision and its RMS error against the phantom', async () => {
    await writeNifti(sinoFile, sinoVolume);
    for (const filter of ['ramp', 'hann'] as const) {
      const out = join(dir, `fbp_${filter}.nii.gz`);
      await run(['recon-ct', sinoFile, '--angles', `0:180:${n}`, '--filter', filter, '-o', out]);
      const img = await readNifti(out);
      const lib = iradonFbp(sinogram, { imageSize: n, angles: n, filter });
      expect(img.shape).toEqual([1, n, n]);
      expect(img.spacingMm).toEqual([2, 0.5, 0.5]);
      expect(rmsError(lib, img.data)).toBeLessThan(1e-6);
      expect(rmsError(phantom, img.data)).toBeCloseTo(rmsError(phantom, lib), 6);
      expect(rmsError(phantom, img.data)).toBeLessThan(0.1);
    }
  });

  it('sart, 2 iterations: the library result', async () => {
    await writeNifti(sinoFile, sinoVolume);
    const out = join(dir, 'sart.nii');
    await run(['recon-ct', sinoFile, '--angles', `0:180:${n}`, '--method', 'sart', '--iterations', '2', '-o', out]);
    const img = await readNifti(out);
    const lib = iradonSart(sinogram, { imageSize: n, angles: n }, { iterations: 2 });
    expect(rmsError(lib, img.data)).toBeLessThan(1e-6);
    expect(rmsError(phantom, img.data)).toBeLessThan(0.1);
  });

  it('--angles whose count differs from the sinogram: exit 2 with the count to use', async () => {
    await writeNifti(sinoFile, sinoVolume);
    const r = await runCli(['recon-ct', sinoFile, '--angles', '0:180:90', '-o', join(dir, 'x.nii')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(`rhenium: error: --angles gives 90 angles, the sinogram '${sinoFile}' has ${n} (its y dimension); write e.g. '--angles 0:180:${n}'`);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeNifti } from '@rhenium-perf/io-parsing';
import { NIFTI_COMPLEX128, NIFTI_COMPLEX64, encodeComplexNifti1 } from './complex-nifti';

const affine = [0.5, 0, 0, -3, 0, 0.75, 0, 4, 0, 0, 2, 5, 0, 0, 0, 1];

describe('encodeComplexNifti1', () => {
  it('complex64 with 3 coils reads back bit-exactly with io-parsing: dims, datatype, affine, values', () => {
    const [nz, ny, nx, coils] = [2, 3, 4, 3];
    const data = Float32Array.from({ length: 2 * nx * ny * nz * coils }, (_, i) => Math.fround(Math.sin(i) * 100));
    const bytes = encodeComplexNifti1({ data, shape: [nz, ny, nx], frames: coils, affine });
    expect(bytes.length).toBe(352 + data.byteLength);
    const img = decodeNifti(bytes);
    expect(img.header.datatype).toBe(NIFTI_COMPLEX64);
    expect(img.header.bitpix).toBe(64);
    expect(img.header.dim.slice(0, 5)).toEqual([4, nx, ny, nz, coils]);
    expect(img.components).toBe(2);
    expect(img.frames).toBe(coils);
    expect(img.shape).toEqual([nz, ny, nx]);
    expect(img.affine).toEqual(affine);
    expect(img.spacingMm).toEqual([2, 0.75, 0.5]);
    expect(img.data).toEqual(data);
  });

  it('complex128 single frame: dim[0] = 3, float64 values kept', () => {
    const data = Float64Array.from([1 / 3, -2 / 7, 1e-300, 5, Math.PI, -Math.E]);
    const img = decodeNifti(encodeComplexNifti1({ data, shape: [1, 1, 3], affine }));
    expect(img.header.datatype).toBe(NIFTI_COMPLEX128);
    expect(img.header.bitpix).toBe(128);
    expect(img.header.dim[0]).toBe(3);
    expect(img.data).toEqual(data);
  });

  it('rejects data whose length does not match the shape', () => {
    expect(() => encodeComplexNifti1({ data: new Float32Array(10), shape: [1, 2, 3], frames: 1, affine })).toThrow(/has 10 numbers, shape 1x2x3 x 1 frames needs 12/);
  });
});

import { describe, expect, it } from 'vitest';
import { IoError } from './errors';
import { decodeNifti } from './nifti-read';
import { encodeNifti1 } from './nifti-write';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('IoError', () => {
  it('names the file in the message', () => {
    const e = new IoError('RPERF_IO_TRUNCATED', 'a.nii', 'header needs 348 bytes, the file has 12');
    expect([e.message, e.code, e.file, e.name]).toEqual(['a.nii: header needs 348 bytes, the file has 12', 'RPERF_IO_TRUNCATED', 'a.nii', 'IoError']);
  });

  it('decodeNifti of a NIfTI cut short: RPERF_IO_TRUNCATED in one line naming the file and the sizes', () => {
    const volume = { data: new Float32Array(64), shape: [4, 4, 4] as [number, number, number], spacingMm: [1, 1, 1] as [number, number, number], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], modality: null };
    const bytes = encodeNifti1(volume);
    expect(() => decodeNifti(bytes.subarray(0, bytes.length - 10), 'cut.nii')).toThrow(
      expect.objectContaining({
        name: 'IoError',
        code: 'RPERF_IO_TRUNCATED',
        file: 'cut.nii',
        message: `cut.nii: header claims 256 bytes of float32 voxels (4x4x4) at offset 352, the file has ${bytes.length - 10} bytes`,
      }),
    );
    expect(() => decodeNifti(new Uint8Array(400), 'zeros.nii')).toThrow(expect.objectContaining({ code: 'RPERF_IO_BAD_MAGIC' }));
  });

  it('encodeNifti1 of a volume without an affine: RPERF_IO_INVALID_VOLUME in one line', () => {
    expect(() => encodeNifti1({ data: new Float32Array(8), shape: [2, 2, 2], spacingMm: [1, 1, 1], affine: null as never, modality: null })).toThrow(
      expect.objectContaining({ code: 'RPERF_IO_INVALID_VOLUME', message: expect.stringMatching(/^[^\n]+$/) }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { IO_ERROR_CODES, IoError } from './errors';
import { decodeNifti } from './nifti-read';
import { encodeNifti1 } from './nifti-write';

function thrown(fn: () => unknown): IoError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(IoError);
    return err as IoError;
  }
  throw new Error('expected an IoError, nothing was thrown');
}

describe('IO_ERROR_CODES', () => {
  it('documents every code with the package prefix', () => {
    for (const [code, description] of Object.entries(IO_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_IO_[A-Z0-9_]*[A-Z0-9]$/);
      expect(description.length).toBeGreaterThan(10);
      expect(description, code).not.toMatch(/[\r\n]/);
    }
    expect(Object.isFrozen(IO_ERROR_CODES)).toBe(true);
  });

  it('names the file in the message', () => {
    const e = new IoError('RPERF_IO_TRUNCATED', 'a.nii', 'header needs 348 bytes, the file has 12');
    expect(e.message).toBe('a.nii: header needs 348 bytes, the file has 12');
    expect(e.code).toBe('RPERF_IO_TRUNCATED');
    expect(e.file).toBe('a.nii');
    expect(e.name).toBe('IoError');
  });

  it('decodeNifti of a NIfTI cut short: RPERF_IO_TRUNCATED in one line naming the file and the sizes', () => {
    const volume = { data: new Float32Array(64), shape: [4, 4, 4] as [number, number, number], spacingMm: [1, 1, 1] as [number, number, number], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], modality: null };
    const bytes = encodeNifti1(volume);
    const e = thrown(() => decodeNifti(bytes.subarray(0, bytes.length - 10), 'cut.nii'));
    expect([e.code, e.file]).toEqual(['RPERF_IO_TRUNCATED', 'cut.nii']);
    expect(e.message).toBe(`cut.nii: header claims 256 bytes of float32 voxels (4x4x4) at offset 352, the file has ${bytes.length - 10} bytes`);
    expect(thrown(() => decodeNifti(new Uint8Array(400), 'zeros.nii')).code).toBe('RPERF_IO_BAD_MAGIC');
  });

  it('encodeNifti1 of a volume without an affine: RPERF_IO_INVALID_VOLUME', () => {
    const e = thrown(() => encodeNifti1({ data: new Float32Array(8), shape: [2, 2, 2], spacingMm: [1, 1, 1], affine: null as never, modality: null }));
    expect(e.code).toBe('RPERF_IO_INVALID_VOLUME');
    expect(e.message).not.toMatch(/\n/);
  });
});

import { describe, expect, it } from 'vitest';
import { IO_ERROR_CODES, IoError } from './errors';

describe('IO_ERROR_CODES', () => {
  it('documents every code with the package prefix', () => {
    for (const [code, description] of Object.entries(IO_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_IO_[A-Z_]+$/);
      expect(description.length).toBeGreaterThan(10);
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
});

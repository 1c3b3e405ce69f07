import { describe, expect, it } from 'vitest';
import { MRI_ERROR_CODES, MriReconError } from './errors';
import { HaarWavelet2d } from './wavelet';

function thrown(fn: () => unknown): MriReconError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MriReconError);
    return err as MriReconError;
  }
  throw new Error('expected an MriReconError, nothing was thrown');
}

describe('MRI_ERROR_CODES', () => {
  it('RPERF_MRI_ codes, each with a one-line meaning; frozen', () => {
    expect(Object.isFrozen(MRI_ERROR_CODES)).toBe(true);
    for (const [code, meaning] of Object.entries(MRI_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_MRI_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning.trim(), code).not.toBe('');
      expect(meaning, code).not.toMatch(/[\r\n]/);
    }
  });

  it('MriReconError carries its code and starts its message with it', () => {
    const e = new MriReconError('RPERF_MRI_NON_FINITE', 'ZeroFilledRecon.run: kspace holds NaN at index 17');
    expect([e.name, e.code, e.message]).toEqual(['MriReconError', 'RPERF_MRI_NON_FINITE', 'RPERF_MRI_NON_FINITE: ZeroFilledRecon.run: kspace holds NaN at index 17']);
  });

  it('HaarWavelet2d with 0 levels: RPERF_MRI_BAD_SIZE; with more levels than the size allows: RPERF_MRI_BAD_OPTION saying how many fit', () => {
    const size = thrown(() => new HaarWavelet2d(8, 8, 0));
    expect(size.code).toBe('RPERF_MRI_BAD_SIZE');
    expect(size.message).toBe('RPERF_MRI_BAD_SIZE: HaarWavelet2d: levels must be a positive integer, received 0');
    const option = thrown(() => new HaarWavelet2d(12, 8, 3));
    expect(option.code).toBe('RPERF_MRI_BAD_OPTION');
    expect(option.message).toBe('RPERF_MRI_BAD_OPTION: HaarWavelet2d: 3 levels need ny and nx divisible by 8, received 12 x 8; use fewer levels (at most 2)');
  });
});

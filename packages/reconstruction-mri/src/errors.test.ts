import { describe, expect, it } from 'vitest';
import { MriReconError } from './errors';
import { HaarWavelet2d } from './wavelet';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('MriReconError', () => {
  it('carries its code and starts its message with it', () => {
    const e = new MriReconError('RPERF_MRI_NON_FINITE', 'ZeroFilledRecon.run: kspace holds NaN at index 17');
    expect([e.name, e.code, e.message]).toEqual(['MriReconError', 'RPERF_MRI_NON_FINITE', 'RPERF_MRI_NON_FINITE: ZeroFilledRecon.run: kspace holds NaN at index 17']);
  });

  it('HaarWavelet2d with 0 levels: RPERF_MRI_BAD_SIZE; with more levels than the size allows: RPERF_MRI_BAD_OPTION saying how many fit', () => {
    expect(() => new HaarWavelet2d(8, 8, 0)).toThrow(
      expect.objectContaining({ name: 'MriReconError', code: 'RPERF_MRI_BAD_SIZE', message: 'RPERF_MRI_BAD_SIZE: HaarWavelet2d: levels must be a positive integer, received 0' }),
    );
    expect(() => new HaarWavelet2d(12, 8, 3)).toThrow(
      expect.objectContaining({
        code: 'RPERF_MRI_BAD_OPTION',
        message: 'RPERF_MRI_BAD_OPTION: HaarWavelet2d: 3 levels need ny and nx divisible by 8, received 12 x 8; use fewer levels (at most 2)',
      }),
    );
  });
});

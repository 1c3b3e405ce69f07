/**
 * Validation of volume geometry shared by the resampler and crop/pad.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import { PreprocessError } from './errors';
import type { Triple } from './types';

/** Throw RPERF_PREPROCESS_BAD_SPACING unless every entry is a finite positive number. */
export function checkSpacing(fn: string, what: string, spacingMm: readonly number[]): Triple {
  if (spacingMm.length !== 3 || !spacingMm.every((s) => Number.isFinite(s) && s > 0)) {
    throw new PreprocessError(
      'RPERF_PREPROCESS_BAD_SPACING',
      `${fn}: ${what} must be three finite positive millimetre values [sz, sy, sx], received ${JSON.stringify(spacingMm)}`,
    );
  }
  return [spacingMm[0]!, spacingMm[1]!, spacingMm[2]!];
}

/** Throw RPERF_PREPROCESS_SHAPE_MISMATCH unless the shape is three positive integers. */
export function checkShape(fn: string, shape: readonly number[]): Triple {
  if (shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new PreprocessError('RPERF_PREPROCESS_SHAPE_MISMATCH', `${fn}: shape must be three positive integers [nz, ny, nx], received ${JSON.stringify(shape)}`);
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}

/** Throw RPERF_PREPROCESS_SHAPE_MISMATCH unless `array.length` is `expected`. */
export function checkLength(fn: string, what: string, array: { length: number }, expected: number, shape: readonly number[]): void {
  if (array.length !== expected) {
    throw new PreprocessError(
      'RPERF_PREPROCESS_SHAPE_MISMATCH',
      `${fn}: ${what} has ${array.length} elements but shape ${JSON.stringify(shape)} needs ${expected}`,
    );
  }
}

/** Check a volume's data against its shape and its spacing; returns shape and spacing. */
export function checkVolume(fn: string, volume: Volume): { shape: Triple; spacingMm: Triple } {
  const shape = checkShape(fn, volume.shape);
  checkLength(fn, 'volume.data', volume.data, shape[0] * shape[1] * shape[2], shape);
  const spacingMm = checkSpacing(fn, 'volume.spacingMm', volume.spacingMm);
  if (volume.affine.length !== 16 || !volume.affine.every(Number.isFinite)) {
    throw new PreprocessError('RPERF_PREPROCESS_SHAPE_MISMATCH', `${fn}: volume.affine must be 16 finite numbers (4x4 row-major), received ${volume.affine.length}`);
  }
  return { shape, spacingMm };
}

/** Throw RPERF_PREPROCESS_OUT_ALIASES_INPUT when `out` shares memory with `input`. */
export function checkNoAlias(fn: string, input: ArrayBufferView, out: ArrayBufferView): void {
  if (input.buffer === out.buffer && input.byteOffset < out.byteOffset + out.byteLength && out.byteOffset < input.byteOffset + input.byteLength) {
    throw new PreprocessError('RPERF_PREPROCESS_OUT_ALIASES_INPUT', `${fn}: out overlaps the input array; this kernel reads neighbours after writing, so pass a separate out buffer`);
  }
}

/**
 * Checks of an input before generation: rank for the operation, positive integer sizes, and
 * a data length that matches the shape (NaN is checked while the intensity range is taken).
 */
import type { VolumeArray } from '@rhenium-perf/fixtures';
import { GanError } from './errors';
import type { GanModel } from './types';

/**
 * Check `shape` has `rank` positive integer sizes and `data` holds their product.
 * @example checkInput(new Float32Array(4), [2, 2], 2, 'image') // ok
 */
export function checkInput(data: VolumeArray, shape: readonly number[], rank: 2 | 3, label: string, hint: string): void {
  if (!Array.isArray(shape) || shape.length !== rank) {
    const got = Array.isArray(shape) ? `rank ${shape.length} [${shape.join(', ')}]` : JSON.stringify(shape);
    throw new GanError('RPERF_GAN_INPUT_RANK', `${label} has ${got}; expected rank ${rank} (${rank === 2 ? '[ny, nx]' : '[nz, ny, nx]'}) — ${hint}`);
  }
  if (!shape.every((s) => Number.isInteger(s) && s >= 1)) {
    throw new GanError('RPERF_GAN_INPUT_SHAPE', `${label} has shape [${shape.join(', ')}]; expected positive integer sizes`);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  if (!data || typeof data.length !== 'number' || data.length !== n) {
    throw new GanError('RPERF_GAN_INPUT_SHAPE', `${label} holds ${data?.length} values but its shape [${shape.join(', ')}] needs ${n}`);
  }
}

/** Refuse a model that does not do `operation` on inputs of `spatialRank`. */
export function checkModel(model: GanModel, operation: GanModel['operation'], spatialRank: 2 | 3, fn: string): void {
  if (model.operation !== operation || model.spatialRank !== spatialRank) {
    throw new GanError(
      'RPERF_GAN_MODEL_MISMATCH',
      `${fn} needs a ${spatialRank}D ${operation} model, received ${model.name} (${model.spatialRank}D ${model.operation})`,
    );
  }
}

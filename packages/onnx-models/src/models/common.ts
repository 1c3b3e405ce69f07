/**
 * What every architecture's builder returns, and option checks shared by them.
 */
import { OnnxModelsError } from '../errors';
import type { ModelTask, TensorSpec } from '../types';

/** A built graph before the zoo adds its sha256 and name. */
export interface ArchitectureBuild {
  readonly task: ModelTask;
  readonly bytes: Uint8Array;
  readonly parameterCount: number;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly spatialMultiple: number;
  readonly config: Readonly<Record<string, unknown>>;
}

/** Throw unless x is an integer in [min, max]. */
export function checkIntOption(model: string, key: string, x: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    throw new OnnxModelsError('RPERF_ONNX_INVALID_OPTIONS', `${model}: ${key} must be an integer in [${min}, ${max}], received ${JSON.stringify(x)}`);
  }
  return x;
}

/** Throw unless xs is a non-empty array of positive integers. */
export function checkFeatures(model: string, xs: unknown, minLength = 1): number[] {
  if (!Array.isArray(xs) || xs.length < minLength || !xs.every((f) => Number.isInteger(f) && f >= 1 && f <= 4096)) {
    throw new OnnxModelsError(
      'RPERF_ONNX_INVALID_OPTIONS',
      `${model}: features must be an array of at least ${minLength} positive integers (<= 4096), received ${JSON.stringify(xs)}`,
    );
  }
  return [...(xs as number[])];
}

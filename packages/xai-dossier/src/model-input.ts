/**
 * The whole volume as the model's input grid: normalised and zero-padded up to the spatial
 * multiple (perception-inference's `wholeVolumeInput`), plus the helpers that move between
 * volume voxels and padded-grid voxels.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import { wholeVolumeInput, type Normalization, type ModelSession } from '@rhenium-perf/perception-inference';
import { XaiError } from './errors';
import type { Triple } from './types';

/** A normalised, padded input grid. */
export interface InputGrid {
  /** Padded voxels, x fastest, `[pz, py, px]`. */
  readonly data: Float32Array;
  readonly padded: Triple;
  /** Volume voxel v sits at padded voxel v + padBefore per axis. */
  readonly padBefore: Triple;
  readonly shape: Triple;
}

/** Build the input grid of a volume. */
export function inputGrid(volume: Volume, spatialMultiple: number, normalize: Normalization): InputGrid {
  const { tensor, plan } = wholeVolumeInput(volume, spatialMultiple, normalize);
  return {
    data: tensor.data as Float32Array,
    padded: plan.paddedShape as Triple,
    padBefore: plan.padBefore as Triple,
    shape: [volume.shape[0], volume.shape[1], volume.shape[2]],
  };
}

/** The name of the model's single input (explanations feed `[N, 1, D, H, W]`). */
export function singleInputName(session: ModelSession): string {
  if (session.inputs.length !== 1) {
    throw new XaiError('RPERF_XAI_INPUT_MISMATCH', `${session.label} has ${session.inputs.length} inputs; occlusion and test-time augmentation feed one input [N, 1, D, H, W]`);
  }
  const spec = session.inputs[0]!;
  if (spec.shape.length !== 5 || spec.elemType !== 'float32') {
    throw new XaiError('RPERF_XAI_INPUT_MISMATCH', `${session.label} expects ${spec.elemType} [${spec.shape.join(', ')}]; explanations feed float32 [N, 1, D, H, W]`);
  }
  return spec.name;
}

/** Largest batch the model accepts: 1 when its batch axis is fixed to 1, else `wanted`. */
export function batchLimit(session: ModelSession, wanted: number): number {
  if (!Number.isInteger(wanted) || wanted < 1) {
    throw new XaiError('RPERF_XAI_INVALID_OPTIONS', `batchSize must be a positive integer, received ${wanted}`);
  }
  const n = session.inputs[0]?.shape[0];
  return typeof n === 'number' && n > 0 ? Math.min(n, wanted) : wanted;
}

/** `[z, y, x]` from a number or a triple, checked to be positive integers. */
export function triple(name: string, v: Triple | number): Triple {
  const t: Triple = typeof v === 'number' ? [v, v, v] : v;
  if (!Array.isArray(t) || t.length !== 3 || !t.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new XaiError('RPERF_XAI_INVALID_OPTIONS', `${name} must be a positive integer or three of them [z, y, x], received ${JSON.stringify(v)}`);
  }
  return [t[0], t[1], t[2]];
}

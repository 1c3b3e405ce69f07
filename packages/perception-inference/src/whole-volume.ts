/**
 * The whole volume as one input tensor [1, 1, D', H', W'], normalised and zero-padded
 * symmetrically up to the model's spatial multiple (what classification and detection feed).
 */
import * as ort from 'onnxruntime-node';
import type { Volume } from '@rhenium-perf/fixtures';
import { PerceptionError } from './errors';
import { intensityTransform } from './normalize';
import { fillPatch } from './segment';
import { planWindows, type WindowPlan } from './sliding-window';
import type { Normalization } from './types';

/** Build the padded, normalised input of a whole volume. */
export function wholeVolumeInput(volume: Volume, spatialMultiple: number, normalize: Normalization): { tensor: ort.Tensor; plan: WindowPlan } {
  if (!Number.isInteger(spatialMultiple) || spatialMultiple < 1) {
    throw new PerceptionError('RPERF_PERCEPTION_INVALID_OPTIONS', `spatialMultiple must be a positive integer, received ${spatialMultiple}`);
  }
  const shape = volume.shape;
  if (volume.data.length !== shape[0] * shape[1] * shape[2]) {
    throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `volume has ${volume.data.length} voxels but shape [${shape.join(', ')}]`);
  }
  const padded = shape.map((n) => Math.ceil(n / spatialMultiple) * spatialMultiple) as [number, number, number];
  const plan = planWindows(shape, padded, 0);
  const t = intensityTransform(volume.data, normalize);
  const data = fillPatch(volume, plan, [0, 0, 0], t, new Float32Array(padded[0] * padded[1] * padded[2]));
  return { tensor: new ort.Tensor('float32', data, [1, 1, ...padded]), plan };
}

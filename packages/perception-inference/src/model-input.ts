/**
 * Checking that a session's model takes a single-channel volume: one float32 input of rank
 * 5 [N, C, D, H, W] with C = 1 (or dynamic) — what segmentation, classification and
 * detection feed it.
 */
import type { TensorSpec } from '@rhenium-perf/onnx-models';
import { PerceptionError } from './errors';
import { describeInputs } from './session';
import type { ModelSession } from './types';

/**
 * The model's volume input, or a typed error naming what the model expects.
 * Fixed spatial dims are returned so the caller can use them as the patch.
 */
export function volumeInput(s: ModelSession): { spec: TensorSpec; fixedSpatial: (number | null)[] } {
  const expected = describeInputs(s.inputs);
  if (s.inputs.length !== 1) {
    throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `${s.label} has ${s.inputs.length} inputs (${expected}); volume inference feeds exactly one input [N, 1, D, H, W]`);
  }
  const spec = s.inputs[0]!;
  if (spec.shape.length !== 5) {
    throw new PerceptionError(
      'RPERF_PERCEPTION_INPUT_MISMATCH',
      `${s.label} expects ${expected}, rank ${spec.shape.length}; a volume is fed as rank 5 [N, 1, D, H, W]. Use a 3D model (or benchmark it with --model and --input-shape)`,
    );
  }
  if (spec.elemType !== 'float32') {
    throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `${s.label} expects ${expected}; volumes are fed as float32`);
  }
  const [n, c] = spec.shape;
  if ((typeof n === 'number' && n !== 1) || (typeof c === 'number' && c !== 1)) {
    throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `${s.label} expects ${expected}; a single-channel volume is fed as [1, 1, D, H, W]`);
  }
  return { spec, fixedSpatial: spec.shape.slice(2).map((d) => (typeof d === 'number' ? d : null)) };
}

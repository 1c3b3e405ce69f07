/**
 * A user's own ONNX model (`--model path [--input-shape 1x1x64x64x64]`, passed by the bench
 * command through `benchOption`; RPERF_MODEL_PATH / RPERF_MODEL_INPUT_SHAPE also work).
 * Without a model this module declares no case.
 */
import { benchOption } from '@rhenium-perf/harness';
import { USER_INPUT_SHAPE_ENV, USER_MODEL_ENV } from '../src/defaults';
import { userModelCases } from '../src/user-model';
import { sharedUserModelReference } from './reference-check';

const modelPath = benchOption('model') ?? process.env[USER_MODEL_ENV];
const inputShape = benchOption('input-shape') ?? (process.env[USER_INPUT_SHAPE_ENV] || undefined);
// The reference forward pass is made once per run (a run fixture); every process compares its own outputs with it.
export default modelPath ? userModelCases(modelPath, inputShape, { referenceOf: sharedUserModelReference }) : [];

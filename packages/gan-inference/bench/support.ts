/**
 * Shared pieces of the GAN benches: opening a generator with its facts recorded, and the
 * checks every generated output must pass (finite, deterministic, disclosed).
 * (Not a bench module itself: the runner only loads `*.bench.ts`.)
 */
import { check, VerifyError, expectQuality, type BenchContext, type QualityFigures } from '@rhenium-perf/harness';
import type { VolumeArray } from '@rhenium-perf/fixtures';
import { sha256Hex } from '@rhenium-perf/onnx-models';
import { bytesOf, validateDisclosure } from '../src/disclosure';
import { openGanModel } from '../src/model';
import type { Disclosure, GanModel, GanModelName } from '../src/types';

/** Recorded with every sanity PSNR, so nobody reads it as a quality claim. */
export const QUALITY_NOTE =
  'The generators carry seeded random (untrained) weights: PSNR figures are sanity numbers that show the pipeline runs end to end, not image quality, and no case gates on them.';

/** A zoo generator's session, recording model name, sha256, parameters, threads and device. */
export async function benchModel(ctx: BenchContext, name: GanModelName): Promise<GanModel> {
  const model = await openGanModel(name, { device: ctx.device });
  ctx.record('model_name', name);
  ctx.record('model_sha256', model.descriptor.sha256);
  ctx.record('model_parameters', model.descriptor.parameterCount);
  ctx.record('intra_op_threads', model.session.intraOpThreads);
  ctx.record('execution_device', model.session.device);
  if (model.session.deviceReason) ctx.record('device_reason', model.session.deviceReason);
  ctx.record('quality_note', QUALITY_NOTE);
  return model;
}

/** ctx.stage as the library's StageFn. */
export function stageOf(ctx: BenchContext): <T>(name: 'session_run' | 'pre_post', fn: () => T) => T {
  return (name, fn) => ctx.stage(name, fn);
}

/**
 * The checks shared by every case: expected shape, finite values, a second run with the
 * same bytes and the same disclosure, and a disclosure that validates and names this
 * model, this input and this output. Records the disclosure in the result.
 */
export function checkGenerated(
  ctx: BenchContext,
  model: GanModel,
  input: VolumeArray,
  first: { data: Float32Array; shape: readonly number[]; disclosure: Disclosure },
  second: { data: Float32Array; disclosure: Disclosure },
  expectedShape: readonly number[],
): QualityFigures {
  check(first.shape.join('x') === expectedShape.join('x'), `output shape [${first.shape}] differs from the expected [${expectedShape}]`);
  check(first.data.length === expectedShape.reduce((a, b) => a * b, 1), `output holds ${first.data.length} values for shape [${expectedShape}]`);
  let nonFinite = 0;
  let differing = 0;
  for (let i = 0; i < first.data.length; i++) {
    if (!Number.isFinite(first.data[i]!)) nonFinite++;
    if (!Object.is(first.data[i], second.data[i])) differing++;
  }
  const d = first.disclosure;
  const v = validateDisclosure(d);
  if (!v.valid) throw new VerifyError(`the disclosure does not match schemas/disclosure.schema.json: ${v.errors.slice(0, 5).join('; ')}`);
  check(d.synthetic === true, 'the disclosure does not say the output is synthetic');
  check(d.model.sha256 === model.descriptor.sha256 && d.model.name === model.name, `the disclosure names model ${d.model.name} ${d.model.sha256}, not the one run`);
  check(d.input.sha256 === sha256Hex(bytesOf(input)), 'the disclosure input sha256 is not the sha256 of the input bytes');
  check(d.output.sha256 === sha256Hex(bytesOf(first.data)), 'the disclosure output sha256 is not the sha256 of the output bytes');
  check(d.output.shape.join('x') === expectedShape.join('x'), `the disclosure output shape [${d.output.shape}] is not [${expectedShape}]`);
  check(JSON.stringify(second.disclosure) === JSON.stringify(d), 'two runs with the same input and timestamp gave different disclosures');
  ctx.record('disclosure', d);
  return {
    non_finite_values: expectQuality('non_finite_values', nonFinite, { max: 0, unit: 'values' }),
    values_differing_between_runs: expectQuality('values_differing_between_runs', differing, { max: 0, unit: 'values' }),
  };
}

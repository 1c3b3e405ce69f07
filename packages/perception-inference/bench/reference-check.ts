/**
 * The independent figure of every perception case: onnxruntime against the pure-TypeScript
 * reference forward pass of onnx-models (`runReference`, float64, sharing no code with
 * onnxruntime), on a small crop of the case's own volume.
 * (Not a bench module itself: the runner only loads `*.bench.ts`.)
 *
 * The crop is REFERENCE_CROP voxels around the volume's centre (an axis shorter than the
 * crop, the XR radiograph's single slice, is repeated cyclically), a multiple of every zoo
 * model's spatial multiple so no padding is involved. The reference reads the z-scored crop,
 * computed here from the definition (x - mean) / sd with the population sd in float64, not
 * by the library's normalisation; onnxruntime gets the crop through the library's own path
 * where the case has one (segmentVolume, classify), so that path is covered too.
 *
 *   max_abs_err_vs_reference = max over every output value |onnxruntime - reference|
 *
 * bounded by REFERENCE_MAX_ABS_ERROR (1e-4; measured on the cases' crops: 5e-8 for the
 * classifier, 7e-7 to 1.2e-6 for the U-Net, 1.6e-6 for the detector). The
 * reference costs ~3·10^7 multiply-adds for the U-Net on 8x16x16, 0.2 to 0.6 s in a fresh
 * process (most of it the first, unoptimised pass; 0.15 to 0.2 s for the detector and the
 * classifier), in verify only (never timed).
 *
 * The reference depends only on the model and the crop, the same in every process of a run
 * (and in every case on the same volume), so it is made once per package run (`runFixture`,
 * keyed by the model's sha256, its output names, the input dims and the sha256 of the very
 * z-scored input values the reference reads) and read back by the later processes; every
 * process still runs its own onnxruntime pass on the crop and compares it with the shared
 * reference, with the same bound. Outside a runner (tests, runCaseInline) it is computed.
 */
import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-node';
import type { Volume } from '@rhenium-perf/fixtures';
import { VerifyError, expectQuality, runFixture, type QualityFigures } from '@rhenium-perf/harness';
import { REFERENCE_MAX_ABS_ERROR, maxAbsDifference, runReference, type BuiltModel } from '@rhenium-perf/onnx-models';
import { classify } from '../src/classify';
import { segmentVolume } from '../src/segment';
import type { ModelSession } from '../src/types';
import type { UserModelReferenceOf } from '../src/user-model';
import { userModelReference, type UserModelReference } from '../src/user-model-reference';

/** Shape [nz, ny, nx] of the crop the reference runs on (a multiple of 8, the U-Net's multiple). */
export const REFERENCE_CROP: readonly [number, number, number] = [8, 16, 16];

/**
 * The centre crop of `volume` of shape `crop` as float32 (axes shorter than the crop
 * repeat cyclically), with the volume's geometry.
 */
export function centreCrop(volume: Volume, crop: readonly [number, number, number] = REFERENCE_CROP): Volume<Float32Array> {
  const [nz, ny, nx] = volume.shape;
  const [cz, cy, cx] = crop;
  const start = [nz, ny, nx].map((n, d) => Math.max(0, (n - crop[d]!) >> 1));
  const out = new Float32Array(cz * cy * cx);
  for (let z = 0; z < cz; z++)
    for (let y = 0; y < cy; y++)
      for (let x = 0; x < cx; x++) {
        const sz = (start[0]! + z) % nz;
        const sy = (start[1]! + y) % ny;
        const sx = (start[2]! + x) % nx;
        out[(z * cy + y) * cx + x] = volume.data[(sz * ny + sy) * nx + sx]!;
      }
  return { data: out, shape: [cz, cy, cx], spacingMm: volume.spacingMm, affine: volume.affine, modality: volume.modality };
}

/** (x - mean) / sd over all values (population sd, float64 sums; sd 0 leaves x - mean). */
export function zscore(x: ArrayLike<number>): Float32Array {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / x.length);
  const inv = sd > 0 ? 1 / sd : 1;
  return Float32Array.from(x, (v) => (v - mean) * inv);
}

/** Lower-case hex sha256 of an array's bytes (ties a shared reference to the exact input it was made from). */
export function bytesSha256(x: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest('hex');
}

/**
 * The outputs `names` (in that order) as one float64 buffer: [count, length of each, values of each].
 * @example decodeOutputs(encodeOutputs({ y: new Float64Array([1, 2]) }, ['y']), ['y']) // { y: Float64Array [1, 2] }
 */
export function encodeOutputs(outputs: Readonly<Record<string, Float64Array>>, names: readonly string[]): Uint8Array {
  const arrays = names.map((n) => {
    const a = outputs[n];
    if (!a) throw new VerifyError(`the reference forward pass gave no output "${n}"; it gave ${Object.keys(outputs).join(', ') || 'none'}`);
    return a;
  });
  const out = new Float64Array(1 + arrays.length + arrays.reduce((s, a) => s + a.length, 0));
  out[0] = arrays.length;
  let at = 1 + arrays.length;
  arrays.forEach((a, i) => {
    out[1 + i] = a.length;
    out.set(a, at);
    at += a.length;
  });
  return new Uint8Array(out.buffer);
}

/** The outputs of an `encodeOutputs` buffer (views of it), checked against its header. */
export function decodeOutputs(bytes: Uint8Array, names: readonly string[]): Record<string, Float64Array> {
  const bad = (why: string): never => {
    throw new VerifyError(`the shared reference forward pass is malformed (${why})`);
  };
  if (bytes.byteLength % 8 !== 0 || bytes.byteOffset % 8 !== 0) bad(`${bytes.byteLength} bytes at offset ${bytes.byteOffset}`);
  const all = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  if (all[0] !== names.length) bad(`${all[0]} outputs, expected ${names.length}`);
  const lengths = names.map((_, i) => all[1 + i]!);
  if (!lengths.every((n) => Number.isInteger(n) && n >= 0) || 1 + names.length + lengths.reduce((s, n) => s + n, 0) !== all.length) bad(`lengths [${lengths.join(', ')}] for ${all.length} values`);
  const out: Record<string, Float64Array> = {};
  let at = 1 + names.length;
  names.forEach((n, i) => {
    out[n] = all.subarray(at, at + lengths[i]!);
    at += lengths[i]!;
  });
  return out;
}

/**
 * The reference outputs of `model` on the z-scored crop [1, 1, ...crop], made once per run for
 * a model and input (`runFixture`) and read back by the run's later processes.
 */
async function reference(model: BuiltModel, crop: Volume<Float32Array>): Promise<Record<string, Float64Array>> {
  const dims = [1, 1, ...crop.shape];
  const input = zscore(crop.data);
  const names = model.outputs.map((o) => o.name);
  const key = `perception-inference/reference forward pass of model ${model.sha256} outputs ${names.join(',')} on dims ${dims.join('x')} float32 input sha256 ${bytesSha256(input)}`;
  const bytes = await runFixture(key, () => {
    const out = runReference(model.bytes, { [model.inputs[0]!.name]: { data: input, dims } });
    return encodeOutputs(Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data])), names);
  });
  return decodeOutputs(bytes, names);
}

/** The figure, checked against REFERENCE_MAX_ABS_ERROR. */
function figure(err: number): QualityFigures {
  return { max_abs_err_vs_reference: expectQuality('max_abs_err_vs_reference', err, { max: REFERENCE_MAX_ABS_ERROR }) };
}

/** Segmentation: segmentVolume(crop, one patch, probabilities) against the reference softmax. */
export async function segmentationReferenceFigure(session: ModelSession, model: BuiltModel, volume: Volume): Promise<QualityFigures> {
  const crop = centreCrop(volume);
  const got = await segmentVolume(session, crop, { spatialMultiple: model.spatialMultiple, patchSize: [...REFERENCE_CROP], probabilities: true });
  return figure(maxAbsDifference(got.probabilities!, (await reference(model, crop)).probabilities!));
}

/** Classification: classify(crop) probabilities against the reference softmax. */
export async function classificationReferenceFigure(session: ModelSession, model: BuiltModel, volume: Volume): Promise<QualityFigures> {
  const crop = centreCrop(volume);
  const got = await classify(session, crop, { topK: 1, spatialMultiple: model.spatialMultiple });
  return figure(maxAbsDifference(got.probabilities, (await reference(model, crop)).probabilities!));
}

/**
 * Detection: the raw heat map and log box sizes of session.run on the z-scored crop against
 * the reference (detect's decoding is checked by the case's own geometric figures).
 */
export async function detectionReferenceFigure(session: ModelSession, model: BuiltModel, volume: Volume): Promise<QualityFigures> {
  const crop = centreCrop(volume);
  const ref = await reference(model, crop);
  const got = await session.run({ [session.inputs[0]!.name]: new ort.Tensor('float32', zscore(crop.data), [1, 1, ...crop.shape]) });
  let err = 0;
  for (const [k, r] of Object.entries(ref)) err = Math.max(err, got[k] ? maxAbsDifference(got[k].data as Float32Array, r) : Infinity);
  return figure(err);
}

/** A user-model reference as bytes: [u32 header length][JSON { skipped, outputs: [name, length][] }][pad to 8][float64 values]. */
export function encodeUserModelReference(ref: UserModelReference): Uint8Array {
  const arrays = ref.outputs ? Object.entries(ref.outputs) : [];
  const header = new TextEncoder().encode(JSON.stringify({ skipped: ref.skipped, outputs: arrays.map(([k, a]) => [k, a.length]) }));
  const at = Math.ceil((4 + header.length) / 8) * 8;
  const out = new Uint8Array(at + 8 * arrays.reduce((s, [, a]) => s + a.length, 0));
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  const values = new Float64Array(out.buffer, at);
  let i = 0;
  for (const [, a] of arrays) {
    values.set(a, i);
    i += a.length;
  }
  return out;
}

/** The reference of `encodeUserModelReference` bytes (8-byte aligned, as runFixture gives them); a malformed buffer is a VerifyError. */
export function decodeUserModelReference(bytes: Uint8Array): UserModelReference {
  try {
    const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + n))) as { skipped: string | null; outputs: [string, number][] };
    if (typeof h.skipped === 'string') return { outputs: null, skipped: h.skipped };
    const at = Math.ceil((4 + n) / 8) * 8;
    const values = new Float64Array(bytes.buffer, bytes.byteOffset + at, (bytes.byteLength - at) / 8);
    if (h.outputs.reduce((s, [, len]) => s + len, 0) !== values.length) throw new Error(`${values.length} values for outputs ${JSON.stringify(h.outputs)}`);
    const outputs: Record<string, Float64Array> = {};
    let i = 0;
    for (const [k, len] of h.outputs) {
      outputs[k] = values.subarray(i, i + len);
      i += len;
    }
    return { outputs, skipped: null };
  } catch (err) {
    throw new VerifyError(`the shared reference forward pass of the user model is malformed (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * The user-model case's reference (`userModelReference`: the forward pass, or why there is
 * none), made once per run for the model and feeds (`runFixture`, keyed by the model's
 * sha256 and every feed's name, type, dims and bytes' sha256) and read back by the run's
 * later processes; each process compares its own outputs with it (src/user-model.ts).
 */
export const sharedUserModelReference: UserModelReferenceOf = async (bytes, sha256, feeds) => {
  const feedKey = Object.entries(feeds)
    .map(([k, t]) => `${JSON.stringify(k)} ${t.type} [${t.dims.join('x')}] sha256 ${bytesSha256(t.data as ArrayBufferView)}`)
    .join('; ');
  const key = `perception-inference/user-model reference forward pass of model ${sha256} (${bytes.byteLength} bytes) on feeds ${feedKey}`;
  return decodeUserModelReference(await runFixture(key, () => encodeUserModelReference(userModelReference(bytes, feeds))));
};

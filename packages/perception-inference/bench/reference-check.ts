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
 * reference costs ~3·10^7 multiply-adds for the U-Net on 8x16x16, about 0.3 s, in verify
 * only (never timed).
 */
import * as ort from 'onnxruntime-node';
import type { Volume } from '@rhenium-perf/fixtures';
import { expectQuality, type QualityFigures } from '@rhenium-perf/harness';
import { REFERENCE_MAX_ABS_ERROR, maxAbsDifference, runReference, type BuiltModel } from '@rhenium-perf/onnx-models';
import { classify } from '../src/classify';
import { segmentVolume } from '../src/segment';
import type { ModelSession } from '../src/types';

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

/** The reference outputs of `model` on the z-scored crop [1, 1, ...crop]. */
function reference(model: BuiltModel, crop: Volume<Float32Array>): Record<string, Float64Array> {
  const dims = [1, 1, ...crop.shape];
  const out = runReference(model.bytes, { [model.inputs[0]!.name]: { data: zscore(crop.data), dims } });
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data]));
}

/** The figure, checked against REFERENCE_MAX_ABS_ERROR. */
function figure(err: number): QualityFigures {
  return { max_abs_err_vs_reference: expectQuality('max_abs_err_vs_reference', err, { max: REFERENCE_MAX_ABS_ERROR }) };
}

/** Segmentation: segmentVolume(crop, one patch, probabilities) against the reference softmax. */
export async function segmentationReferenceFigure(session: ModelSession, model: BuiltModel, volume: Volume): Promise<QualityFigures> {
  const crop = centreCrop(volume);
  const got = await segmentVolume(session, crop, { spatialMultiple: model.spatialMultiple, patchSize: [...REFERENCE_CROP], probabilities: true });
  return figure(maxAbsDifference(got.probabilities!, reference(model, crop).probabilities!));
}

/** Classification: classify(crop) probabilities against the reference softmax. */
export async function classificationReferenceFigure(session: ModelSession, model: BuiltModel, volume: Volume): Promise<QualityFigures> {
  const crop = centreCrop(volume);
  const got = await classify(session, crop, { topK: 1, spatialMultiple: model.spatialMultiple });
  return figure(maxAbsDifference(got.probabilities, reference(model, crop).probabilities!));
}

/**
 * Detection: the raw heat map and log box sizes of session.run on the z-scored crop against
 * the reference (detect's decoding is checked by the case's own geometric figures).
 */
export async function detectionReferenceFigure(session: ModelSession, model: BuiltModel, volume: Volume): Promise<QualityFigures> {
  const crop = centreCrop(volume);
  const ref = reference(model, crop);
  const got = await session.run({ [session.inputs[0]!.name]: new ort.Tensor('float32', zscore(crop.data), [1, 1, ...crop.shape]) });
  let err = 0;
  for (const [k, r] of Object.entries(ref)) err = Math.max(err, got[k] ? maxAbsDifference(got[k].data as Float32Array, r) : Infinity);
  return figure(err);
}

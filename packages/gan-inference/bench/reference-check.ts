/**
 * The independent figure of every GAN case: the generator run by onnxruntime, through this
 * package's own path (superResolve2d, denoise2d, denoise3d), against the pure-TypeScript
 * reference forward pass of onnx-models (`runReference`: float64, sharing no code with
 * onnxruntime, evaluating the zoo's own graph and seeded weights), on a small centre crop of
 * the case's input. (Not a bench module itself: the runner only loads `*.bench.ts`.)
 *
 * The reference side maps the crop into the model's range from the definition
 * (intensity.ts's formula, re-derived here: [min, max] -> [lo, hi] through the centres),
 *   x_model = (x - (min + max) / 2) s + (lo + hi) / 2,   s = (hi - lo) / (max - min),
 * runs the graph, and the package's output (in input units) is mapped into model units
 * with the same formula, so the figure is in model units (SR: [-1, 1]; DnCNN: [0, 1]):
 *
 *   max_abs_err_vs_reference = max |package output (model units) - reference|
 *
 * bounded by REFERENCE_MAX_ABS_ERROR (1e-4; measured on the cases' crops: 3e-7 to 6e-7 for
 * DnCNN, 1.1e-5 to 1.6e-5 for the SR generator's two 9x9 convolutions). A generator whose
 * output is zeros (or constant, or another model's) misses by the output's own size and
 * fails. Crops: 16x16 for 2D models (an SR 16x16 -> 32x32 pass is ~9·10^6 multiply-adds),
 * 8x16x16 for the 3D DnCNN; run in verify only, never timed. The reference forward pass of a
 * given model and crop is made once per package run (`runFixture`, keyed by the model's
 * sha256, the input's dims and a hash of its values) and read by the later processes; every
 * process still runs its own package path on the crop and compares.
 */
import type { Volume, VolumeArray } from '@rhenium-perf/fixtures';
import { VerifyError, expectQuality, runFixture, type QualityFigures } from '@rhenium-perf/harness';
import { REFERENCE_MAX_ABS_ERROR, getModel, maxAbsDifference, runReference, type BuiltModel } from '@rhenium-perf/onnx-models';
import { denoise2d, denoise3d } from '../src/denoise';
import { superResolve2d } from '../src/super-resolution';
import type { GanModel, Image2d } from '../src/types';

/** Crop of the 2D generators' reference check, [ny, nx]. */
export const REFERENCE_CROP_2D: readonly [number, number] = [16, 16];
/** Crop of the 3D denoiser's reference check, [nz, ny, nx]. */
export const REFERENCE_CROP_3D: readonly [number, number, number] = [8, 16, 16];

/** A fixed timestamp: the disclosure is not what this check is about. */
const AT = '2024-06-01T00:00:00Z';

/** Centre crop of a [..., n] grid (row-major) to `crop`; axes shorter than the crop repeat cyclically. */
export function centreCropNd(data: VolumeArray, shape: readonly number[], crop: readonly number[]): Float32Array {
  const start = shape.map((n, d) => Math.max(0, (n - crop[d]!) >> 1));
  const total = crop.reduce((a, b) => a * b, 1);
  const out = new Float32Array(total);
  const idx = new Array<number>(crop.length).fill(0);
  for (let i = 0; i < total; i++) {
    let src = 0;
    for (let d = 0; d < crop.length; d++) src = src * shape[d]! + ((start[d]! + idx[d]!) % shape[d]!);
    out[i] = data[src]!;
    for (let d = crop.length - 1; d >= 0; d--) {
      if (++idx[d]! < crop[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** The zoo model whose bytes the session was built from (checked by sha256). */
function bytesOf(model: GanModel): BuiltModel {
  const plain = getModel(model.name);
  if (plain.sha256 === model.descriptor.sha256) return plain;
  const { spatialRank: _r, scale: _s, ...options } = model.descriptor.config as Record<string, unknown>;
  const rebuilt = getModel(model.name, options);
  if (rebuilt.sha256 !== model.descriptor.sha256) throw new VerifyError(`cannot rebuild ${model.name} ${model.descriptor.sha256} for the reference forward pass`);
  return rebuilt;
}

/** The affine map of `x`'s [min, max] onto [lo, hi] through the centres (returns x -> model). */
function toModel(x: ArrayLike<number>, [lo, hi]: readonly [number, number]): (v: number) => number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    min = Math.min(min, x[i]!);
    max = Math.max(max, x[i]!);
  }
  const s = max > min ? (hi - lo) / (max - min) : 1;
  return (v) => (v - (min + max) / 2) * s + (lo + hi) / 2;
}

/** FNV-1a-style hash (32-bit, over 32-bit words) of a Float64Array's bytes and its length. */
export function float64Hash(x: Float64Array): string {
  const w = new Int32Array(x.buffer, x.byteOffset, x.length * 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  return `${(h >>> 0).toString(16).padStart(8, '0')}:${x.length}`;
}

/** Reference output (model units) on `crop` of spatial shape `shape`, made once per run for a model and input. */
async function reference(model: GanModel, crop: Float32Array, shape: readonly number[], map: (v: number) => number): Promise<Float64Array> {
  const input = Float64Array.from(crop, map);
  const dims = [1, 1, ...shape];
  const key = `gan-inference/reference forward pass of model ${model.descriptor.sha256} on dims ${dims.join('x')} input ${float64Hash(input)}`;
  const bytes = await runFixture(key, () => {
    const m = bytesOf(model);
    const out = runReference(m.bytes, { [m.inputs[0]!.name]: { data: input, dims } })[m.outputs[0]!.name]!.data;
    const copy = Float64Array.from(out);
    return new Uint8Array(copy.buffer);
  });
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

function figure(got: Float32Array, ref: Float64Array, map: (v: number) => number): QualityFigures {
  const err = maxAbsDifference(Float64Array.from(got, map), ref);
  return { max_abs_err_vs_reference: expectQuality('max_abs_err_vs_reference', err, { max: REFERENCE_MAX_ABS_ERROR }) };
}

/**
 * The figure for a 2D generator (SR or 2D DnCNN) on the centre REFERENCE_CROP_2D of `image`.
 * @example await imageReferenceFigure(sr, { data: sheppLogan2d(128), shape: [128, 128] }) // { max_abs_err_vs_reference: { value: ~1e-6, threshold: 1e-4 } }
 */
export async function imageReferenceFigure(model: GanModel, image: Image2d): Promise<QualityFigures> {
  const crop = centreCropNd(image.data, image.shape, REFERENCE_CROP_2D);
  const map = toModel(crop, model.modelRange);
  const input = { data: crop, shape: REFERENCE_CROP_2D };
  const got = model.operation === 'super_resolution' ? await superResolve2d(model, input, { generatedAt: AT }) : await denoise2d(model, input, { generatedAt: AT });
  return figure(got.image.data, await reference(model, crop, REFERENCE_CROP_2D, map), map);
}

/** The figure for a volume case: a 3D denoiser on the centre REFERENCE_CROP_3D, a 2D generator on the middle slice. */
export async function volumeReferenceFigure(model: GanModel, volume: Volume): Promise<QualityFigures> {
  if (model.spatialRank === 2) {
    const [nz, ny, nx] = volume.shape;
    const z = nz >> 1;
    return imageReferenceFigure(model, { data: volume.data.slice(z * ny * nx, (z + 1) * ny * nx), shape: [ny, nx] });
  }
  const crop = centreCropNd(volume.data, volume.shape, REFERENCE_CROP_3D);
  const map = toModel(crop, model.modelRange);
  const got = await denoise3d(model, { ...volume, data: crop, shape: REFERENCE_CROP_3D }, { generatedAt: AT });
  return figure(got.volume.data, await reference(model, crop, REFERENCE_CROP_3D, map), map);
}

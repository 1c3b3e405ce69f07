/**
 * The independent figure of a user's model: onnxruntime's outputs against the pure-TypeScript
 * reference forward pass of onnx-models (`runReference`: float64 kernels written from the
 * ONNX operator definitions, sharing no code with onnxruntime), on the case's own feeds.
 *
 * A user's model may use operators the reference does not implement, other element types,
 * or inputs too large for direct loops; then no figure is given and the reason is returned
 * (recorded in the result's metadata as `reference_check`). Otherwise, with outputs of any
 * scale,
 *
 *   max_scaled_err_vs_reference = max_outputs max_i |ort_i - ref_i| / max(1, max_i |ref_i|)
 *
 * is bounded by REFERENCE_MAX_ABS_ERROR (1e-4): an absolute error for outputs within ±1
 * (probabilities, images in [-1, 1]), a relative one for larger outputs.
 *
 * `userModelReference` and `compareWithUserModelReference` are the two halves, so a caller
 * can share the reference between processes (the bench's run fixture) and compare its own.
 */
import type * as ort from 'onnxruntime-node';
import { expectQuality, type QualityFigures } from '@rhenium-perf/harness';
import { OnnxModelsError, REFERENCE_MAX_ABS_ERROR, runReference } from '@rhenium-perf/onnx-models';

/** Largest number of input elements (all feeds) the reference is run on: ~10^5 keeps it under a few seconds for small convnets. */
export const USER_REFERENCE_MAX_ELEMENTS = 65_536;

/** The reference outputs of a model on its feeds, or why there are none. */
export type UserModelReference = { outputs: Record<string, Float64Array>; skipped: null } | { outputs: null; skipped: string };

/** Why the reference is not run on these feeds (cheap checks), or null. */
function notRun(feeds: Readonly<Record<string, ort.Tensor>>): string | null {
  const entries = Object.entries(feeds);
  const bad = entries.find(([, t]) => t.type !== 'float32');
  if (bad) return `feed "${bad[0]}" is ${bad[1].type}; the reference forward pass takes float32 feeds only`;
  const total = entries.reduce((s, [, t]) => s + t.data.length, 0);
  if (total > USER_REFERENCE_MAX_ELEMENTS) return `${total} input elements; the reference forward pass runs on at most ${USER_REFERENCE_MAX_ELEMENTS} (give a smaller --input-shape to get the figure)`;
  return null;
}

/** The reference forward pass of `bytes` on `feeds` (float32 feeds, at most USER_REFERENCE_MAX_ELEMENTS), or why there is none. */
export function userModelReference(bytes: Uint8Array, feeds: Readonly<Record<string, ort.Tensor>>): UserModelReference {
  const why = notRun(feeds);
  if (why) return { outputs: null, skipped: why };
  let ref: ReturnType<typeof runReference>;
  try {
    ref = runReference(bytes, Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, { data: t.data as Float32Array, dims: t.dims }])));
  } catch (err) {
    if (err instanceof OnnxModelsError || err instanceof RangeError) return { outputs: null, skipped: err.message };
    throw err;
  }
  return { outputs: Object.fromEntries(Object.entries(ref).map(([k, t]) => [k, t.data])), skipped: null };
}

/** The figure of `outputs` against a reference, or why there is none. */
export function compareWithUserModelReference(ref: UserModelReference, outputs: Readonly<Record<string, ort.Tensor>>): { figures: QualityFigures; skipped: string | null } {
  const none = (why: string): { figures: QualityFigures; skipped: string } => ({ figures: {}, skipped: why });
  if (ref.skipped !== null) return none(ref.skipped);
  let worst = 0;
  let compared = 0;
  for (const [name, r] of Object.entries(ref.outputs)) {
    const got = outputs[name];
    if (!got || got.type !== 'float32') continue;
    let scale = 1;
    for (const v of r) scale = Math.max(scale, Math.abs(v));
    const y = got.data as Float32Array;
    if (y.length !== r.length) {
      worst = Infinity;
      continue;
    }
    for (let i = 0; i < y.length; i++) {
      const d = Math.abs(y[i]! - r[i]!) / scale;
      if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
    }
    compared++;
  }
  if (compared === 0) return none('no float32 output to compare');
  return { figures: { max_scaled_err_vs_reference: expectQuality('max_scaled_err_vs_reference', worst, { max: REFERENCE_MAX_ABS_ERROR }) }, skipped: null };
}

/**
 * The figure, or why there is none.
 * @example userModelReferenceFigure(bytes, feeds, await session.run(feeds)) // { figures: { max_scaled_err_vs_reference: ... }, skipped: null }
 */
export function userModelReferenceFigure(
  bytes: Uint8Array,
  feeds: Readonly<Record<string, ort.Tensor>>,
  outputs: Readonly<Record<string, ort.Tensor>>,
): { figures: QualityFigures; skipped: string | null } {
  return compareWithUserModelReference(userModelReference(bytes, feeds), outputs);
}

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
 */
import type * as ort from 'onnxruntime-node';
import { expectQuality, type QualityFigures } from '@rhenium-perf/harness';
import { OnnxModelsError, REFERENCE_MAX_ABS_ERROR, runReference } from '@rhenium-perf/onnx-models';

/** Largest number of input elements (all feeds) the reference is run on: ~10^5 keeps it under a few seconds for small convnets. */
export const USER_REFERENCE_MAX_ELEMENTS = 65_536;

/**
 * The figure, or why there is none.
 * @example userModelReferenceFigure(bytes, feeds, await session.run(feeds)) // { figures: { max_scaled_err_vs_reference: ... }, skipped: null }
 */
export function userModelReferenceFigure(
  bytes: Uint8Array,
  feeds: Readonly<Record<string, ort.Tensor>>,
  outputs: Readonly<Record<string, ort.Tensor>>,
): { figures: QualityFigures; skipped: string | null } {
  const none = (why: string): { figures: QualityFigures; skipped: string } => ({ figures: {}, skipped: why });
  const entries = Object.entries(feeds);
  const bad = entries.find(([, t]) => t.type !== 'float32');
  if (bad) return none(`feed "${bad[0]}" is ${bad[1].type}; the reference forward pass takes float32 feeds only`);
  const total = entries.reduce((s, [, t]) => s + t.data.length, 0);
  if (total > USER_REFERENCE_MAX_ELEMENTS) return none(`${total} input elements; the reference forward pass runs on at most ${USER_REFERENCE_MAX_ELEMENTS} (give a smaller --input-shape to get the figure)`);
  let ref: ReturnType<typeof runReference>;
  try {
    ref = runReference(bytes, Object.fromEntries(entries.map(([k, t]) => [k, { data: t.data as Float32Array, dims: t.dims }])));
  } catch (err) {
    if (err instanceof OnnxModelsError || err instanceof RangeError) return none(err.message);
    throw err;
  }
  let worst = 0;
  let compared = 0;
  for (const [name, r] of Object.entries(ref)) {
    const got = outputs[name];
    if (!got || got.type !== 'float32') continue;
    let scale = 1;
    for (const v of r.data) scale = Math.max(scale, Math.abs(v));
    const y = got.data as Float32Array;
    if (y.length !== r.data.length) {
      worst = Infinity;
      continue;
    }
    for (let i = 0; i < y.length; i++) {
      const d = Math.abs(y[i]! - r.data[i]!) / scale;
      if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
    }
    compared++;
  }
  if (compared === 0) return none('no float32 output to compare');
  return { figures: { max_scaled_err_vs_reference: expectQuality('max_scaled_err_vs_reference', worst, { max: REFERENCE_MAX_ABS_ERROR }) }, skipped: null };
}

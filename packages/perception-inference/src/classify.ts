/**
 * Classification of a whole volume: probabilities and the top-k classes.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import { DEFAULT_TOP_K } from './defaults';
import { PerceptionError } from './errors';
import { volumeInput } from './model-input';
import { wholeVolumeInput } from './whole-volume';
import type { ClassificationResult, ClassifyOptions, ModelSession, StageFn } from './types';

const noStage: StageFn = (_name, fn) => fn();

/**
 * The k largest entries, largest first; ties go to the lower index.
 * @example topK(Float32Array.from([0.1, 0.6, 0.3]), 2) // [{ classIndex: 1, probability: 0.6 }, { classIndex: 2, probability: 0.3 }] (as float32)
 */
export function topK(p: Float32Array, k: number): { classIndex: number; probability: number }[] {
  const idx = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]! || a - b);
  return idx.slice(0, k).map((i) => ({ classIndex: i, probability: p[i]! }));
}

/** Softmax in place (max-shifted, float64 sums). */
export function softmaxInPlace(x: Float32Array): Float32Array {
  let m = -Infinity;
  for (const v of x) m = Math.max(m, v);
  let s = 0;
  const e = Array.from(x, (v) => Math.exp(v - m));
  for (const v of e) s += v;
  for (let i = 0; i < x.length; i++) x[i] = e[i]! / s;
  return x;
}

/**
 * Classify a volume with a model [1, 1, D, H, W] -> [1, classes].
 * @example (await classify(session, volume, { topK: 2, spatialMultiple: 8 })).topK[0].classIndex
 */
export async function classify(session: ModelSession, volume: Volume, options: ClassifyOptions = {}): Promise<ClassificationResult> {
  const stage = options.stage ?? noStage;
  const k = options.topK ?? DEFAULT_TOP_K;
  if (!Number.isInteger(k) || k < 1) throw new PerceptionError('RPERF_PERCEPTION_INVALID_OPTIONS', `topK must be a positive integer, received ${k}`);
  const { spec } = volumeInput(session);
  const { tensor } = stage('pre_post', () => wholeVolumeInput(volume, options.spatialMultiple ?? 1, options.normalize ?? 'zscore'));
  const out = await stage('session_run', () => session.run({ [spec.name]: tensor }));
  return stage('pre_post', () => {
    const name = session.outputs[0]!.name;
    const y = out[name]!;
    if (y.type !== 'float32' || y.dims.length !== 2 || y.dims[0] !== 1) {
      throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `${session.label} output "${name}" is ${y.type} [${y.dims.join(', ')}]; classification expects float32 [1, classes]`);
    }
    const probabilities = Float32Array.from(y.data as Float32Array);
    if (options.softmax) softmaxInPlace(probabilities);
    return { probabilities, topK: topK(probabilities, Math.min(k, probabilities.length)) };
  });
}

/**
 * Normalisation cases: min-max, z-score and percentile clip of the seeded synthetic MRI
 * (float32, Rician noise) at small / medium / large, and min-max of CT (int16 HU) to show
 * the integer-input path. The output buffer is allocated in setup (caller-owned).
 */
import { defineBench, expectQuality, sweep, type BenchCase } from '@rhenium-perf/harness';
import type { VolumeModality } from '@rhenium-perf/fixtures';
import { minMaxNormalize, percentileClipNormalize, zScoreNormalize, type NumericArray } from '../src/index';
import { BENCH_SIZES, benchImageData, maxAbsDiff, refMinMax, refPercentiles, refZScore, sharedReference, shapeOf } from './support';

type Method = 'minmax' | 'zscore' | 'pclip';

interface State {
  input: NumericArray;
  out: Float32Array;
  scratch: Float64Array;
}

const KERNELS: Record<Method, (s: State) => Float32Array> = {
  minmax: (s) => minMaxNormalize(s.input, s.out),
  zscore: (s) => zScoreNormalize(s.input, s.out),
  pclip: (s) => percentileClipNormalize(s.input, s.out, { scratch: s.scratch }),
};

/** Tolerance per method (float32 output: relative 1e-6 of the output range). */
const TOLERANCE: Record<Method, number> = { minmax: 1e-6, zscore: 1e-5, pclip: 1e-6 };

/** Independent reference of a method's output. */
function reference(method: Method, x: NumericArray): Float64Array {
  if (method === 'minmax') return refMinMax(x);
  if (method === 'zscore') return refZScore(x);
  const [lo, hi] = refPercentiles(x, [0.5, 99.5]) as [number, number];
  const ref = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) ref[i] = hi > lo ? (Math.min(hi, Math.max(lo, x[i]!)) - lo) / (hi - lo) : 0;
  return ref;
}

function normaliseCase(method: Method, modality: VolumeModality, size: (typeof BENCH_SIZES)[number], tags: string[]) {
  const shape = shapeOf(modality, size);
  return {
    id: `preprocess_norm_${method}_${modality.toLowerCase()}_${size}`,
    category: 'preprocessing' as const,
    task: `normalize_${method}`,
    modality,
    // One item = one volume normalised; input voxels counted (= output voxels).
    inputShape: shape,
    dtype: modality === 'CT' ? 'int16' : 'float32',
    tags,
    setup: async (): Promise<State> => {
      const input = await benchImageData(modality, size);
      return { input, out: new Float32Array(input.length), scratch: new Float64Array(input.length) };
    },
    run: (s: State) => KERNELS[method](s),
    verify: async (s: State, out: Float32Array) => {
      // The reference output is made once per run (keyed by the method and the input's bytes); every process compares its own output.
      const ref = await sharedReference(`normalize ${method}`, s.input, () => reference(method, s.input));
      return { max_abs_error_vs_reference: expectQuality('max_abs_error_vs_reference', maxAbsDiff(out, ref), { max: TOLERANCE[method] }) };
    },
  };
}

const cases: BenchCase[] = [
  // The smoke case: min-max of the medium MRI volume (32x64x64 float32).
  defineBench({ ...normaliseCase('minmax', 'MRI', 'medium', ['smoke', 'full']), id: 'preprocess_norm_minmax_mri_medium_smoke' }),
  ...sweep({ method: ['minmax', 'zscore', 'pclip'], modality: ['MRI'], size: BENCH_SIZES }, (p) =>
    normaliseCase(p.method as Method, p.modality as VolumeModality, p.size, ['full']),
  ),
  ...sweep({ method: ['minmax'], modality: ['CT'], size: BENCH_SIZES }, (p) => normaliseCase(p.method as Method, p.modality as VolumeModality, p.size, ['full'])),
];

export default cases;

/**
 * Modality presets on their modality's synthetic volume: CT wide and soft-tissue windows
 * (int16 HU), MRI percentile clip + z-score (float32), US display range (uint8), X-ray
 * percentile clip (12-bit in uint16, one projection), at small / medium / large.
 */
import { expectQuality, sweep, type BenchCase } from '@rhenium-perf/harness';
import type { VolumeModality } from '@rhenium-perf/fixtures';
import { PREPROCESSING_PRESETS, applyPreset, type NumericArray, type PresetName } from '../src/index';
import { BENCH_SIZES, benchImageData, maxAbsDiff, refPercentiles, refWindow, refZScore, sharedReference, shapeOf } from './support';

interface State {
  input: NumericArray;
  out: Float32Array;
  scratch: Float64Array;
}

const PRESETS: readonly PresetName[] = ['ct_wide', 'ct_soft_tissue', 'mri', 'us', 'xr'];
const DTYPE: Record<VolumeModality, string> = { CT: 'int16', MRI: 'float32', US: 'uint8', XR: 'uint16' };

/** The preset's rule computed with the plain references. */
function reference(name: PresetName, x: NumericArray): Float64Array {
  const { rule } = PREPROCESSING_PRESETS[name];
  if (rule.kind === 'window') return refWindow(x, rule.window[0], rule.window[1]);
  const [lo, hi] = refPercentiles(x, rule.percentiles) as [number, number];
  if (rule.scaling === 'zscore') return refZScore(x, lo, hi);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = hi > lo ? (Math.min(hi, Math.max(lo, x[i]!)) - lo) / (hi - lo) : 0;
  return out;
}

const cases = sweep({ preset: PRESETS, size: BENCH_SIZES }, (p) => {
  const modality = PREPROCESSING_PRESETS[p.preset].modality;
  return {
    id: `preprocess_preset_${p.preset}_${p.size}`,
    category: 'preprocessing',
    task: `preset_${p.preset}`,
    modality,
    // One item = one volume through the preset; input voxels counted.
    inputShape: shapeOf(modality, p.size),
    dtype: DTYPE[modality],
    tags: ['full'],
    setup: async (): Promise<State> => {
      const input = await benchImageData(modality, p.size);
      return { input, out: new Float32Array(input.length), scratch: new Float64Array(input.length) };
    },
    run: (s: State) => applyPreset(p.preset, s.input, s.out, s.scratch),
    verify: async (s: State, out: Float32Array) => {
      // The reference output is made once per run (keyed by the preset and the input's bytes); every process compares its own output.
      const ref = await sharedReference(`preset ${p.preset}`, s.input, () => reference(p.preset, s.input));
      return { max_abs_error_vs_reference: expectQuality('max_abs_error_vs_reference', maxAbsDiff(out, ref), { max: 1e-5 }) };
    },
  };
});

export default cases;

/**
 * Resampling cases: the synthetic MRI image (trilinear, float32 out) and its lesion label
 * map (nearest, uint8 out) to 1.5x the spacing (coarser, what a network trained at a lower
 * resolution needs) and to 0.75x (finer), at small / medium / large. The plan (sampling
 * tables, output geometry) is made once in setup, as a pipeline would per geometry; the run
 * is the kernel into a caller-owned buffer.
 */
import { expectQuality, quality, sweep, type BenchCase, type QualityFigures } from '@rhenium-perf/harness';
import type { Volume, VolumeArray } from '@rhenium-perf/fixtures';
import { planResample, resampleNearest, resampleTrilinear, type ResamplePlan } from '../src/index';
import { BENCH_SIZES, maxAbsDiff, mismatchFraction, refResample, shapeOf, sharedBenchVolume, sharedReference } from './support';

interface State {
  volume: Volume;
  plan: ResamplePlan;
  out: Float32Array | Uint8Array;
}

const FACTORS = [1.5, 0.75] as const;

const cases = sweep({ interp: ['trilinear', 'nearest'], factor: FACTORS, size: BENCH_SIZES }, (p) => {
  const labels = p.interp === 'nearest';
  return {
    id: `preprocess_resample_${p.interp}_mri_${p.size}_x${String(p.factor).replace('.', '_')}`,
    category: 'preprocessing',
    task: labels ? 'resample_nearest_labels' : 'resample_trilinear',
    modality: 'MRI',
    // One item = one volume resampled; input voxels counted (the output has factor^3 as many).
    inputShape: shapeOf('MRI', p.size),
    dtype: labels ? 'uint8' : 'float32',
    tags: ['full'],
    setup: async (): Promise<State> => {
      const { image, labels: labelMap } = await sharedBenchVolume('MRI', p.size);
      const volume = labels ? labelMap : image;
      const target = volume.spacingMm.map((s) => s * p.factor);
      const plan = planResample(volume.shape, volume.spacingMm, volume.affine, target);
      const count = plan.outShape[0] * plan.outShape[1] * plan.outShape[2];
      return { volume, plan, out: labels ? new Uint8Array(count) : new Float32Array(count) };
    },
    run: (s: State): VolumeArray => (labels ? resampleNearest(s.plan, s.volume.data, s.out) : resampleTrilinear(s.plan, s.volume.data, s.out as Float32Array)),
    verify: async (s: State, out: VolumeArray, ctx): Promise<QualityFigures> => {
      ctx.record('output_shape', s.plan.outShape);
      ctx.record('output_spacing_mm', s.plan.outSpacingMm);
      // Made once per run; the key holds the output grid and the input's bytes (sharedReference adds their hash).
      const interpolation = labels ? 'nearest' : 'trilinear';
      const grid = `${interpolation} to ${JSON.stringify(s.plan.outShape)} affine ${JSON.stringify(s.plan.outAffine)} from ${JSON.stringify(s.volume.shape)} affine ${JSON.stringify(s.volume.affine)}`;
      const ref = await sharedReference(`resample ${grid}`, s.volume.data, () => refResample(s.volume, s.plan.outShape, s.plan.outAffine, interpolation));
      if (!labels) {
        // float32 output of intensities up to a few hundred: 1e-6 relative.
        let peak = 0;
        for (const v of ref) peak = Math.max(peak, Math.abs(v));
        return { max_rel_error_vs_reference: expectQuality('max_rel_error_vs_reference', maxAbsDiff(out, ref) / peak, { max: 1e-6 }) };
      }
      const present = new Set(s.volume.data);
      let foreign = 0;
      for (const v of out) if (!present.has(v)) foreign++;
      return {
        // Voxel centres exactly half-way between two input voxels may round either way in the reference.
        label_mismatch_fraction: expectQuality('label_mismatch_fraction', mismatchFraction(out, ref), { max: 1e-3 }),
        foreign_label_voxels: expectQuality('foreign_label_voxels', foreign, { max: 0, unit: 'voxels' }),
        labels_kept: quality(new Set(out).size, 'labels', true),
      };
    },
  };
});

export default cases;

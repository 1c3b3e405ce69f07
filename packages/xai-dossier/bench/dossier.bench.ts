/**
 * The whole evidence dossier of a segmentation: U-Net segmentation, flip test-time
 * augmentation, occlusion saliency of the dominant label, connected components, the
 * dossier document and its Markdown rendering — each a timed stage.
 */
import { defineBench, expectQuality, quality, VerifyError, type BenchContext } from '@rhenium-perf/harness';
import { segmentVolume } from '@rhenium-perf/perception-inference';
import { SIZES, type VolumeModality } from '@rhenium-perf/fixtures';
import { connectedComponents } from '../src/components';
import { buildDossier } from '../src/dossier';
import { occlusionSaliency } from '../src/occlusion';
import { renderDossierMarkdown } from '../src/render';
import { validateDossier } from '../src/schema';
import { ttaUncertainty } from '../src/uncertainty';
import type { Dossier, LabelMap, SaliencyResult, UncertaintyResult } from '../src/types';
import { checkBaseline, checkVolumes, dominantLabel, setupXai, UNET_MULTIPLE, type XaiState } from './support';

interface DossierOutput {
  dossier: Dossier;
  markdown: string;
  labels: LabelMap;
  saliency: SaliencyResult;
  uncertainty: UncertaintyResult;
}

/** Saliency patch of the dossier cases (voxels per side; stride = patch). */
const DOSSIER_PATCH = 8;

async function runDossier(state: XaiState, ctx: BenchContext): Promise<DossierOutput> {
  const { session, volume } = state;
  const seg = await ctx.stage('segment', () => segmentVolume(session, volume, { spatialMultiple: UNET_MULTIPLE }));
  const uncertainty = await ctx.stage('uncertainty', () => ttaUncertainty(session, volume, { spatialMultiple: UNET_MULTIPLE }));
  const classIndex = dominantLabel(seg.labels.data);
  const saliency = await ctx.stage('saliency', () =>
    occlusionSaliency(session, volume, { target: { kind: 'segmentation', classIndex }, patchSize: DOSSIER_PATCH, spatialMultiple: UNET_MULTIPLE }),
  );
  const components = ctx.stage('measure', () => connectedComponents(seg.labels));
  const dossier = ctx.stage('dossier', () =>
    buildDossier({
      input: volume,
      model: { name: state.modelName, sha256: session.sha256, task: 'segmentation', classes: seg.classes },
      labelMap: seg.labels,
      components,
      saliency,
      uncertainty,
    }),
  );
  const markdown = ctx.stage('render', () => renderDossierMarkdown(dossier));
  return { dossier, markdown, labels: seg.labels, saliency, uncertainty };
}

async function verifyDossier(state: XaiState, out: DossierOutput, ctx: BenchContext) {
  const v = validateDossier(out.dossier);
  const schemaErrors = v.valid ? 0 : v.errors.length;
  if (!v.valid) ctx.record('schema_errors_first', v.errors.slice(0, 3));
  const schemaCheck = expectQuality('schema_errors (dossier schema violations)', schemaErrors, { max: 0, unit: 'errors' });
  const labels = checkVolumes(out.labels, out.dossier.quantitative.labels);
  const again = buildDossier({
    input: state.volume,
    model: out.dossier.model,
    labelMap: out.labels,
    saliency: out.saliency,
    uncertainty: out.uncertainty,
  });
  if (JSON.stringify(again) !== JSON.stringify(out.dossier)) throw new VerifyError('rebuilding the dossier from the same outputs gave a different document');
  if (!out.markdown.includes(out.dossier.id)) throw new VerifyError('the Markdown rendering does not carry the dossier id');
  const baselineErr = await checkBaseline(state, out.saliency, out.labels);
  ctx.record('dossier_id', out.dossier.id);
  ctx.record('findings', out.dossier.findings.length);
  return {
    schema_errors: schemaCheck,
    labels_measured: quality(labels, 'labels', true),
    saliency_baseline_error: expectQuality('saliency_baseline_error', baselineErr, { max: 1e-4 }),
    normalized_mean_entropy: quality(out.uncertainty.summary.normalizedMeanEntropy, '', false),
    dossier_bytes: quality(Buffer.byteLength(JSON.stringify(out.dossier)), 'B', false),
  };
}

const dossierCase = (modality: VolumeModality, size: 'tiny' | 'small', tags: string[], runs: { warmupRunsPerProcess?: number; measuredRunsPerProcess?: number }) =>
  defineBench<XaiState, DossierOutput>({
    id: `xai_dossier_${modality.toLowerCase()}_${size}`,
    category: 'xai_dossier',
    task: 'dossier',
    modality,
    // One item = one volume's whole dossier; input voxels counted.
    inputShape: [...SIZES[size]],
    dtype: modality === 'CT' ? 'int16' : 'float32',
    tags,
    params: { modality, size, patch: DOSSIER_PATCH },
    ...runs,
    setup: (ctx) => setupXai(ctx, modality, size),
    run: runDossier,
    verify: verifyDossier,
  });

export default [
  dossierCase('MRI', 'tiny', ['smoke', 'full'], {}),
  // ~0.45 s a run: 0 warm-up + 1 timed run per process (the harness's one untimed
  // calibration call comes first and warms the process).
  dossierCase('MRI', 'small', ['full'], { warmupRunsPerProcess: 0, measuredRunsPerProcess: 1 }),
  dossierCase('CT', 'small', ['full'], { warmupRunsPerProcess: 0, measuredRunsPerProcess: 1 }),
];

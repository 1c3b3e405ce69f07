/**
 * The end-to-end core-model pipeline:
 *
 *   decode -> preprocess -> segment -> [uncertainty] -> [saliency] -> [measure -> dossier] -> write
 *
 * decode: NIfTI file / DICOM folder or file / in-memory volume into a Volume (io-parsing);
 * preprocess: the modality's intensity preset (preprocessing); segment: sliding-window 3D
 * U-Net (perception-inference); uncertainty and saliency (optional): flip test-time
 * augmentation and occlusion (xai-dossier); measure: connected components and per-label
 * volumes; dossier: the evidence document, validated against its schema; write: the label
 * map NIfTI and the dossier JSON, all or nothing.
 *
 * measure and dossier run unless `dossier: false` (the components only feed the dossier);
 * without them the result's `dossier` is null and write writes the label map alone.
 *
 * NOTE: xai-dossier (and through it the schema validator, ajv) is imported only by a run that
 * uses it (dossier, uncertainty or saliency): a cold `rhenium segment` without `--dossier`
 * does not pay for loading it and compiling the dossier schema (issue #17).
 *
 * Every stage is timed here with a monotonic clock (and passed to the `stage` hook, the
 * harness's `ctx.stage`), so `stagesMs` is measured; the stages run back to back, so they add
 * up to `totalMs` up to the few statements between them.
 */
import { basename, join } from 'node:path';
import type { Volume } from '@rhenium-perf/fixtures';
import { segmentVolume } from '@rhenium-perf/perception-inference';
import type { Dossier, SaliencyResult, UncertaintyResult } from '@rhenium-perf/xai-dossier';
import { decodeInput } from './decode';
import { DEFAULT_MAX_VOXELS, DEFAULT_MODALITY, DOSSIER_SUFFIX, LABEL_MAP_SUFFIX } from './defaults';
import { PipelineError, type E2eErrorCode, type PipelineStage } from './errors';
import { loadPipelineModel } from './model';
import { preprocessVolume } from './preprocess';
import { writeLabelMap, writeOutputs } from './write';
import type { PipelineInput, PipelineOptions, PipelineResult, PipelineResultWithDossier } from './types';

/** The base name of the outputs: the input file without its extension, the folder's name, or 'volume'. */
export function outputBaseName(input: PipelineInput, options: Pick<PipelineOptions, 'name'> = {}): string {
  if (options.name) return options.name;
  if (input.kind === 'nifti') return basename(input.path).replace(/\.nii(\.gz)?$/i, '') || 'volume';
  if (input.kind === 'dicom') return basename(input.dir.replace(/[\\/]+$/, '')) || 'series';
  return input.name ?? 'volume';
}

/**
 * Where the outputs go: explicit paths, else `outDir/<name>.labels.nii.gz` and `.dossier.json`;
 * null when not asked. `dossier` is null when the run builds none (`dossier: false`).
 */
export function outputPaths(input: PipelineInput, options: PipelineOptions): { labelMap: string; dossier: string | null } | null {
  if (!options.outDir && !options.labelMapPath && !options.dossierPath) return null;
  const base = outputBaseName(input, options);
  const dir = options.outDir ?? '.';
  return {
    labelMap: options.labelMapPath ?? join(dir, base + LABEL_MAP_SUFFIX),
    dossier: options.dossier === false ? null : (options.dossierPath ?? join(dir, base + DOSSIER_SUFFIX)),
  };
}

/** xai-dossier, loaded on first use (see the NOTE at the top). */
function loadXai(): Promise<typeof import('@rhenium-perf/xai-dossier')> {
  return import('@rhenium-perf/xai-dossier');
}

/** The most frequent non-zero label (ties to the lower), 1 when there is none. */
function dominantLabel(labels: Uint8Array): number {
  const counts = new Float64Array(256);
  for (let v = 0; v < labels.length; v++) counts[labels[v]!]!++;
  let best = 1;
  for (let l = 2; l < 256; l++) if (counts[l]! > counts[best]!) best = l;
  return best;
}

const STAGE_CODE: Partial<Record<PipelineStage, E2eErrorCode>> = { decode: 'RPERF_E2E_INPUT_INVALID', write: 'RPERF_E2E_WRITE_FAILED' };

/**
 * Run the whole pipeline on one input.
 * @example
 * const model = await loadPipelineModel();
 * const r = await runPipeline({ kind: 'nifti', path: 'ct.nii.gz' }, { model, outDir: 'out' });
 * r.outputs.dossier // 'out/ct.dossier.json'; r.stagesMs.segment // ms
 * const bare = await runPipeline({ kind: 'nifti', path: 'ct.nii.gz' }, { model, dossier: false });
 * bare.dossier // null; bare.stagesMs.measure // undefined
 */
export function runPipeline(input: PipelineInput, options?: PipelineOptions & { readonly dossier?: true }): Promise<PipelineResultWithDossier>;
export function runPipeline(input: PipelineInput, options?: PipelineOptions): Promise<PipelineResult>;
export async function runPipeline(input: PipelineInput, options: PipelineOptions = {}): Promise<PipelineResult> {
  const t0 = performance.now();
  const stagesMs: Partial<Record<PipelineStage, number>> = {};
  const hook = options.stage;
  const where = input.kind === 'nifti' ? input.path : input.kind === 'dicom' ? input.dir : null;

  const signal = options.signal;
  const timed = async <T>(name: PipelineStage, fn: () => T | Promise<T>): Promise<T> => {
    // Stop between stages once the caller gave up (an HTTP client that disconnected).
    if (signal?.aborted) {
      throw new PipelineError('RPERF_E2E_ABORTED', name, where, `the run was aborted before the ${name} stage (${String(signal.reason ?? 'signal aborted')}); nothing more was computed`);
    }
    const s0 = performance.now();
    try {
      return await (hook ? hook(name, fn) : fn());
    } catch (e) {
      if (e instanceof PipelineError) throw e;
      throw new PipelineError(STAGE_CODE[name] ?? 'RPERF_E2E_STAGE_FAILED', name, name === 'decode' ? where : null, (e as Error).message, { cause: e });
    } finally {
      stagesMs[name] = (stagesMs[name] ?? 0) + (performance.now() - s0);
    }
  };

  if (!input || typeof input !== 'object') {
    throw new PipelineError('RPERF_E2E_INVALID_OPTIONS', 'options', null, `input must be { kind: 'nifti', path } | { kind: 'dicom', dir } | { kind: 'volume', volume }, received ${String(input)}`);
  }
  if (options.dossier === false && options.dossierPath) {
    throw new PipelineError(
      'RPERF_E2E_INVALID_OPTIONS',
      'options',
      null,
      `dossierPath ${options.dossierPath} was given with dossier: false; drop dossierPath, or leave dossier unset (true) to build and write the dossier`,
    );
  }
  const maxVoxels = options.maxVoxels ?? DEFAULT_MAX_VOXELS;
  const paths = outputPaths(input, options);
  const model = options.model ?? (await timed('load_model', () => loadPipelineModel(options)));

  const volume: Volume = await timed('decode', () => decodeInput(input, { maxVoxels }));
  const voxels = volume.shape[0] * volume.shape[1] * volume.shape[2];
  if (voxels > maxVoxels || volume.data.length !== voxels) {
    throw new PipelineError(
      'RPERF_E2E_INPUT_DIMENSIONS',
      'decode',
      where,
      `the volume [${volume.shape.join(', ')}] has ${voxels} voxels (${volume.data.length} values); the pipeline takes at most ${maxVoxels} (maxVoxels) — crop or downsample it first`,
    );
  }
  const modality = volume.modality ?? options.modality ?? DEFAULT_MODALITY;
  const pre = await timed('preprocess', () => preprocessVolume(volume, modality, options.preset));
  const seg = await timed('segment', () =>
    segmentVolume(model.session, pre.volume, {
      spatialMultiple: model.spatialMultiple,
      normalize: 'none',
      ...(options.patchSize ? { patchSize: options.patchSize } : {}),
    }),
  );
  // The label map carries the input's modality (and its geometry, which segmentVolume keeps).
  const labelMap = { ...seg.labels, modality: volume.modality ?? modality };

  let uncertainty: UncertaintyResult | null = null;
  if (options.uncertainty) {
    const axes = typeof options.uncertainty === 'object' ? options.uncertainty.axes : undefined;
    const { ttaUncertainty } = await loadXai();
    uncertainty = await timed('uncertainty', () =>
      ttaUncertainty(model.session, pre.volume, { spatialMultiple: model.spatialMultiple, normalize: 'none', ...(axes ? { axes } : {}) }),
    );
  }
  let saliency: SaliencyResult | null = null;
  if (options.saliency) {
    const s = options.saliency;
    const { occlusionSaliency } = await loadXai();
    saliency = await timed('saliency', () =>
      occlusionSaliency(model.session, pre.volume, {
        target: { kind: 'segmentation', classIndex: dominantLabel(labelMap.data) },
        patchSize: s.patchSize,
        ...(s.stride ? { stride: s.stride } : {}),
        spatialMultiple: model.spatialMultiple,
        normalize: 'none',
      }),
    );
  }
  let dossier: Dossier | null = null;
  if (options.dossier !== false) {
    const { assertDossier, buildDossier, connectedComponents } = await loadXai();
    const components = await timed('measure', () => connectedComponents(labelMap));
    dossier = await timed('dossier', () =>
      assertDossier(
        buildDossier({
          input: volume,
          model: { name: model.name, sha256: model.sha256, task: 'segmentation', classes: seg.classes, labelNames: model.labelNames },
          labelMap,
          components,
          saliency,
          uncertainty,
          createdAt: options.createdAt ?? null,
        }),
        'the pipeline dossier',
      ),
    );
  }
  let outputs: PipelineResult['outputs'] = {};
  if (paths) {
    const built = dossier;
    outputs = await timed('write', () =>
      built && paths.dossier ? writeOutputs(labelMap, built, paths.labelMap, paths.dossier) : writeLabelMap(labelMap, paths.labelMap),
    );
  }
  return { labelMap, dossier, stagesMs, totalMs: performance.now() - t0, outputs, input: volume };
}

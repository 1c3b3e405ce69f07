/**
 * Segmentation of a file through the core pipeline: `runPipeline` of
 * @rhenium-perf/e2e-core-model reads the input (NIfTI, a DICOM file or a DICOM folder), segments it, and
 * writes the label map (NIfTI, label intent) and the dossier (JSON). A series on a PACS
 * (`dicomweb://…`) is fetched and decoded first by io-parsing (stage `fetch_decode`).
 *
 * Outputs are atomic: with a dossier, the pipeline's own write stage writes both files all or
 * nothing; without one, the label map is written by serialization's `writeNifti` (temporary
 * file, then rename), and the pipeline runs with `dossier: false`: no measure or dossier stage,
 * and xai-dossier and the schema validator are never loaded (issue #17).
 *
 * NOTE: the pipeline package is imported dynamically: it loads onnxruntime-node, which
 * `rhenium --version`, `--help` and the other commands must not pay for.
 */
import type { Volume, VolumeModality } from '@rhenium-perf/fixtures';
import type { PipelineInput, PipelineModel, PipelineOptions } from '@rhenium-perf/e2e-core-model';
import { writeNifti } from '@rhenium-perf/serialization';
import { readDicomWebSeries } from '@rhenium-perf/io-parsing';
import { CliError } from './errors';
import { dicomWebInputOf, inputKindOf, pacsInputError } from './input-kind';
import type { InputKind } from './paths';

/** Modalities `--modality` accepts. */
export const SEGMENT_MODALITIES = Object.freeze(['MRI', 'CT', 'US', 'XR'] as const);

/** What to segment and where to write. */
export interface SegmentFileOptions {
  /**
   * A NIfTI file, a DICOM file or a folder of DICOM files (told apart by io-parsing's
   * detectImageInput), or a series on a PACS: `dicomweb://host:port/<root>/studies/<uid>/series/<uid>`.
   */
  input: string;
  /** Idle time-out of the PACS requests of a dicomweb:// input, ms (default io-parsing's 30 s). */
  timeoutMs?: number;
  /** Ignored (kept for callers that pass it): what the input is comes from its contents. */
  kind?: InputKind;
  /** The SeriesInstanceUID to segment when a DICOM folder holds several series. */
  series?: string | null;
  output: string;
  dossier?: string | null;
  /** Modality when the input does not carry one (NIfTI); the pipeline's default otherwise. */
  modality?: VolumeModality | null;
  /** Extra pipeline options (threads, device, patch size). */
  pipeline?: Omit<PipelineOptions, 'labelMapPath' | 'dossierPath' | 'outDir' | 'modality' | 'dossier'>;
  /**
   * Release the onnxruntime session once the outputs are written (default false: the session
   * stays cached for the next call of this process). `rhenium segment` sets it: a one-shot
   * process that releases its session before exiting ends sooner than one whose session is
   * torn down at exit (issue #17).
   */
  releaseSession?: boolean;
}

/** What segmenting wrote. */
export interface SegmentFileResult {
  readonly labelMap: Volume;
  /** Wall time of each pipeline stage, ms; `fetch_decode` first for a dicomweb:// input (the series fetched and decoded). */
  readonly stagesMs: Readonly<Record<string, number>>;
  /** Wall time of the whole call (import of the pipeline included), ms. */
  readonly totalMs: number;
}

async function loadPipeline(): Promise<typeof import('@rhenium-perf/e2e-core-model')> {
  try {
    return await import('@rhenium-perf/e2e-core-model');
  } catch (e) {
    throw new CliError(
      'RPERF_CLI_PIPELINE_UNAVAILABLE',
      `the segmentation pipeline (@rhenium-perf/e2e-core-model) cannot be loaded: ${(e as Error).message}`,
      'install it beside rhenium (npm i @rhenium-perf/e2e-core-model, with ONNXRUNTIME_NODE_INSTALL=skip for onnxruntime-node)',
    );
  }
}

/**
 * Segment `input` and write the label map to `output` (and the dossier to `dossier`).
 * @example await segmentFile({ input: 'ct.nii.gz', output: 'labels.nii.gz', modality: 'CT' })
 */
export async function segmentFile(options: SegmentFileOptions): Promise<SegmentFileResult> {
  const t0 = performance.now();
  // What the input is (and --series checked against it) before the pipeline is loaded.
  const series = options.series ?? null;
  const address = dicomWebInputOf(options.input, series);
  let input: PipelineInput;
  const before: Record<string, number> = {};
  if (address) {
    // A series on a PACS: fetched and decoded here (io-parsing's WADO-RS reader), its time
    // kept as the stage `fetch_decode`; the pipeline gets the volume.
    const f0 = performance.now();
    try {
      const fetched = await readDicomWebSeries(address, options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
      input = { kind: 'volume', volume: fetched.series.volume, name: address.seriesInstanceUid };
    } catch (e) {
      throw pacsInputError(e);
    }
    before.fetch_decode = performance.now() - f0;
  } else {
    const kind = await inputKindOf(options.input, series);
    input = kind === 'nifti' ? { kind: 'nifti', path: options.input } : { kind: 'dicom', dir: options.input, ...(series ? { series } : {}) };
  }
  const { runPipeline, loadPipelineModel } = await loadPipeline();
  // The model is loaded here (not by runPipeline) when the session is to be released after.
  let model: PipelineModel | undefined;
  if (options.releaseSession) {
    const l0 = performance.now();
    model = await loadPipelineModel(options.pipeline ?? {});
    before.load_model = performance.now() - l0;
  }
  try {
    const result = await runPipeline(input, {
      ...options.pipeline,
      ...(model ? { model } : {}),
      ...(options.modality ? { modality: options.modality } : {}),
      ...(options.dossier ? { labelMapPath: options.output, dossierPath: options.dossier } : { dossier: false }),
    });
    const after: Record<string, number> = {};
    if (!options.dossier) {
      const w0 = performance.now();
      await writeNifti(options.output, result.labelMap, { labelMap: true, descrip: 'rhenium segment' });
      after.write = performance.now() - w0;
    }
    return { labelMap: result.labelMap, stagesMs: { ...before, ...result.stagesMs, ...after }, totalMs: performance.now() - t0 };
  } finally {
    if (model) await model.session.dispose();
  }
}

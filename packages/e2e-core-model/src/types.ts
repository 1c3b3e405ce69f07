/**
 * Types of the end-to-end pipeline: its input, options, model and result.
 */
import type { Volume, VolumeModality } from '@rhenium-perf/fixtures';
import type { DeviceRequest, ModelSession } from '@rhenium-perf/perception-inference';
import type { Dossier, LabelMap } from '@rhenium-perf/xai-dossier';
import type { PipelineStage } from './errors';

/**
 * What the pipeline reads: a NIfTI file, DICOM (a folder, or a single file), or a volume in
 * memory. `dicom.dir` is a folder of DICOM files (grouped by SeriesInstanceUID; with several
 * series, `series` chooses one) or one DICOM file, single- or multi-frame, read like a series
 * of one file. `detectImageInput` of io-parsing tells which kind a path is.
 */
export type PipelineInput =
  | { readonly kind: 'nifti'; readonly path: string }
  | { readonly kind: 'dicom'; readonly dir: string; readonly series?: string }
  | { readonly kind: 'volume'; readonly volume: Volume; readonly name?: string };

/** A loaded segmentation model, created once (`loadPipelineModel`) and reused across runs. */
export interface PipelineModel {
  readonly name: string;
  readonly session: ModelSession;
  readonly sha256: string;
  /** Spatial sizes of a patch must be multiples of this. */
  readonly spatialMultiple: number;
  readonly classes: number;
  readonly labelNames: Readonly<Record<number, string>>;
}

/** Options of `loadPipelineModel`. */
export interface LoadModelOptions {
  /** 'cpu' (default), 'cuda' or 'auto'. */
  readonly device?: DeviceRequest;
  /** onnxruntime intra-op threads (default: the machine's cores). */
  readonly intraOpThreads?: number;
  /** Weights seed of the zoo U-Net (default the zoo's). */
  readonly seed?: number;
}

/**
 * Times one stage: `ctx.stage` of the harness, or any function that runs `fn` and returns
 * its result (a promise for asynchronous stages).
 */
export type StageHook = <T>(name: string, fn: () => T) => T;

/** Options of `runPipeline`. */
export interface PipelineOptions extends LoadModelOptions {
  /** A model from `loadPipelineModel` (a server loads once and passes it to every run). */
  readonly model?: PipelineModel;
  /** Modality when the input does not carry one (NIfTI). Default: the volume's, else MRI. */
  readonly modality?: VolumeModality;
  /** Intensity preset name of @rhenium-perf/preprocessing (default: the modality's). */
  readonly preset?: string;
  /** Folder for `<name>.labels.nii.gz` and `<name>.dossier.json` (created if missing). */
  readonly outDir?: string;
  /** Explicit output paths (override `outDir`); a `.gz` label map is gzipped. */
  readonly labelMapPath?: string;
  readonly dossierPath?: string;
  /** Base name of the outputs in `outDir` (default: from the input file or folder, else 'volume'). */
  readonly name?: string;
  /**
   * Build the evidence dossier (stages measure and dossier; default true). With false the
   * result's `dossier` is null, only the label map is written, and xai-dossier and the
   * schema validator are not loaded (unless uncertainty or saliency is asked for);
   * `dossierPath` is then refused (RPERF_E2E_INVALID_OPTIONS).
   */
  readonly dossier?: boolean;
  /** Run flip test-time augmentation and put its summary in the dossier (default false). */
  readonly uncertainty?: boolean | { readonly axes?: readonly ('z' | 'y' | 'x')[] };
  /** Run occlusion saliency of the dominant label (default false). */
  readonly saliency?: false | { readonly patchSize: number; readonly stride?: number };
  /** Sliding-window patch `[z, y, x]` (default: perception-inference's, at most 32x64x64). */
  readonly patchSize?: readonly [number, number, number];
  /** Refuse inputs with more voxels (default DEFAULT_MAX_VOXELS). */
  readonly maxVoxels?: number;
  /** ISO timestamp written into the dossier's created_at (default null: reproducible bytes). */
  readonly createdAt?: string | null;
  /** Called around every stage (the benchmark passes `ctx.stage`). */
  readonly stage?: StageHook;
  /**
   * Aborts the run between stages (RPERF_E2E_ABORTED): a server passes one that fires when
   * the client disconnects, so no work goes on for nobody. A stage already running finishes.
   */
  readonly signal?: AbortSignal;
}

/** What `runPipeline` returns. */
export interface PipelineResult {
  readonly labelMap: LabelMap;
  /** The evidence dossier, schema-valid; null when the run was asked for none (`dossier: false`). */
  readonly dossier: Dossier | null;
  /** Wall time of each stage that ran, ms, in pipeline order. */
  readonly stagesMs: Partial<Record<PipelineStage, number>>;
  /** Wall time of the whole call, ms (the stages plus a small remainder). */
  readonly totalMs: number;
  /** Paths written (absent when no output was asked for; no `dossier` with `dossier: false`). */
  readonly outputs: { readonly labelMap?: string; readonly dossier?: string };
  /** The decoded input (its geometry is the label map's). */
  readonly input: Volume;
}

/** What `runPipeline` returns when it builds the dossier (`dossier` unset or true). */
export interface PipelineResultWithDossier extends PipelineResult {
  readonly dossier: Dossier;
}

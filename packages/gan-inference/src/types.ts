/**
 * Types of GAN inference: inputs, generated outputs, and the disclosure record every
 * generated output carries.
 */
import type { ModelDescriptor } from '@rhenium-perf/onnx-models';
import type { DeviceKind, DeviceRequest, ModelSession, StageFn } from '@rhenium-perf/perception-inference';
import type { Volume, VolumeArray, VolumeModality } from '@rhenium-perf/fixtures';

/** The zoo's generators this package runs. */
export type GanModelName = 'srgan2d' | 'dncnn2d' | 'dncnn3d';

/** What a generator does to its input. */
export type GanOperation = 'super_resolution' | 'denoising';

/** How the input was fed to the model. */
export type GanProcessing = 'image_2d' | 'slice_by_slice_2d' | 'volume_3d';

/** A 2D image: row-major, `shape` = [ny, nx] (row 0 = top), like one slice of a Volume. */
export interface Image2d<T extends VolumeArray = VolumeArray> {
  readonly data: T;
  readonly shape: readonly [number, number];
  /** Modality of the image when known (null or absent for a phantom). */
  readonly modality?: VolumeModality | null;
}

/** A generator loaded in an onnxruntime session. */
export interface GanModel {
  readonly name: GanModelName;
  readonly operation: GanOperation;
  /** 2 for images (and slice-by-slice volumes), 3 for volumes. */
  readonly spatialRank: 2 | 3;
  /** Upscaling factor (1 for a denoiser). */
  readonly scale: number;
  /** Intensity range the model works in (inputs are mapped into it and outputs back). */
  readonly modelRange: readonly [number, number];
  /** The zoo model's descriptor (name, sha256, config...). */
  readonly descriptor: ModelDescriptor;
  /** The shared perception-inference session. */
  readonly session: ModelSession;
}

/** Options of `openGanModel`. */
export interface OpenGanModelOptions {
  /** Default 'cpu'. */
  device?: DeviceRequest;
  /** onnxruntime intra-op threads (default: the machine's cores). */
  intraOpThreads?: number;
  /** Options of the zoo builder (features, seed...); default: the zoo's defaults. */
  modelOptions?: Record<string, unknown>;
}

/** Options of the generate functions. */
export interface GenerateOptions {
  /**
   * When the output is generated, as an ISO 8601 date-time (or a Date). Injected by the
   * caller so that generation is a pure function of its inputs (two runs give the same bytes).
   */
  generatedAt: string | Date;
  /** Times the session runs and the work around them (`ctx.stage` of the harness). */
  stage?: StageFn;
  /** Slices per session.run for slice-by-slice super-resolution (default DEFAULT_SLICE_BATCH). */
  sliceBatch?: number;
}

/**
 * The input-to-model intensity map: model = (x - inputCenter) * scale + modelCenter, and back
 * x = (model - modelCenter) / scale + inputCenter.
 */
export interface IntensityMapping {
  readonly inputMin: number;
  readonly inputMax: number;
  readonly modelMin: number;
  readonly modelMax: number;
  /** Model units per input unit (1 for a constant input). */
  readonly scale: number;
}

/** The disclosure every generated output carries (schemas/disclosure.schema.json). */
export interface Disclosure {
  readonly disclosure_version: string;
  readonly synthetic: true;
  readonly statement: string;
  readonly operation: GanOperation;
  /** Upscaling factor per in-plane axis (1 for denoising). */
  readonly scale: number;
  readonly processing: GanProcessing;
  readonly generated_at: string;
  readonly model: {
    readonly name: string;
    readonly sha256: string;
    readonly task: string;
    readonly opset: number;
    readonly ir_version: number;
    readonly parameter_count: number;
  };
  readonly input: {
    /** sha256 of the input array's bytes as stored (its element type, little-endian). */
    readonly sha256: string;
    readonly dtype: string;
    readonly shape: readonly number[];
    readonly modality: VolumeModality | null;
  };
  readonly output: {
    /** sha256 of the output array's bytes (float32, little-endian). */
    readonly sha256: string;
    readonly dtype: 'float32';
    readonly shape: readonly number[];
  };
  readonly intensity: {
    readonly mapping: 'min_max_linear';
    readonly input_range: readonly [number, number];
    readonly model_range: readonly [number, number];
  };
  readonly execution: {
    readonly device: DeviceKind;
    readonly intra_op_threads: number;
  };
  readonly software: { readonly name: string; readonly version: string };
}

/** A generated 2D image and its disclosure. */
export interface Generated2d {
  readonly image: Image2d<Float32Array>;
  readonly disclosure: Disclosure;
}

/** A generated volume (geometry updated for super-resolution) and its disclosure. */
export interface GeneratedVolume {
  readonly volume: Volume<Float32Array>;
  readonly disclosure: Disclosure;
}

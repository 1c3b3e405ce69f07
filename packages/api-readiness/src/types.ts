/**
 * Types of the API server: its options, the engine it serves, readiness and answers.
 */
import type { Volume, VolumeModality } from '@rhenium-perf/fixtures';

/** Facts about the loaded model, shown by `GET /v1/version` and `GET /ready`. */
export interface ModelFacts {
  /** Model (or pipeline) name. */
  readonly name: string;
  /** sha256 of the ONNX bytes, or null when the engine has no single model file. */
  readonly sha256: string | null;
  /** Execution device the session runs on. */
  readonly device: string;
  /** onnxruntime intra-op threads, or null when not applicable. */
  readonly threads: number | null;
}

/** What the engine returns for one volume. */
export interface SegmentOutcome {
  /** Label map on the input's grid (same shape, spacing and affine). */
  readonly labelMap: Volume;
  /** The evidence dossier of the pipeline (a JSON-serialisable document). */
  readonly dossier: Readonly<Record<string, unknown>>;
  /** Time of each pipeline stage, ms. */
  readonly stagesMs: Readonly<Record<string, number>>;
}

/**
 * The work the server serves: load once, then segment volumes. The default is the
 * e2e-core-model pipeline ({@link pipelineEngine}); tests and embedders may give another.
 */
export interface SegmentEngine {
  /** Name shown by `/v1/version` before the model is loaded. */
  readonly name: string;
  /**
   * Load the model(s). Called after the server listens (by default), or earlier by whoever
   * created the engine; every call must return the same promise.
   */
  load(): Promise<ModelFacts>;
  /**
   * Segment one decoded volume (its `modality` may be null when the client gave none).
   * `signal` aborts when the client disconnects: stop as soon as possible; the server keeps
   * the request's in-flight slot until the returned promise settles.
   */
  segment(volume: Volume, options?: SegmentCallOptions): Promise<SegmentOutcome>;
  /** Release what the engine holds (a worker thread); called when the server closes. */
  close?(): Promise<void>;
}

/** Per-call options of {@link SegmentEngine.segment}. */
export interface SegmentCallOptions {
  /** Aborted when the client goes away before the answer. */
  readonly signal?: AbortSignal;
  /** The server's voxel budget (`--max-voxels`). */
  readonly maxVoxels?: number;
}

/** When the server starts loading its model. */
export type LoadTrigger = 'listen' | 'ready' | 'manual';

/** Options of {@link buildServer}; every field has a default in defaults.ts. */
export interface ServerOptions {
  /** Largest request body, bytes (default 64 MiB). */
  bodyLimitBytes?: number;
  /** Segmentation requests worked on at once; past that 503 + Retry-After (default 4). */
  maxInFlight?: number;
  /** Seconds sent in Retry-After with a 503 (default 1). */
  retryAfterS?: number;
  /** Node's limit on the time a whole request may take to arrive, ms (default 90 s; a backstop). */
  requestTimeoutMs?: number;
  /** Time the segment body may take to arrive in full, ms (default 60 s). */
  bodyTimeoutMs?: number;
  /** Slowest upload accepted, bytes/s over each rate window; 0 = no check (default 16 KiB/s). */
  minUploadBytesPerS?: number;
  /** Window of the upload-rate check, ms (default 5 s). */
  uploadRateWindowMs?: number;
  /** Largest volume segmented, voxels, checked against the NIfTI header before inflating (default 256^3). */
  maxVoxels?: number;
  /** The engine; default the e2e pipeline with `modelThreads` threads. */
  engine?: SegmentEngine;
  /** onnxruntime intra-op threads of the default engine (default 1). */
  modelThreads?: number;
  /**
   * When to load the model: after `listen` (default: the process answers `/health` at once
   * and `/ready` turns 200 later), on `ready` (for `inject` tests), or `manual`
   * (`app.readiness.load()`).
   */
  loadOn?: LoadTrigger;
  /** Fastify (pino) logging to stderr; default off (stdout carries the process's events). */
  logger?: boolean;
}

/** Options after defaults are applied. */
export interface ResolvedServerOptions {
  readonly bodyLimitBytes: number;
  readonly maxInFlight: number;
  readonly retryAfterS: number;
  readonly requestTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly minUploadBytesPerS: number;
  readonly uploadRateWindowMs: number;
  readonly maxVoxels: number;
  readonly modelThreads: number;
  readonly loadOn: LoadTrigger;
  readonly logger: boolean;
}

/** Readiness of the server's model, as a union keyed on `state`. */
export type ReadinessState =
  | { readonly state: 'loading'; readonly sinceMs: number }
  | { readonly state: 'ready'; readonly model: ModelFacts; readonly loadMs: number }
  | { readonly state: 'failed'; readonly error: string; readonly loadMs: number };

/** What `POST /v1/segment` answers with. */
export type SegmentAnswerFormat = 'json' | 'nifti' | 'nifti-gzip';

/** Voxel count and volume of one label of the label map. */
export interface LabelSummary {
  readonly label: number;
  readonly voxels: number;
  readonly volumeMm3: number;
}

/** The JSON answer of `POST /v1/segment`. */
export interface SegmentSummary {
  readonly shape: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  readonly affine: readonly number[];
  readonly modality: VolumeModality | null;
  /** Non-zero labels present in the label map, ascending. */
  readonly labels: readonly LabelSummary[];
  /** Server-side times: decode, pipeline (and its stages), ms. */
  readonly timingsMs: { readonly decode: number; readonly pipeline: number; readonly stages: Readonly<Record<string, number>> };
  readonly dossier: Readonly<Record<string, unknown>>;
}

/** An RFC 9457 problem document with this package's `code`. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
}

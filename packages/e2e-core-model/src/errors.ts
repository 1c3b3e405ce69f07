/**
 * Error catalogue of @rhenium-perf/e2e-core-model. A failure anywhere in the pipeline is a
 * `PipelineError` naming the stage and, when there is one, the file; the original error is
 * kept as `cause`. Every code is documented in README.md and a test checks that it is.
 */
export const E2E_ERROR_CODES = Object.freeze({
  RPERF_E2E_INPUT_NOT_FOUND: 'the input NIfTI file, DICOM file or DICOM folder does not exist or cannot be read',
  RPERF_E2E_NO_DICOM: 'a DICOM input (kind dicom) is an empty folder, or a file (or folder of files) without the DICOM Part 10 signature (128-byte preamble + DICM)',
  RPERF_E2E_INPUT_INVALID: 'the input cannot be decoded (not NIfTI, corrupt, unsupported voxel type or transfer syntax), is a DICOM Segmentation or colour image, or is a folder of several DICOM series and none was chosen (input.series)',
  RPERF_E2E_INPUT_DIMENSIONS: 'the input has dimensions the model cannot take (several frames, complex voxels, too many voxels)',
  RPERF_E2E_STAGE_FAILED: 'a stage (preprocess, segment, measure, dossier) failed on a valid input',
  RPERF_E2E_WRITE_FAILED: 'an output file could not be written (read-only or missing folder, disk full); nothing was left behind',
  RPERF_E2E_INVALID_OPTIONS: 'an option of runPipeline is invalid (input kind, paths, device, limits)',
  RPERF_E2E_ABORTED: 'the caller aborted the run (options.signal) between two stages; nothing more was computed or written',
} as const);

/** A code of {@link E2E_ERROR_CODES}. */
export type E2eErrorCode = keyof typeof E2E_ERROR_CODES;

/** Stages of the pipeline, in order. */
export type PipelineStage = 'load_model' | 'decode' | 'preprocess' | 'segment' | 'uncertainty' | 'saliency' | 'measure' | 'dossier' | 'write';

/**
 * A typed pipeline error: the code, the stage it happened in, and the file concerned (or null).
 * @example new PipelineError('RPERF_E2E_WRITE_FAILED', 'write', '/ro/x.dossier.json', 'EACCES: permission denied')
 */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  constructor(
    readonly code: E2eErrorCode,
    readonly stage: PipelineStage | 'options',
    readonly file: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${stage}]${file ? ` ${file}:` : ''} ${message}`, options);
  }
}

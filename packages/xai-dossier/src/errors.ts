/**
 * Error catalogue of @rhenium-perf/xai-dossier. Every code is documented in README.md and a
 * test checks that it is.
 */
export const XAI_ERROR_CODES = Object.freeze({
  RPERF_XAI_INVALID_OPTIONS: 'an option is out of range (patch size, stride, batch size, class index, flip axes)',
  RPERF_XAI_INPUT_MISMATCH: 'a volume, mask or label map does not match the shape or the model it is used with',
  RPERF_XAI_MODEL_OUTPUT: 'the model output is not what the explanation needs (rank, classes, batch)',
  RPERF_XAI_DOSSIER_INVALID: 'a dossier document does not validate against dossier.schema.json',
  RPERF_XAI_TEMPLATE: 'the Markdown template is missing or cannot be rendered',
} as const);

/** A code of {@link XAI_ERROR_CODES}. */
export type XaiErrorCode = keyof typeof XAI_ERROR_CODES;

/**
 * A coded error of this package; the message says what was received and how to fix it.
 * @example new XaiError('RPERF_XAI_INVALID_OPTIONS', 'patchSize must be positive integers, received [0, 4, 4]')
 */
export class XaiError extends Error {
  override readonly name = 'XaiError';
  constructor(
    readonly code: XaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

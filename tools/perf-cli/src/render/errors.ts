/**
 * Error catalogue of rendering.
 */
export const RENDER_ERROR_CODES = Object.freeze({
  RPERF_RENDER_TEMPLATE: 'a template is missing, unreadable, or does not compile',
  RPERF_RENDER_WRITE: 'a rendered file cannot be written (nothing was replaced)',
} as const);

/** A code of the render catalogue. */
export type RenderErrorCode = keyof typeof RENDER_ERROR_CODES;

/** Rendering failed; the message names the file and the fix. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(
    readonly code: RenderErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Errors of rendering. Their codes are part of the CLI's one catalogue, `CLI_ERROR_CODES`
 * (../errors.ts).
 */
import { errorCodesWithPrefix, type CliErrorCode } from '../errors';

/** A code of rendering. */
export type RenderErrorCode = Extract<CliErrorCode, `RPERF_RENDER_${string}`>;

/** The renderer's codes: the `RPERF_RENDER_` entries of `CLI_ERROR_CODES`. */
export const RENDER_ERROR_CODES = errorCodesWithPrefix('RPERF_RENDER_');

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

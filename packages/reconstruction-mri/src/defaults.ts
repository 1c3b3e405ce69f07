/**
 * Named defaults of the reconstruction methods.
 */

/** Rows transformed together before their transposed write (keeps the write 128-byte contiguous). */
export const FFT_BLOCK_ROWS = 8;

/** CG-SENSE: default iteration count. */
export const DEFAULT_CG_ITERATIONS = 10;
/** CG-SENSE: stop when ||r_k|| / ||r_0|| of the normal equations falls below this. */
export const DEFAULT_CG_TOLERANCE = 1e-6;

/** FISTA: default iteration count. */
export const DEFAULT_FISTA_ITERATIONS = 30;
/** FISTA: stop when ||x_k+1 - x_k|| / ||x_k+1|| falls below this. */
export const DEFAULT_FISTA_TOLERANCE = 1e-6;
/** FISTA: weight of the wavelet l1 prior (image intensities ~[0, 1]). */
export const DEFAULT_FISTA_LAMBDA = 0.003;
/** FISTA: Haar decomposition levels. */
export const DEFAULT_WAVELET_LEVELS = 4;

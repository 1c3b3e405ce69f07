/**
 * Named defaults of the CT reconstruction kernels, with their units.
 */

/** Angular range of a parallel-beam scan, in degrees: angles are taken over [0, 180). */
export const HALF_TURN_DEG = 180;

/** Default FBP filter (scikit-image's default too). */
export const DEFAULT_FBP_FILTER = 'ramp';

/** Smallest zero-padded projection length for the FFT filtering, in detector bins (scikit-image's 64). */
export const MIN_PADDED_PROJECTION_BINS = 64;

/** SART relaxation (update step factor, dimensionless), scikit-image's `iradon_sart` default. */
export const DEFAULT_SART_RELAXATION = 0.15;

/** SART iterations (full sweeps over all angles) when none are given. */
export const DEFAULT_SART_ITERATIONS = 1;

/**
 * β of the equiripple Hamming window that SART applies along each ray (scikit-image's
 * `hamming_beta`): w(k) = (1 - β) - β cos(2π k / (Ns - 1)).
 */
export const SART_HAMMING_BETA = 0.46164;

/** Supersampling of the phantom used by verification (4 x 4 sub-samples per pixel). */
export const PHANTOM_SUPERSAMPLE = 4;

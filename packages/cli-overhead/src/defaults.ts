/**
 * Named defaults of the `rhenium` tool and its benchmarks, with units.
 */

/** Name of the tool in messages (`rhenium: error: ...`). */
export const TOOL_NAME = 'rhenium';

/** MRI reconstruction method when `--method` is not given. */
export const DEFAULT_MRI_METHOD = 'zf';
/** CT reconstruction method when `--method` is not given. */
export const DEFAULT_CT_METHOD = 'fbp';

/**
 * Most projection angles `--angles START:STOP:COUNT` may give (COUNT), checked before the
 * angles are allocated or the input is read: 32767 is the largest NIfTI-1 dimension, so a
 * sinogram cannot have more rows.
 */
export const MAX_CT_ANGLES = 32_767;

/**
 * Largest `--size` of `rhenium recon-ct` (image side, pixels), checked before the input is
 * read: one 4096 x 4096 float64 slice is 128 MiB. The whole image (slices x size^2) must also
 * fit the voxel budget (RHENIUM_MAX_VOXELS), checked before it is allocated.
 */
export const MAX_CT_IMAGE_SIZE = 4096;

/**
 * Most `--iterations` of recon-ct (SART sweeps) and recon-mri (cgsense, fista), checked
 * before the input is read; the defaults are 1, 10 and 30.
 */
export const MAX_ITERATIONS = 1000;

/**
 * Environment variable that sets the voxel budget of every command (a positive integer):
 * the largest image read (checked against the header before inflating or allocating) and
 * written. Default: io-parsing's DEFAULT_MAX_NIFTI_VOXELS (2^27) for info / recon-mri /
 * recon-ct, the pipeline's DEFAULT_MAX_VOXELS (256^3) for segment.
 */
export const MAX_VOXELS_ENV = 'RHENIUM_MAX_VOXELS';

/** Longest error line printed (characters); longer messages are cut with an ellipsis. */
export const MAX_ERROR_LINE_CHARS = 600;

/** Paired (rhenium, `node -e 0`) spawns a start-up case makes in its setup, per mode. */
export const STARTUP_PAIRS_FULL = 10;
export const STARTUP_PAIRS_SMOKE = 4;

/** The start-up target: `rhenium --version` within this factor of `node -e 0`'s wall time. */
export const STARTUP_TARGET_RATIO = 1.5;

/**
 * (rhenium segment, floor) pairs of cold processes `cli_segment_process_ct_tiny` alternates in
 * each process's verify (bench/floor.ts): 3 per process in the full suite (9 over its 3
 * processes, ~0.6 s a pair on the quiet machine), 1 in a smoke run (tests).
 */
export const FLOOR_PAIRS_FULL = 3;
export const FLOOR_PAIRS_SMOKE = 1;


/** Timeout of one spawned process in the benchmarks, in ms. */
export const SPAWN_TIMEOUT_MS = 60_000;

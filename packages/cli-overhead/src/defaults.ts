/**
 * Named defaults of the `rhenium` tool and its benchmarks, with units.
 */

/** Name of the tool in messages (`rhenium: error: ...`). */
export const TOOL_NAME = 'rhenium';

/** MRI reconstruction method when `--method` is not given. */
export const DEFAULT_MRI_METHOD = 'zf';
/** CT reconstruction method when `--method` is not given. */
export const DEFAULT_CT_METHOD = 'fbp';

/** Longest error line printed (characters); longer messages are cut with an ellipsis. */
export const MAX_ERROR_LINE_CHARS = 600;

/** Paired (rhenium, `node -e 0`) spawns a start-up case makes in its setup, per mode. */
export const STARTUP_PAIRS_FULL = 10;
export const STARTUP_PAIRS_SMOKE = 4;

/** The start-up target: `rhenium --version` within this factor of `node -e 0`'s wall time. */
export const STARTUP_TARGET_RATIO = 1.5;


/** Timeout of one spawned process in the benchmarks, in ms. */
export const SPAWN_TIMEOUT_MS = 60_000;

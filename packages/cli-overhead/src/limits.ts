/**
 * The voxel budget of the `rhenium` commands: RHENIUM_MAX_VOXELS when set (checked like an
 * option: a positive integer, else exit 2 with one line), else each reader's default. Read
 * before any input is opened.
 */
import { MAX_VOXELS_ENV } from './defaults';
import { CliError } from './errors';

/**
 * The budget set in the environment, or undefined for the defaults.
 * @example maxVoxelsFromEnv({ RHENIUM_MAX_VOXELS: '268435456' }) // 268435456
 */
export function maxVoxelsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[MAX_VOXELS_ENV];
  if (raw === undefined || raw === '') return undefined;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new CliError('RPERF_CLI_BAD_VALUE', `${MAX_VOXELS_ENV} must be a positive integer (a voxel count), received '${raw}'`, `unset it for the defaults, or set e.g. ${MAX_VOXELS_ENV}=${2 ** 27}`);
  }
  return n;
}

/** The advice appended to a refusal for too many voxels. */
export const RAISE_VOXELS_HINT = `to read it anyway raise the budget, e.g. ${MAX_VOXELS_ENV}=${2 ** 28} rhenium ... (memory grows with it)`;

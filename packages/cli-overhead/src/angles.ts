/**
 * The `--angles START:STOP:COUNT` notation of `rhenium recon-ct`.
 */
import { MAX_CT_ANGLES } from './defaults';
import { CliError } from './errors';

/**
 * COUNT angles in degrees from START towards STOP, STOP excluded (as numpy's
 * `linspace(START, STOP, COUNT, endpoint=False)`): angle k = START + k (STOP - START) / COUNT.
 * @example parseAngles('0:180:4') // Float64Array [0, 45, 90, 135]
 */
export function parseAngles(text: string): Float64Array {
  const parts = text.split(':');
  const fix = "write START:STOP:COUNT in degrees, STOP excluded, e.g. '--angles 0:180:180'";
  if (parts.length !== 3) throw new CliError('RPERF_CLI_BAD_VALUE', `--angles '${text}' is not START:STOP:COUNT`, fix);
  const [start, stop] = parts.slice(0, 2).map((p) => (p.trim() === '' ? NaN : Number(p)));
  const count = /^\d+$/.test(parts[2]!.trim()) ? Number(parts[2]) : NaN;
  if (!Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new CliError('RPERF_CLI_BAD_VALUE', `--angles '${text}': START and STOP must be numbers`, fix);
  }
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_CT_ANGLES) {
    // NOTE: checked before anything is allocated: a COUNT of 10^9 would take 8 GB.
    throw new CliError('RPERF_CLI_BAD_VALUE', `--angles '${text}': COUNT must be an integer in 1..${MAX_CT_ANGLES} (one angle per sinogram row), received '${parts[2]!.trim()}'`, fix);
  }
  if (stop === start) throw new CliError('RPERF_CLI_BAD_VALUE', `--angles '${text}': START equals STOP`, fix);
  if (!Number.isFinite(stop! - start!)) throw new CliError('RPERF_CLI_BAD_VALUE', `--angles '${text}': STOP - START is not a finite number of degrees`, fix);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = start! + (k * (stop! - start!)) / count;
  return out;
}

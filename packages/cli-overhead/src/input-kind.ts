/**
 * What an input path of `rhenium info` / `rhenium segment` is — a NIfTI file, a DICOM file or
 * a folder of DICOM files — from io-parsing's one dispatch (`detectImageInput`: a folder, else
 * the 128-byte preamble + "DICM", else NIfTI), with `--series` checked against it; and for
 * `rhenium segment`, a series on a PACS (`dicomweb://host:port/<root>/studies/<uid>/series/<uid>`),
 * its time-out and its errors.
 */
import { detectImageInput, isDicomWebUrl, isIoError, parseDicomWebUrl, type DicomWebSeriesAddress, type ImageInputKind } from '@rhenium-perf/io-parsing';
import { CliError } from './errors';
import { checkInput } from './paths';

/**
 * Check that `path` exists and can be read, and say what it is. `--series` applies to DICOM
 * only: given with a NIfTI file it is a usage error (exit 2), before anything is decoded.
 * @example await inputKindOf('ct.dcm', null) // 'dicom-file'
 */
export async function inputKindOf(path: string, series: string | null): Promise<ImageInputKind> {
  checkInput(path, 'input');
  const kind = await detectImageInput(path);
  if (kind === 'nifti' && series !== null) {
    throw new CliError('RPERF_CLI_BAD_VALUE', `--series chooses a DICOM series, but '${path}' is not DICOM (no DICM signature at byte 128): it is read as NIfTI`, 'drop --series for a NIfTI file');
  }
  return kind;
}

/** The environment variable of the PACS time-out, seconds (no `--timeout` option yet: see the README). */
export const PACS_TIMEOUT_ENV = 'RHENIUM_PACS_TIMEOUT_S';

/**
 * The PACS idle time-out set in the environment, ms, or undefined for io-parsing's default
 * (30 s). Checked like an option: a positive number of seconds, else exit 2 with one line.
 * @example pacsTimeoutFromEnv({ RHENIUM_PACS_TIMEOUT_S: '2.5' }) // 2500
 */
export function pacsTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[PACS_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return undefined;
  return pacsTimeoutMs(raw, PACS_TIMEOUT_ENV, `unset it for the default 30 s, or set e.g. ${PACS_TIMEOUT_ENV}=120`);
}

/**
 * The PACS time-out of `rhenium segment`: `--timeout SECONDS` when given, else
 * RHENIUM_PACS_TIMEOUT_S, else the library's default (undefined).
 * @example pacsTimeout('2.5', {}) // 2500
 */
export function pacsTimeout(option: string | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (option === undefined) return pacsTimeoutFromEnv(env);
  return pacsTimeoutMs(option, '--timeout', "write e.g. '--timeout 120' (seconds)");
}

function pacsTimeoutMs(raw: string, what: string, fix: string): number {
  const s = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(s > 0) || s > 86_400) throw new CliError('RPERF_CLI_BAD_VALUE', `${what} must be a number of seconds in (0, 86400], received '${raw}'`, fix);
  return Math.round(s * 1000);
}

/** "<problem>; <fix>" of a coded error message, split at its last "; " (no fix: null). */
function splitFix(message: string): { problem: string; fix: string | null } {
  const k = message.lastIndexOf('; ');
  return k < 0 ? { problem: message, fix: null } : { problem: message.slice(0, k), fix: message.slice(k + 2) };
}

/**
 * A `dicomweb://` input: its address, with `--series` (when given) checked against the
 * series it names; null for a path. A malformed address is a usage error (exit 2).
 * @example dicomWebInputOf('dicomweb://127.0.0.1:8042/dicom-web/studies/1.2/series/1.2.3', null)?.seriesInstanceUid // '1.2.3'
 */
export function dicomWebInputOf(input: string, series: string | null): DicomWebSeriesAddress | null {
  if (!isDicomWebUrl(input)) return null;
  let address: DicomWebSeriesAddress;
  try {
    address = parseDicomWebUrl(input);
  } catch (e) {
    if (!isIoError(e)) throw e;
    const { problem, fix } = splitFix(e.message);
    throw new CliError('RPERF_CLI_BAD_VALUE', problem, fix ?? 'see rhenium segment --help');
  }
  if (series !== null && series !== address.seriesInstanceUid) {
    throw new CliError('RPERF_CLI_BAD_VALUE', `--series ${series} differs from the series ${address.seriesInstanceUid} the address names`, 'drop --series: a dicomweb:// address names its series');
  }
  return address;
}

/**
 * A failure to read a series from the PACS as a CliError (exit 2, one line, its own fix): a
 * PACS that cannot be reached, times out or answers an HTTP error is an input that cannot
 * be read (RPERF_CLI_INPUT_NOT_FOUND); a body cut short, or a series with a missing slice or
 * a corrupt file, an input that cannot be used (RPERF_CLI_BAD_INPUT). The io-parsing code
 * stays the error's cause.
 */
export function pacsInputError(e: unknown): unknown {
  if (!isIoError(e)) return e;
  const { problem, fix } = splitFix(e.message);
  const unreadable = e.code === 'RPERF_IO_PACS_UNREACHABLE' || e.code === 'RPERF_IO_PACS_TIMEOUT' || e.code === 'RPERF_IO_PACS_HTTP' || e.code === 'RPERF_IO_EMPTY_SERIES';
  const err = new CliError(unreadable ? 'RPERF_CLI_INPUT_NOT_FOUND' : 'RPERF_CLI_BAD_INPUT', `${problem} [${e.code}]`, fix ?? 'check the series on the PACS');
  (err as { cause?: unknown }).cause = e;
  return err;
}

/**
 * What an input path of `rhenium info` / `rhenium segment` is — a NIfTI file, a DICOM file or
 * a folder of DICOM files — from io-parsing's one dispatch (`detectImageInput`: a folder, else
 * the 128-byte preamble + "DICM", else NIfTI), with `--series` checked against it.
 */
import { detectImageInput, type ImageInputKind } from '@rhenium-perf/io-parsing';
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

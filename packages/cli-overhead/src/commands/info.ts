/**
 * `rhenium info <file|dicom-folder> [--json] [--series UID]`.
 */
import { seriesOption } from '../args';
import { describeInput, formatImageInfo, formatSeriesListing } from '../image-info';
import { EXIT_OK } from '../errors';
import type { CliIo, ParsedCommand } from '../types';

/**
 * Print what an image holds, as text or one JSON object; for a DICOM folder holding several
 * series (and no --series), the list of its series.
 */
export async function infoCommand(args: ParsedCommand, io: CliIo): Promise<number> {
  const info = await describeInput(args.positionals[0]!, { series: seriesOption(args) });
  // NaN (an all-NaN image's range) is not JSON: null says "no value".
  if (args.options.json) io.stdout.write(JSON.stringify(info, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  else io.stdout.write(info.format === 'dicom-folder' ? formatSeriesListing(info) : formatImageInfo(info));
  return EXIT_OK;
}

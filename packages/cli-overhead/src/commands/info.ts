/**
 * `rhenium info <file|dicom-folder> [--json]`.
 */
import { describeImage, formatImageInfo } from '../image-info';
import { EXIT_OK } from '../errors';
import type { CliIo, ParsedCommand } from '../types';

/** Print what an image holds, as text or one JSON object. */
export async function infoCommand(args: ParsedCommand, io: CliIo): Promise<number> {
  const info = await describeImage(args.positionals[0]!);
  // NaN (an all-NaN image's range) is not JSON: null says "no value".
  io.stdout.write(args.options.json ? JSON.stringify(info, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n' : formatImageInfo(info));
  return EXIT_OK;
}

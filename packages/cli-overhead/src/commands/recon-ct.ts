/**
 * `rhenium recon-ct <sinogram.nii[.gz]> --angles START:STOP:COUNT [--filter NAME] [--method fbp|sart] [--iterations N] [--size N] -o <image.nii.gz>`.
 */
import { assertUsableImage, DEFAULT_MAX_NIFTI_VOXELS, readNifti } from '@rhenium-perf/io-parsing';
import { writeNifti } from '@rhenium-perf/serialization';
import { parseAngles } from '../angles';
import { choiceOption, integerOption, requireOption } from '../args';
import { COMMAND_SPECS } from '../command-specs';
import { CT_METHODS, FBP_FILTER_NAMES, reconstructCtImage } from '../ct-recon';
import { MAX_CT_IMAGE_SIZE, MAX_ITERATIONS } from '../defaults';
import { CliError, EXIT_OK } from '../errors';
import { maxVoxelsFromEnv } from '../limits';
import { checkInputFile, checkOutput } from '../paths';
import type { CliIo, ParsedCommand } from '../types';

/** Reconstruct a sinogram file and write the image. */
export async function reconCtCommand(args: ParsedCommand, io: CliIo): Promise<number> {
  const spec = COMMAND_SPECS['recon-ct']!;
  const input = args.positionals[0]!;
  const output = requireOption(spec, args, 'output');
  const anglesDeg = parseAngles(requireOption(spec, args, 'angles'));
  const method = choiceOption(args, 'method', CT_METHODS, 'fbp');
  const filter = choiceOption(args, 'filter', FBP_FILTER_NAMES, 'ramp');
  const iterations = integerOption(args, 'iterations', undefined, 1, MAX_ITERATIONS);
  const size = integerOption(args, 'size', undefined, 2, MAX_CT_IMAGE_SIZE);
  const maxVoxels = maxVoxelsFromEnv() ?? DEFAULT_MAX_NIFTI_VOXELS;
  if (method === 'fbp' && iterations !== undefined) throw new CliError('RPERF_CLI_BAD_VALUE', '--iterations applies to --method sart, not fbp', "drop --iterations or add '--method sart'");
  if (method === 'sart' && args.options.filter !== undefined) throw new CliError('RPERF_CLI_BAD_VALUE', '--filter applies to --method fbp, not sart', 'drop --filter');
  checkInputFile(input, 'sinogram file');
  checkOutput(output, '-o', ['.nii', '.nii.gz'], [input]);
  const sino = await readNifti(input, { maxVoxels });
  assertUsableImage(sino, input);
  const volume = reconstructCtImage(sino, { method, anglesDeg, filter, iterations, size, file: input, maxVoxels });
  await writeNifti(output, volume, { descrip: `rhenium recon-ct ${method}${method === 'fbp' ? ` ${filter}` : ''}` });
  io.stderr.write(`rhenium: wrote ${output} (${volume.shape.slice().reverse().join('x')}, ${method}, ${anglesDeg.length} angles)\n`);
  return EXIT_OK;
}

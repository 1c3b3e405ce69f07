/**
 * `rhenium recon-mri <kspace.nii[.gz]> -o <image.nii.gz> [--method zf|cgsense|fista] [--iterations N] [--maps FILE] [--lambda X]`.
 */
import { assertUsableImage, DEFAULT_MAX_NIFTI_VOXELS, readNifti } from '@rhenium-perf/io-parsing';
import { writeNifti } from '@rhenium-perf/serialization';
import { choiceOption, integerOption, numberOption, requireOption } from '../args';
import { COMMAND_SPECS } from '../command-specs';
import { MAX_ITERATIONS } from '../defaults';
import { CliError, EXIT_OK } from '../errors';
import { maxVoxelsFromEnv } from '../limits';
import { MRI_METHODS, reconstructMriImage } from '../mri-recon';
import { checkInputFile, checkOutput } from '../paths';
import type { CliIo, ParsedCommand } from '../types';

const NIFTI_EXT = ['.nii', '.nii.gz'] as const;

/** Reconstruct k-space from a file and write the magnitude image. */
export async function reconMriCommand(args: ParsedCommand, io: CliIo): Promise<number> {
  const spec = COMMAND_SPECS['recon-mri']!;
  const input = args.positionals[0]!;
  const output = requireOption(spec, args, 'output');
  const method = choiceOption(args, 'method', MRI_METHODS, 'zf');
  const iterations = integerOption(args, 'iterations', undefined, 1, MAX_ITERATIONS);
  const maxVoxels = maxVoxelsFromEnv() ?? DEFAULT_MAX_NIFTI_VOXELS;
  const lambda = numberOption(args, 'lambda', undefined);
  const mapsFile = typeof args.options.maps === 'string' ? args.options.maps : null;
  if (method === 'zf' && (iterations !== undefined || lambda !== undefined || mapsFile)) {
    throw new CliError('RPERF_CLI_BAD_VALUE', '--iterations, --lambda and --maps apply to --method cgsense or fista, not zf', 'drop them or choose an iterative method');
  }
  if (method === 'cgsense' && lambda !== undefined) throw new CliError('RPERF_CLI_BAD_VALUE', '--lambda applies to --method fista only', 'drop --lambda');
  checkInputFile(input, 'k-space file');
  if (mapsFile) checkInputFile(mapsFile, 'coil maps file');
  checkOutput(output, '-o', NIFTI_EXT, [input, ...(mapsFile ? [mapsFile] : [])]);
  const [kspace, maps] = await Promise.all([readNifti(input, { maxVoxels }), mapsFile ? readNifti(mapsFile, { maxVoxels }) : null]);
  assertUsableImage(kspace, input);
  if (maps && mapsFile) assertUsableImage(maps, mapsFile);
  const result = reconstructMriImage(kspace, { method, iterations, lambda, maps, file: input, mapsFile: mapsFile ?? undefined });
  await writeNifti(output, result.volume, { descrip: `rhenium recon-mri ${method}` });
  const last = result.slices.at(-1);
  io.stderr.write(
    `rhenium: wrote ${output} (${result.volume.shape.slice().reverse().join('x')}, ${method}, ${result.coils} coil${result.coils > 1 ? 's' : ''}` +
      `${method === 'zf' || !last ? '' : `, ${last.iterations} iterations, residual ${last.residual?.toPrecision(3) ?? 'n/a'}`})\n`,
  );
  return EXIT_OK;
}

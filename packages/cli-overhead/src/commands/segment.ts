/**
 * `rhenium segment <input> -o <out.nii.gz> [--dossier <out.json>] [--modality NAME] [--series UID]`:
 * the core pipeline (@rhenium-perf/e2e-core-model, which loads onnxruntime-node) on a NIfTI
 * file, a DICOM file or a folder of DICOM files (several series: --series chooses one). The
 * pipeline is imported here, when the command runs, never at start-up. The input may be a series on a
 * PACS, `dicomweb://host:port/<root>/studies/<uid>/series/<uid>` (time-out: --timeout SECONDS, else
 * RHENIUM_PACS_TIMEOUT_S);
 * then the stage times follow on a second line.
 */
import { choiceOption, requireOption, seriesOption } from '../args';
import { COMMAND_SPECS } from '../command-specs';
import { CliError, EXIT_OK } from '../errors';
import { dicomWebInputOf, pacsTimeout } from '../input-kind';
import { maxVoxelsFromEnv } from '../limits';
import { checkInput, checkOutput } from '../paths';
import { segmentFile, SEGMENT_MODALITIES } from '../segment';
import type { CliIo, ParsedCommand } from '../types';

/** Segment a file or a DICOM folder and write the label map (and the dossier). */
export async function segmentCommand(args: ParsedCommand, io: CliIo): Promise<number> {
  const spec = COMMAND_SPECS.segment!;
  const input = args.positionals[0]!;
  const output = requireOption(spec, args, 'output');
  const dossier = typeof args.options.dossier === 'string' ? args.options.dossier : null;
  const modality = args.options.modality === undefined ? null : choiceOption(args, 'modality', SEGMENT_MODALITIES, 'MRI');
  const series = seriesOption(args);
  const maxVoxels = maxVoxelsFromEnv();
  // A dicomweb:// input is checked as an address (and --series against it), not as a path.
  const pacs = dicomWebInputOf(input, series) !== null;
  const timeoutOption = typeof args.options.timeout === 'string' ? args.options.timeout : undefined;
  if (timeoutOption !== undefined && !pacs) throw new CliError('RPERF_CLI_BAD_VALUE', '--timeout applies to a dicomweb:// input only', 'drop --timeout for a file or folder');
  const timeoutMs = pacs ? pacsTimeout(timeoutOption) : undefined;
  const inputs = pacs ? [] : [input];
  if (!pacs) checkInput(input, 'input');
  checkOutput(output, '-o', ['.nii', '.nii.gz'], inputs);
  if (dossier) checkOutput(dossier, '--dossier', ['.json'], [...inputs, output]);
  const result = await segmentFile({
    input,
    output,
    dossier,
    modality,
    series,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(maxVoxels ? { pipeline: { maxVoxels } } : {}),
    // One job per process: the session is released before the process ends (issue #17).
    releaseSession: true,
  });
  io.stderr.write(`rhenium: wrote ${output}${dossier ? ` and ${dossier}` : ''} (${result.labelMap.shape.slice().reverse().join('x')}, ${result.totalMs.toFixed(0)} ms)\n`);
  if (pacs) io.stderr.write(`rhenium: stages ${Object.entries(result.stagesMs).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(', ')}\n`);
  return EXIT_OK;
}

/**
 * The `rhenium` tool as a function: parse the arguments, run one command, turn errors into
 * one line on stderr and an exit code. Start-up cost matters (`rhenium --version` is
 * benchmarked against `node -e 0`), so only the command specs and the help text are loaded
 * statically; the argument parser (`./args`, which loads `@rhenium-perf/harness/args`) is
 * imported when a command's arguments are parsed, and a command's code (and the packages it
 * calls) when it runs.
 */
import { COMMAND_NAMES, COMMAND_SPECS } from './command-specs';
import { MAX_ERROR_LINE_CHARS, TOOL_NAME } from './defaults';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './errors';
import { commandHelp, globalHelp } from './help';
import { RAISE_VOXELS_HINT } from './limits';
import type { CliIo, CommandRunner } from './types';
import { toolVersion } from './version';

/**
 * The argument parser, loaded on first use.
 * NOTE: imported statically it cost `rhenium --version` about 7% of its wall time and CPU time
 * (resolving the harness package, two more modules), for nothing: --version and --help parse no options.
 */
const argsModule = (): Promise<typeof import('./args')> => import('./args');

/** Loaders of the commands' code, by name. */
const COMMANDS: Readonly<Record<string, () => Promise<CommandRunner>>> = {
  info: async () => (await import('./commands/info')).infoCommand,
  segment: async () => (await import('./commands/segment')).segmentCommand,
  'recon-mri': async () => (await import('./commands/recon-mri')).reconMriCommand,
  'recon-ct': async () => (await import('./commands/recon-ct')).reconCtCommand,
};

/** Whitespace (and control characters) collapsed to single spaces. */
const collapse = (text: string): string => text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();

/**
 * One line, `<problem>; <fix>`, cut to a readable length: the problem (which may echo a huge
 * argument) is shortened with an ellipsis, the fix is always kept whole.
 */
function oneLine(problem: string, fix: string | null): string {
  const f = fix === null ? '' : collapse(fix);
  const room = Math.max(80, MAX_ERROR_LINE_CHARS - (f ? f.length + 2 : 0));
  let p = collapse(problem);
  if (p.length > room) p = p.slice(0, room - 1) + '…';
  return f ? `${p}; ${f}` : p;
}

/**
 * True for an error the user can fix from its message: the tool's own, or a coded error of a
 * package it calls (io-parsing's `RPERF_IO_*`, the reconstruction packages' checks).
 */
function isInputError(e: unknown): e is Error & { code: string } {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('RPERF_');
}

/**
 * The generic fix appended to a package's coded error (its message says what was received),
 * or null when the message already ends with its fix.
 */
function fixFor(e: Error & { code: string }): string | null {
  const code = e.code;
  const cause = (e as { cause?: { code?: unknown } }).cause?.code;
  const is = (c: string): boolean => code === c || cause === c;
  if (is('RPERF_IO_TOO_LARGE')) return RAISE_VOXELS_HINT;
  // These messages end with their own fix.
  if (is('RPERF_IO_UNUSABLE_VOLUME') || is('RPERF_IO_SEGMENTATION_OBJECT') || is('RPERF_IO_COLOUR_IMAGE')) return null;
  if (is('RPERF_IO_MIXED_SERIES')) return `add '--series UID' with one of them ('${TOOL_NAME} info <folder>' lists the series)`;
  if (is('RPERF_IO_SERIES_NOT_FOUND')) return `give --series one of those UIDs ('${TOOL_NAME} info <folder>' lists the series)`;
  if (code.startsWith('RPERF_IO_')) return `check that the input is a NIfTI file (.nii, .nii.gz), a DICOM file or a folder of DICOM files ('${TOOL_NAME} info <path>' shows what is read)`;
  return `check the input's dimensions and the options against '${TOOL_NAME} --help'`;
}

/**
 * Run `rhenium` with `argv` (without node and the script). Returns the exit code: 0 done,
 * 1 unexpected failure, 2 usage error or unusable input (one line on stderr).
 * @example await runRhenium(['--version'], { stdout: process.stdout, stderr: process.stderr }) // 0, prints "0.1.0"
 */
export async function runRhenium(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const first = argv[0];
    if (first === undefined) {
      throw new CliError('RPERF_CLI_MISSING_ARGUMENT', 'no command given', `run '${TOOL_NAME} <command>', one of ${COMMAND_NAMES.join(', ')}`);
    }
    if (first === '--version' || first === '-V' || first === 'version') {
      io.stdout.write(toolVersion() + '\n');
      return EXIT_OK;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const sub = argv[1] !== undefined ? COMMAND_SPECS[argv[1]] : undefined;
      io.stdout.write(sub ? commandHelp(sub) : globalHelp());
      return EXIT_OK;
    }
    const spec = Object.hasOwn(COMMAND_SPECS, first) ? COMMAND_SPECS[first] : undefined;
    if (!spec) {
      const { closest } = await argsModule();
      const guess = closest(first, first.startsWith('-') ? ['--help', '--version'] : COMMAND_NAMES);
      throw new CliError(
        first.startsWith('-') ? 'RPERF_CLI_UNKNOWN_OPTION' : 'RPERF_CLI_UNKNOWN_COMMAND',
        first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`,
        `${guess ? `did you mean '${guess}'? ` : ''}commands: ${COMMAND_NAMES.join(', ')}; see '${TOOL_NAME} --help'`,
      );
    }
    const { parseCommandArgs } = await argsModule();
    const args = parseCommandArgs(spec, argv.slice(1));
    if (args.options.help) {
      io.stdout.write(commandHelp(spec));
      return EXIT_OK;
    }
    const run = await COMMANDS[spec.name]!();
    return await run(args, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr.write(`${TOOL_NAME}: error: ${oneLine(e.problem, e.fix)}\n`);
      return EXIT_USAGE;
    }
    if (isInputError(e)) {
      const fix = fixFor(e);
      io.stderr.write(`${TOOL_NAME}: error: ${oneLine(e.message, fix)}\n`);
      return EXIT_USAGE;
    }
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    io.stderr.write(`${TOOL_NAME}: error: unexpected failure: ${oneLine(msg, null)} (please report it with the command line)\n`);
    if (process.env.RHENIUM_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
    return EXIT_FAILURE;
  }
}

/**
 * Checks of input and output paths made before any work, so a typo costs no computation
 * and the message says exactly which path is wrong.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors';

/** What an input path is. */
export type InputKind = 'file' | 'folder';

/**
 * Check that `path` exists and can be read; returns whether it is a file or a folder.
 * @example checkInput('missing.nii', 'k-space') // throws RPERF_CLI_INPUT_NOT_FOUND
 */
export function checkInput(path: string, what: string): InputKind {
  let kind: InputKind;
  try {
    const st = statSync(path);
    kind = st.isDirectory() ? 'folder' : 'file';
  } catch {
    throw new CliError('RPERF_CLI_INPUT_NOT_FOUND', `${what} '${path}' does not exist`, 'check the path (relative paths start from the current folder)');
  }
  try {
    accessSync(path, constants.R_OK | (kind === 'folder' ? constants.X_OK : 0));
  } catch {
    throw new CliError('RPERF_CLI_INPUT_NOT_FOUND', `${what} '${path}' is not readable (permission denied)`, `give yourself read permission (chmod u+r${kind === 'folder' ? 'x' : ''})`);
  }
  return kind;
}

/** Check that `path` is a file (not a folder) that can be read. */
export function checkInputFile(path: string, what: string): void {
  if (checkInput(path, what) === 'folder') {
    throw new CliError('RPERF_CLI_BAD_INPUT', `${what} '${path}' is a folder, a file is expected`, 'give the path of a .nii or .nii.gz file');
  }
}

/**
 * Check an output path before the work: a `.nii`/`.nii.gz` (or `.json`) name, in an existing
 * writable folder, not one of the inputs.
 */
export function checkOutput(path: string, option: string, extensions: readonly string[], inputs: readonly string[]): void {
  if (!extensions.some((e) => path.endsWith(e))) {
    throw new CliError('RPERF_CLI_BAD_VALUE', `${option} '${path}' must end in ${extensions.join(' or ')}`, `name the output e.g. 'out${extensions[extensions.length - 1]}'`);
  }
  const target = resolve(path);
  if (inputs.some((i) => resolve(i) === target)) {
    throw new CliError('RPERF_CLI_OUTPUT_NOT_WRITABLE', `${option} '${path}' is also an input`, 'write the output to another file');
  }
  const dir = dirname(target);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new CliError('RPERF_CLI_OUTPUT_NOT_WRITABLE', `the folder of ${option} '${path}' does not exist`, `create it first (mkdir -p ${dir})`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CliError('RPERF_CLI_OUTPUT_NOT_WRITABLE', `the folder '${dir}' of ${option} is not writable`, 'choose a folder you can write to');
  }
  try {
    if (statSync(target).isDirectory()) throw new CliError('RPERF_CLI_OUTPUT_NOT_WRITABLE', `${option} '${path}' is a folder`, 'give a file name');
  } catch (e) {
    if (e instanceof CliError) throw e;
  }
}

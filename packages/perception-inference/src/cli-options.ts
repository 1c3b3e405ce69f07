/**
 * The bench command's own options: `--model FILE [--input-shape 1x1x64x64x64]` benchmarks
 * any ONNX model a user has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchCommandOptions, findWorkspaceRoot, listOption, parseCommandLine, stringOption, type CommandLine, type ExtraOption } from '@rhenium-perf/harness';

/** Options added to the harness's bench command. */
export const USER_MODEL_OPTIONS: readonly ExtraOption[] = Object.freeze([
  { flag: '--model', valueName: 'FILE', description: 'benchmark this ONNX model instead of the zoo (selects --tag user-model)' },
  { flag: '--input-shape', valueName: 'SHAPE', description: 'input shape for --model, e.g. 1x1x64x64x64 (default: from the model)' },
]);

/**
 * With `--model`, run only the user-model case (unless tags were given) and make the path
 * absolute: relative to the current folder, else to the workspace root (Nx runs the target
 * from the package folder).
 *
 * The command line is read with the bench command's own option table, so `--model` and
 * `--tag` are found exactly where the command finds them. A command line it rejects is
 * returned unchanged, for the bench command to report. The absolute path is appended as
 * `--model=PATH`: the last value of an option wins.
 * @example userModelArgs(['--model', 'm.onnx'], '/data') // ['--model', 'm.onnx', '--model=/data/m.onnx', '--tag', 'user-model']
 */
export function userModelArgs(argv: readonly string[], cwd: string = process.cwd()): string[] {
  let values: CommandLine['values'];
  try {
    ({ values } = parseCommandLine(argv, benchCommandOptions(USER_MODEL_OPTIONS), (message) => new Error(message)));
  } catch {
    return [...argv];
  }
  const model = stringOption(values, 'model');
  const out = [...argv];
  if (model === null) return out;
  if (model !== '') {
    const ws = findWorkspaceRoot(cwd);
    const candidates = [path.resolve(cwd, model), ...(ws ? [path.resolve(ws, model)] : [])];
    out.push(`--model=${candidates.find((c) => fs.existsSync(c)) ?? candidates[0]!}`);
  }
  if (listOption(values, 'tag').length === 0) out.push('--tag', 'user-model');
  return out;
}

/**
 * The bench command's own options: `--model FILE [--input-shape 1x1x64x64x64]` benchmarks
 * any ONNX model a user has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot, type ExtraOption } from '@rhenium-perf/harness';

/** Options added to the harness's bench command. */
export const USER_MODEL_OPTIONS: readonly ExtraOption[] = Object.freeze([
  { flag: '--model', valueName: 'FILE', description: 'benchmark this ONNX model instead of the zoo (selects --tag user-model)' },
  { flag: '--input-shape', valueName: 'SHAPE', description: 'input shape for --model, e.g. 1x1x64x64x64 (default: from the model)' },
]);

/**
 * With `--model`, run only the user-model case (unless tags were given) and make the path
 * absolute: relative to the current folder, else to the workspace root (Nx runs the target
 * from the package folder).
 */
export function userModelArgs(argv: readonly string[], cwd: string = process.cwd()): string[] {
  const out = [...argv];
  const i = out.findIndex((a) => a === '--model' || a.startsWith('--model='));
  if (i < 0) return out;
  const inline = out[i]!.startsWith('--model=');
  const value = inline ? out[i]!.slice('--model='.length) : out[i + 1];
  if (value && !value.startsWith('--')) {
    const ws = findWorkspaceRoot(cwd);
    const candidates = [path.resolve(cwd, value), ...(ws ? [path.resolve(ws, value)] : [])];
    const found = candidates.find((c) => fs.existsSync(c)) ?? candidates[0]!;
    if (inline) out[i] = `--model=${found}`;
    else out[i + 1] = found;
  }
  if (!out.some((a) => a === '--tag' || a.startsWith('--tag='))) out.push('--tag', 'user-model');
  return out;
}

/**
 * The optional on-disk cache: a zoo model as an .onnx file, for tools that want a path
 * (onnxruntime sessions from a file, the `--model` option, other processes).
 *
 * Files are named `<name>-<sha256 first 16>.onnx` in RPERF_ONNX_MODELS_CACHE_DIR, else in
 * `<os tmpdir>/rhenium-perf-onnx-models`. A file that exists is checked against the sha256
 * before use; writes go through a temporary file and a rename, so concurrent processes
 * never see half a model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OnnxModelsError } from './errors';
import { modelCacheDir } from './model-store';
import { sha256Hex } from './sha256';
import type { ZooModelName, ZooModelOptions } from './types';
import { getModel } from './zoo';

export { modelCacheDir };

/**
 * Path of a zoo model's .onnx file, written on first use.
 * @example modelFile('unet3d') // '/tmp/rhenium-perf-onnx-models/unet3d-1a2b3c4d5e6f7a8b.onnx'
 */
export function modelFile<K extends ZooModelName>(name: K, options: ZooModelOptions[K] = {} as ZooModelOptions[K], dir: string = modelCacheDir()): string {
  const m = getModel(name, options);
  const file = path.join(dir, `${name}-${m.sha256.slice(0, 16)}.onnx`);
  if (fs.existsSync(file)) {
    const got = sha256Hex(fs.readFileSync(file));
    if (got === m.sha256) return file;
    throw new OnnxModelsError(
      'RPERF_ONNX_CACHE_CORRUPT',
      `${file} has sha256 ${got}, expected ${m.sha256}; delete the file (or the folder ${dir}) and it will be rebuilt`,
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, m.bytes);
  fs.renameSync(tmp, file);
  return file;
}

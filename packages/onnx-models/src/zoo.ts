/**
 * The model zoo: every model by name, built deterministically from its options on first use
 * and cached in memory (built once per process; a few to a few hundred milliseconds).
 *
 * Models are never committed as binaries nor downloaded: the bytes are a function of the
 * builder code and the options (seed included), and their sha256 identifies them in results.
 */
import { OnnxModelsError } from './errors';
import { ONNX_IR_VERSION, ONNX_OPSET } from './defaults';
import { buildClassifier3d } from './models/classifier3d';
import type { ArchitectureBuild } from './models/common';
import { buildDetector3d } from './models/detector3d';
import { buildDnCnn } from './models/dncnn';
import { buildSingleConv } from './models/single-conv';
import { buildSrgan2d } from './models/srgan2d';
import { buildUNet3d } from './models/unet3d';
import { sha256Hex } from './sha256';
import type { BuiltModel, ModelDescriptor, ZooModelName, ZooModelOptions } from './types';

const BUILDERS: { readonly [K in ZooModelName]: (o: ZooModelOptions[K]) => ArchitectureBuild } = {
  unet3d: buildUNet3d,
  classifier3d: buildClassifier3d,
  detector3d: buildDetector3d,
  srgan2d: buildSrgan2d,
  dncnn2d: (o) => buildDnCnn(2, o),
  dncnn3d: (o) => buildDnCnn(3, o),
  conv3d: (o) => buildSingleConv(3, o),
  conv2d: (o) => buildSingleConv(2, o),
};

/** Names of the zoo's models. */
export const ZOO_MODEL_NAMES: readonly ZooModelName[] = Object.freeze(Object.keys(BUILDERS) as ZooModelName[]);

const memory = new Map<string, BuiltModel>();

function cacheKey(name: string, options: object): string {
  // Sorted keys: { a, b } and { b, a } are the same model.
  return `${name}:${JSON.stringify(options, Object.keys(options).sort())}`;
}

/**
 * Build a model without the cache (a fresh copy of the bytes).
 * @example buildModel('conv3d').sha256 // the same hex string on every run
 */
export function buildModel<K extends ZooModelName>(name: K, options: ZooModelOptions[K] = {} as ZooModelOptions[K]): BuiltModel {
  const builder = BUILDERS[name] as ((o: ZooModelOptions[K]) => ArchitectureBuild) | undefined;
  if (!builder) {
    throw new OnnxModelsError('RPERF_ONNX_UNKNOWN_MODEL', `unknown model "${String(name)}"; the zoo has ${ZOO_MODEL_NAMES.join(', ')}`);
  }
  const b = builder(options);
  return Object.freeze({
    name,
    task: b.task,
    sha256: sha256Hex(b.bytes),
    byteLength: b.bytes.length,
    irVersion: ONNX_IR_VERSION,
    opset: ONNX_OPSET,
    parameterCount: b.parameterCount,
    inputs: b.inputs,
    outputs: b.outputs,
    spatialMultiple: b.spatialMultiple,
    config: Object.freeze({ ...b.config }),
    bytes: b.bytes,
  });
}

/**
 * A zoo model, built on first use and cached in memory for the process. Do not mutate
 * `bytes`: the cached copy is shared.
 * @example const unet = getModel('unet3d'); // unet.bytes, unet.sha256, unet.inputs[0].name === 'image'
 */
export function getModel<K extends ZooModelName>(name: K, options: ZooModelOptions[K] = {} as ZooModelOptions[K]): BuiltModel {
  const key = cacheKey(name, options);
  let m = memory.get(key);
  if (!m) {
    m = buildModel(name, options);
    memory.set(key, m);
  }
  return m;
}

/** A model's descriptor (name, sha256, inputs, outputs...) without its bytes. */
export function describeModel<K extends ZooModelName>(name: K, options: ZooModelOptions[K] = {} as ZooModelOptions[K]): ModelDescriptor {
  const { bytes: _bytes, ...descriptor } = getModel(name, options);
  return descriptor;
}

/** Forget the in-memory cache (tests of determinism). */
export function clearModelCache(): void {
  memory.clear();
}

/**
 * The model zoo: every model by name, built deterministically from its options on first use,
 * kept in memory for the process and in the persistent store (model-store.ts) for the next
 * processes: a model is built once per builder code and options, not once per process (a few
 * to a few hundred milliseconds each).
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
import { readStoredModel, modelStoreEnabled, storeModel } from './model-store';
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
/** sha256 of every model this process built or read back verified: ONNX by construction. */
const zooSha256 = new Set<string>();

/**
 * True when bytes with this sha256 were built by the zoo's builders in this process (or read
 * from the store and checked against their sha256): such bytes need no second check that
 * they are ONNX (perception-inference skips its protobuf decode for them).
 * @example isZooModel(getModel('unet3d').sha256) // true
 */
export function isZooModel(sha256: string): boolean {
  return zooSha256.has(sha256);
}

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
  const sha256 = sha256Hex(b.bytes);
  zooSha256.add(sha256);
  return Object.freeze({
    name,
    task: b.task,
    sha256,
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
 * A zoo model: from memory, else from the persistent store (checked against its sha256), else
 * built (and stored for the next processes). Do not mutate `bytes`: the cached copy is shared.
 * RPERF_ONNX_MODELS_STORE=off skips the store.
 * @example const unet = getModel('unet3d'); // unet.bytes, unet.sha256, unet.inputs[0].name === 'image'
 */
export function getModel<K extends ZooModelName>(name: K, options: ZooModelOptions[K] = {} as ZooModelOptions[K]): BuiltModel {
  const key = cacheKey(name, options);
  let m = memory.get(key);
  if (!m) {
    const store = modelStoreEnabled() && name in BUILDERS;
    m = (store ? readStoredModel(name, options) : null) ?? undefined;
    if (m) zooSha256.add(m.sha256);
    else {
      m = buildModel(name, options);
      if (store) storeModel(m, options);
    }
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

/**
 * onnxruntime sessions: one per model (bytes) and options, created once and reused.
 *
 * Graph optimisation is on ('all'), intra-op threads default to the machine's cores, one
 * inter-op thread (the graphs are sequential). Loading checks the bytes are ONNX first
 * (protobuf decode, no native call), so a wrong file is a typed error, never a crash.
 */
import fs from 'node:fs';
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { OnnxModelsError, inspectModel, isZooModel, sha256Hex, type ElemType, type TensorSpec } from '@rhenium-perf/onnx-models';
import { resolveExecutionDevice } from './device';
import { PerceptionError } from './errors';
import { disableOrtTelemetry } from './ort-env';
import type { ModelSession, SessionOptions } from './types';

// Before any session (onnxruntime reads the variable when its environment is created).
disableOrtTelemetry();

const sessions = new Map<string, Promise<ModelSession>>();

/** Read a model file, as a typed error when it is missing. */
export function readModelFile(modelPath: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(modelPath));
  } catch (err) {
    throw new PerceptionError(
      'RPERF_PERCEPTION_MODEL_UNREADABLE',
      `cannot read the model ${modelPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; expected the path of an .onnx file`,
    );
  }
}

/** Check bytes are an ONNX model and return its declared inputs and outputs (no native call). */
export function checkOnnxBytes(bytes: Uint8Array, label: string): { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] } {
  try {
    const s = inspectModel(bytes, label);
    return { inputs: s.inputs, outputs: s.outputs };
  } catch (err) {
    if (err instanceof OnnxModelsError) throw new PerceptionError('RPERF_PERCEPTION_NOT_ONNX', err.message);
    throw err;
  }
}

function specsOf(meta: readonly ort.InferenceSession.ValueMetadata[], names: readonly string[]): TensorSpec[] {
  return names.map((name, i) => {
    const m = meta[i];
    if (!m || !m.isTensor) return { name, elemType: 'float32', shape: [] };
    return { name, elemType: m.type as ElemType, shape: [...m.shape] };
  });
}

function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

async function openSession(bytes: Uint8Array, sha256: string, options: SessionOptions, label: string, threads: number): Promise<ModelSession> {
  // NOTE: the zoo's own models (known by sha256) are ONNX by construction: decoding them again
  // (protobufjs, the whole graph and its weights) cost a cold `rhenium segment` ~5% of its time.
  if (!isZooModel(sha256)) checkOnnxBytes(bytes, label);
  const device = resolveExecutionDevice(options.device ?? 'cpu');
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [...device.executionProviders] as ort.InferenceSession.ExecutionProviderConfig[],
    graphOptimizationLevel: options.graphOptimization ?? 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // Errors only: onnxruntime's warnings about unused initializers are noise in benchmark logs.
    logSeverityLevel: 3,
  };
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, sessionOptions);
  } catch (err) {
    const msg = (err as Error).message;
    if (device.device === 'cuda' && options.device === 'auto') {
      // auto: the probe said yes but the provider would not load; fall back and say why.
      const cpu = await openSession(bytes, sha256, { ...options, device: 'cpu' }, label, threads);
      return { ...cpu, deviceReason: `auto: using cpu because the CUDA execution provider failed to load (${msg})` };
    }
    if (device.device === 'cuda') throw new PerceptionError('RPERF_DEVICE_UNAVAILABLE', `--device cuda: onnxruntime could not create a CUDA session for ${label}: ${msg}`);
    throw new PerceptionError('RPERF_PERCEPTION_NOT_ONNX', `onnxruntime refused to load ${label} (${bytes.length} bytes): ${msg}`);
  }
  const inputs = specsOf(session.inputMetadata, session.inputNames);
  const outputs = specsOf(session.outputMetadata, session.outputNames);
  const key = cacheKey(sha256, options, threads);
  const ms: ModelSession = {
    session,
    sha256,
    label,
    device: device.device,
    deviceReason: device.reason,
    intraOpThreads: threads,
    inputs,
    outputs,
    run: async (feeds) => {
      try {
        return (await session.run(feeds)) as Record<string, ort.Tensor>;
      } catch (err) {
        const got = Object.entries(feeds).map(([k, t]) => `"${k}" ${t.type} [${t.dims.join(', ')}]`).join(', ');
        throw new PerceptionError(
          'RPERF_PERCEPTION_RUN_FAILED',
          `onnxruntime failed to run ${label} on ${got}: ${(err as Error).message.trim()}; the model expects ${describeInputs(inputs)}`,
        );
      }
    },
    dispose: async () => {
      sessions.delete(key);
      await session.release();
    },
  };
  return ms;
}

function cacheKey(sha256: string, options: SessionOptions, threads: number): string {
  return `${sha256}|${options.device ?? 'cpu'}|${threads}|${options.graphOptimization ?? 'all'}`;
}

/** `input "image" float32 [batch, 1, depth, height, width]`, for error messages. */
export function describeInputs(inputs: readonly TensorSpec[]): string {
  return inputs.map((i) => `input "${i.name}" ${i.elemType} [${i.shape.join(', ')}]`).join(', ');
}

/**
 * Create (or reuse) a session for a model given as bytes or as a path to an .onnx file.
 * @example const s = await createSession(getModel('unet3d').bytes, { device: 'cpu', intraOpThreads: 1 });
 */
export async function createSession(model: Uint8Array | string, options: SessionOptions = {}): Promise<ModelSession> {
  const label = options.label ?? (typeof model === 'string' ? model : 'model');
  const bytes = typeof model === 'string' ? readModelFile(model) : model;
  const threads = options.intraOpThreads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new PerceptionError('RPERF_PERCEPTION_INVALID_OPTIONS', `intraOpThreads must be an integer >= 1, received ${threads}`);
  }
  const sha256 = sha256Hex(bytes);
  if (options.reuse === false) return openSession(bytes, sha256, options, label, threads);
  const key = cacheKey(sha256, options, threads);
  let p = sessions.get(key);
  if (!p) {
    p = openSession(bytes, sha256, options, label, threads);
    sessions.set(key, p);
    p.catch(() => sessions.delete(key));
  }
  return p;
}

/** Release every cached session. */
export async function disposeSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const p of all) {
    try {
      await (await p).session.release();
    } catch {
      // a session that failed to open has nothing to release
    }
  }
}

/**
 * Bring your own model: benchmark any ONNX file's forward pass, with the input shape taken
 * from the model or given (`--input-shape 1x1x64x64x64`). Inputs are filled with seeded
 * values of the element type the model declares.
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { createRng } from '@rhenium-perf/fixtures';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a case's state type is private to it
import { defineBench, expectQuality, type BenchCase } from '@rhenium-perf/harness';
import type { TensorSpec } from '@rhenium-perf/onnx-models';
import { DEFAULT_USER_RUNS, DEFAULT_USER_WARMUP_RUNS } from './defaults';
import { PerceptionError } from './errors';
import { checkOnnxBytes, createSession, describeInputs, readModelFile } from './session';
import type { DeviceRequest } from './types';
import { compareWithUserModelReference, userModelReference, type UserModelReference } from './user-model-reference';

/**
 * Parse `1x1x64x64x64` (also `1,1,64,64,64`) into dims.
 * @example parseInputShape('1x1x64x64x64') // [1, 1, 64, 64, 64]
 */
export function parseInputShape(text: string | readonly number[]): number[] {
  const dims = typeof text === 'string' ? text.trim().split(/[x,×\s]+/i).filter(Boolean).map(Number) : [...text];
  if (dims.length === 0 || !dims.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new PerceptionError('RPERF_PERCEPTION_INVALID_OPTIONS', `--input-shape must be positive integers joined by x (e.g. 1x1x64x64x64), received ${JSON.stringify(text)}`);
  }
  return dims;
}

/** One feed: the input's spec and the concrete dims it is fed with. */
export interface ResolvedFeed {
  readonly spec: TensorSpec;
  readonly dims: readonly number[];
}

/**
 * Concrete shapes for every input: `inputShape` for the first input (checked against its
 * rank and fixed dims), the declared shape for the others (which must be fixed).
 */
export function resolveFeeds(inputs: readonly TensorSpec[], label: string, inputShape?: string | readonly number[]): ResolvedFeed[] {
  const expected = describeInputs(inputs);
  if (inputs.length === 0) throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `${label} declares no input to feed`);
  const given = inputShape === undefined ? undefined : parseInputShape(inputShape);
  return inputs.map((spec, i) => {
    if (i === 0 && given) {
      const bad = given.length !== spec.shape.length ? `rank ${given.length}, expected rank ${spec.shape.length}` : spec.shape.map((d, k) => (typeof d === 'number' && d !== given[k] ? `dim ${k} is ${given[k]}, expected ${d}` : null)).filter(Boolean).join('; ');
      if (bad) {
        throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `${label} expects ${expected}; --input-shape ${given.join('x')} does not fit "${spec.name}": ${bad}`);
      }
      return { spec, dims: given };
    }
    const dynamic = spec.shape.filter((d) => typeof d !== 'number');
    if (dynamic.length > 0) {
      throw new PerceptionError(
        'RPERF_PERCEPTION_INPUT_MISMATCH',
        `${label} expects ${expected}; "${spec.name}" has dynamic dims (${dynamic.join(', ')})${i === 0 ? ': give them with --input-shape, e.g. ' + spec.shape.map((d, k) => (typeof d === 'number' ? d : k === 0 ? 1 : 64)).join('x') : ' and only the first input can be given a shape'}`,
      );
    }
    return { spec, dims: spec.shape as number[] };
  });
}

/** A seeded tensor of the input's element type. */
export function makeFeed(feed: ResolvedFeed, seed: number): ort.Tensor {
  const n = feed.dims.reduce((a, b) => a * b, 1);
  const rng = createRng(seed);
  const t = feed.spec.elemType;
  switch (t) {
    case 'float32':
      return new ort.Tensor('float32', rng.fillUniform(new Float32Array(n)), feed.dims);
    case 'float64':
      return new ort.Tensor('float64', rng.fillUniform(new Float64Array(n)), feed.dims);
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from({ length: n }, () => rng.int(8)), feed.dims);
    case 'int64':
      return new ort.Tensor('int64', BigInt64Array.from({ length: n }, () => BigInt(rng.int(8))), feed.dims);
    case 'uint8':
      return new ort.Tensor('uint8', Uint8Array.from({ length: n }, () => rng.int(256)), feed.dims);
    case 'int8':
      return new ort.Tensor('int8', Int8Array.from({ length: n }, () => rng.int(256) - 128), feed.dims);
    case 'uint16':
      return new ort.Tensor('uint16', Uint16Array.from({ length: n }, () => rng.int(4096)), feed.dims);
    case 'int16':
      return new ort.Tensor('int16', Int16Array.from({ length: n }, () => rng.int(4096) - 2048), feed.dims);
    case 'bool':
      return new ort.Tensor('bool', Uint8Array.from({ length: n }, () => rng.int(2)), feed.dims);
    default:
      throw new PerceptionError('RPERF_PERCEPTION_INPUT_MISMATCH', `input "${feed.spec.name}" has element type ${t}, which the benchmark cannot fill; supported: float32, float64, int8/16/32/64, uint8/16, bool`);
  }
}

/** Options of `benchmarkOnnxModel`. */
export interface BenchmarkOnnxModelOptions {
  modelPath: string;
  /** Shape of the first input, `1x1x64x64x64` or an array; required when it has dynamic dims. */
  inputShape?: string | readonly number[];
  device?: DeviceRequest;
  intraOpThreads?: number;
  warmupRuns?: number;
  runs?: number;
}

/** What `benchmarkOnnxModel` measured. */
export interface OnnxModelBenchmark {
  readonly modelPath: string;
  readonly sha256: string;
  readonly inputs: readonly TensorSpec[];
  readonly feeds: readonly { readonly name: string; readonly dims: readonly number[]; readonly elemType: string }[];
  readonly outputs: readonly { readonly name: string; readonly dims: readonly number[]; readonly elemType: string }[];
  readonly device: 'cpu' | 'cuda';
  readonly deviceReason: string | null;
  readonly intraOpThreads: number;
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
}

/**
 * Time a user's model: load, feed seeded inputs, warm up, time `runs` forward passes.
 * @example await benchmarkOnnxModel({ modelPath: 'model.onnx', inputShape: '1x1x64x64x64' }) // { medianMs, sha256, ... }
 */
export async function benchmarkOnnxModel(options: BenchmarkOnnxModelOptions): Promise<OnnxModelBenchmark> {
  const bytes = readModelFile(options.modelPath);
  const { inputs } = checkOnnxBytes(bytes, options.modelPath);
  const feedsSpec = resolveFeeds(inputs, options.modelPath, options.inputShape);
  const s = await createSession(bytes, { device: options.device ?? 'cpu', intraOpThreads: options.intraOpThreads, label: options.modelPath, reuse: false });
  try {
    const feeds = Object.fromEntries(feedsSpec.map((f, i) => [f.spec.name, makeFeed(f, 1 + i)]));
    let out = await s.run(feeds);
    for (let w = 1; w < (options.warmupRuns ?? DEFAULT_USER_WARMUP_RUNS); w++) out = await s.run(feeds);
    const samplesMs: number[] = [];
    for (let r = 0; r < (options.runs ?? DEFAULT_USER_RUNS); r++) {
      const t0 = performance.now();
      out = await s.run(feeds);
      samplesMs.push(performance.now() - t0);
    }
    const sorted = [...samplesMs].sort((a, b) => a - b);
    return {
      modelPath: options.modelPath,
      sha256: s.sha256,
      inputs,
      feeds: feedsSpec.map((f) => ({ name: f.spec.name, dims: f.dims, elemType: f.spec.elemType })),
      outputs: Object.entries(out).map(([name, t]) => ({ name, dims: t.dims, elemType: t.type })),
      device: s.device,
      deviceReason: s.deviceReason,
      intraOpThreads: s.intraOpThreads,
      samplesMs,
      medianMs: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : NaN,
      minMs: sorted[0] ?? NaN,
    };
  } finally {
    await s.dispose();
  }
}

function bytesOf(t: ort.Tensor): Buffer {
  const d = t.data as ArrayBufferView;
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

/** The reference forward pass of a model (`bytes`, its `sha256`) on feeds, or why there is none (`userModelReference`, or a shared copy of it). */
export type UserModelReferenceOf = (bytes: Uint8Array, sha256: string, feeds: Readonly<Record<string, ort.Tensor>>) => UserModelReference | Promise<UserModelReference>;

/**
 * The benchmark case of a user's model (`--model path [--input-shape 1x1x64x64x64]`). Reads
 * and checks the model now, so a wrong file or shape fails before anything runs.
 * @example userModelCases('model.onnx', '1x1x64x64x64') // [case 'perception_user_model_model']
 */
export function userModelCases(modelPath: string, inputShape?: string | readonly number[], options: { referenceOf?: UserModelReferenceOf } = {}): BenchCase<any, any>[] {
  const referenceOf: UserModelReferenceOf = options.referenceOf ?? ((b, _sha256, feeds) => userModelReference(b, feeds));
  const bytes = readModelFile(modelPath);
  const { inputs } = checkOnnxBytes(bytes, modelPath);
  const feedsSpec = resolveFeeds(inputs, modelPath, inputShape);
  const stem = path.basename(modelPath).replace(/\.onnx$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'model';
  type State = { run: (f: Record<string, ort.Tensor>) => Promise<Record<string, ort.Tensor>>; feeds: Record<string, ort.Tensor>; sha256: string; dispose: () => Promise<void> };
  return [
    defineBench<State, Record<string, ort.Tensor>>({
      id: `perception_user_model_${stem}`,
      category: 'perception_inference',
      task: 'user_model_forward',
      modality: null,
      inputShape: feedsSpec[0]!.dims,
      dtype: feedsSpec[0]!.spec.elemType,
      tags: ['smoke', 'full', 'user-model'],
      params: { model: path.basename(modelPath) },
      setup: async (ctx) => {
        const s = await createSession(bytes, { device: ctx.device, label: modelPath, reuse: false });
        ctx.record('model_path', modelPath);
        ctx.record('model_sha256', s.sha256);
        ctx.record('intra_op_threads', s.intraOpThreads);
        ctx.record('model_inputs', inputs.map((i) => ({ name: i.name, elemType: i.elemType, shape: i.shape })));
        ctx.record('feed_shapes', Object.fromEntries(feedsSpec.map((f) => [f.spec.name, f.dims])));
        return { run: s.run, feeds: Object.fromEntries(feedsSpec.map((f, i) => [f.spec.name, makeFeed(f, 1 + i)])), sha256: s.sha256, dispose: s.dispose };
      },
      run: (s, ctx) => ctx.stage('session_run', () => s.run(s.feeds)),
      verify: async (s, out, ctx) => {
        const again = await s.run(s.feeds);
        let differing = 0;
        for (const [k, t] of Object.entries(out)) if (!again[k] || !bytesOf(t).equals(bytesOf(again[k]!))) differing++;
        ctx.record('output_shapes', Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.dims])));
        // Independent: onnxruntime vs the TypeScript reference forward pass, when it can run this
        // graph (the bench shares the reference within a run; the comparison is this process's).
        const reference = compareWithUserModelReference(await referenceOf(bytes, s.sha256, s.feeds), out);
        ctx.record('reference_check', reference.skipped ?? 'compared');
        return {
          outputs_differing_between_runs: expectQuality('outputs_differing_between_runs', differing, { max: 0, unit: 'outputs' }),
          ...reference.figures,
        };
      },
      teardown: (s) => s.dispose(),
    }),
  ];
}

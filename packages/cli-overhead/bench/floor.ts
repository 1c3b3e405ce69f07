/**
 * The floor of a cold `rhenium segment` (issue #17: each row needs "a measured physical
 * bound"): `bench/floor-segment.cjs` run as a cold process, which requires onnxruntime-node,
 * creates a session on the tool's own U-Net file with the tool's session options, runs it once
 * on the tool's input shape, releases it and exits — none of our code. The case
 * `cli_segment_process_ct_tiny_vs_floor` alternates it with the real `rhenium segment`
 * (the harness's `alternatedPairs`), so the two sides see the same load; the figures are the
 * medians of the floor's times and of the per-pair differences and ratios.
 *
 * NOTE: the model file is the one onnx-models' store holds for the tool
 * (`modelFile('unet3d')`: content-addressed `<name>-<sha256>.onnx`, the bytes
 * `getModel('unet3d')` reads in the tool). onnx-models is loaded as the built tool loads it at
 * run time (it stays outside the tool's bundle, tsup.config.ts): resolved from dist/rhenium.js,
 * its `import` entry — also from the sources (tests), whose own copy would key the store on the
 * sources' code and could read other bytes. Imported on first use, so only this case pays for it.
 */
import os from 'node:os';
import { join } from 'node:path';
import { check, importPackageFrom } from '@rhenium-perf/harness';
import { FLOOR_PAIRS_FULL, FLOOR_PAIRS_SMOKE } from '../src/defaults';
import { builtBin, cliPackageRoot, timedSpawn } from './support';

/** Zoo model of the pipeline (`DEFAULT_MODEL_NAME` of e2e-core-model) and its options in the tool (none). */
const MODEL_NAME = 'unet3d';

/** What the floor process is given: the tool's model file and input, and the session's threads. */
export interface FloorSpec {
  /** Absolute path of the U-Net's .onnx file in onnx-models' store. */
  readonly model: string;
  readonly sha256: string;
  /** Spatial shape of the network input [D, H, W] the tool feeds for the volume. */
  readonly spatial: readonly [number, number, number];
  readonly classes: number;
  /** onnxruntime intra-op threads: the tool's default, the machine's cores (perception-inference `defaultThreads`). */
  readonly threads: number;
}

/** Absolute path of the floor script (shipped in the package's `bench/`, beside the sources). */
export function floorScript(): string {
  return join(cliPackageRoot(), 'bench', 'floor-segment.cjs');
}

type OnnxModels = typeof import('@rhenium-perf/onnx-models');

/** onnx-models as the built `rhenium` loads it: resolved from dist/rhenium.js, its `import` entry. */
const toolOnnxModels = (): Promise<OnnxModels> => importPackageFrom<OnnxModels>(builtBin(), '@rhenium-perf/onnx-models');

/**
 * The floor's inputs for a volume of `shape` (D, H, W): the U-Net file the tool reads, and the
 * patch the tool feeds (each side rounded up to the model's spatial multiple, perception-inference
 * `defaultPatchSize`; the volumes here are below its largest patch).
 */
export async function floorSpec(shape: readonly [number, number, number]): Promise<FloorSpec> {
  const models = await toolOnnxModels();
  const built = models.getModel(MODEL_NAME);
  const model = models.modelFile(MODEL_NAME);
  const m = built.spatialMultiple;
  const classes = Number(built.outputs[0]?.shape[1]);
  check(Number.isInteger(classes) && classes > 0, `the ${MODEL_NAME} output has no class dimension (outputs ${JSON.stringify(built.outputs)})`);
  const spatial = shape.map((n) => Math.ceil(n / m) * m) as [number, number, number];
  const threads = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return { model, sha256: built.sha256, spatial, classes, threads };
}

/** The floor process's command line (after `node`). */
export function floorArgs(spec: FloorSpec): string[] {
  return [floorScript(), spec.model, spec.spatial.join('x'), String(spec.threads), String(spec.classes)];
}

/**
 * Spawn the floor once and check what it printed (a floor that did not run the model must fail
 * the case: a non-zero exit throws with its stderr, a wrong line fails here). Returns its wall time, ms.
 */
export async function timeFloor(spec: FloorSpec): Promise<number> {
  const r = await timedSpawn(floorArgs(spec));
  let line: { output?: unknown; dims?: unknown; finite?: unknown };
  try {
    line = JSON.parse(r.stdout) as typeof line;
  } catch {
    throw new Error(`the floor process printed ${JSON.stringify(r.stdout.slice(0, 200))}, expected one JSON line; stderr: ${r.stderr.slice(0, 500)}`);
  }
  const expected = [1, spec.classes, ...spec.spatial];
  check(Array.isArray(line.dims) && line.dims.join() === expected.join(), `the floor process's output has dims ${JSON.stringify(line.dims)}, expected [${expected.join(', ')}]`);
  check(line.finite === true, 'the floor process reported a non-finite output');
  return r.ms;
}

/** Pairs per process by mode: one in a smoke (or test) run, else FLOOR_PAIRS_FULL. */
export const floorPairCount = (mode: string): number => (mode === 'smoke' ? FLOOR_PAIRS_SMOKE : FLOOR_PAIRS_FULL);

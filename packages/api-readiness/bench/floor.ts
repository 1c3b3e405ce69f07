/**
 * The floor of the API's time to ready (issue #17: each row needs "a measured physical
 * bound"), the case `api_time_to_ready_vs_floor`: `bench/floor-ready.cjs` started as a cold process, which
 * requires onnxruntime-node, creates a session on the server's own U-Net file with the
 * server's session options and then answers `/ready` 200 from a bare `node:http` server —
 * none of our code. The case alternates it with the real server (the harness's `alternatedPairs`), both
 * measured by the same spawn -> listening line -> `/ready` 200 polling (`startServerProcess`).
 * (Not a bench module itself: the runner only loads `*.bench.ts`.)
 *
 * NOTE: the model file is the one onnx-models' store holds for the server's pipeline
 * (`modelFile('unet3d')`: content-addressed `<name>-<sha256>.onnx`, the bytes the model worker
 * reads through e2e-core-model's `getModel('unet3d')`). onnx-models is loaded the way the
 * server loads it: resolved from e2e-core-model's folder, its `import` entry from a build, its
 * sources when the server runs from the sources (tests), whose copy keys the store on the
 * sources' code. The bench checks that the real server reports the same sha256.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { check, importPackageFrom } from '@rhenium-perf/harness';
import { FLOOR_PAIRS_FULL, FLOOR_PAIRS_SMOKE } from '../src/defaults';
import { httpRequest, jsonOf, packageRoot, serverEntry, startServerProcess, type ServerEntry } from '../src/client';

/** Zoo model of the pipeline (`DEFAULT_MODEL_NAME` of e2e-core-model); the server passes no options. */
const MODEL_NAME = 'unet3d';

type OnnxModels = typeof import('@rhenium-perf/onnx-models');

/** The server's U-Net file and its sha256. */
export interface FloorModel {
  readonly model: string;
  readonly sha256: string;
}

/** onnx-models as the server's pipeline loads it (see the NOTE above). */
function serverOnnxModels(fromSource: boolean): Promise<OnnxModels> {
  const e2e = createRequire(join(packageRoot(), 'package.json')).resolve('@rhenium-perf/e2e-core-model/package.json');
  return importPackageFrom<OnnxModels>(e2e, '@rhenium-perf/onnx-models', fromSource ? '@rhenium-perf/source' : 'import');
}

/** The U-Net file the server reads (built and stored first if no process has yet). */
export async function floorModel(fromSource: boolean = serverEntry().fromSource): Promise<FloorModel> {
  const models = await serverOnnxModels(fromSource);
  return { model: models.modelFile(MODEL_NAME), sha256: models.getModel(MODEL_NAME).sha256 };
}

/** How to start the floor: `node bench/floor-ready.cjs` from the package root (the script is shipped in `bench/`). */
export function floorEntry(): ServerEntry {
  return { command: process.execPath, args: ['bench/floor-ready.cjs'], cwd: packageRoot(), fromSource: false };
}

/** The floor's arguments: the model file and the server's intra-op threads. */
export const floorArgs = (m: FloorModel, threads: number): string[] => [m.model, String(threads)];

/**
 * Start the floor, wait for `/ready` 200 as for the server, check its answer (the session's
 * input and output names) and kill it. Returns ms from spawn to ready. A floor that fails to
 * start or to load the model throws (and fails the case).
 */
export async function timeFloorReady(m: FloorModel, threads: number): Promise<number> {
  const floor = await startServerProcess({ entry: floorEntry(), args: floorArgs(m, threads) });
  try {
    const ms = await floor.waitReady();
    const a = await httpRequest(floor.url + '/ready');
    check(a.status === 200, `the floor's /ready answered ${a.status} after answering 200`);
    const body = jsonOf<{ status?: unknown; inputs?: unknown; outputs?: unknown }>(a);
    check(body.status === 'ready' && JSON.stringify(body.inputs) === '["image"]' && JSON.stringify(body.outputs) === '["probabilities"]', `the floor's /ready answered ${JSON.stringify(body)}, expected the U-Net's session (inputs ["image"], outputs ["probabilities"])`);
    return ms;
  } finally {
    await floor.stop('SIGKILL');
  }
}

/** Pairs per process by mode: one in a smoke (or test) run, else FLOOR_PAIRS_FULL. */
export const floorPairCount = (mode: string): number => (mode === 'smoke' ? FLOOR_PAIRS_SMOKE : FLOOR_PAIRS_FULL);

/**
 * `defineBench` and `sweep`: how a package declares its benchmark cases.
 */
import { CATEGORY_IDS } from '@rhenium-perf/schema';
import { HarnessError } from './errors';
import { BENCH_BRAND, type BenchCase, type BenchDefinition, type BenchParams } from './types';

const ID_PATTERN = /^[a-z0-9][a-z0-9_]*$/;
const TAG_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * Declare one benchmark case. Checks the declaration (id, category, tags, counts) and
 * returns it frozen and branded so the runner can find it among a module's exports.
 *
 * @example
 * export default defineBench({
 *   id: 'recon_mri_zf_256_c1', category: 'reconstruction_mri', task: 'zero_filled',
 *   modality: 'MRI', inputShape: [256, 256], dtype: 'complex64', tags: ['smoke', 'full'],
 *   setup: () => makeKspace(256), run: (k) => reconstruct(k), verify: (k, img) => check(img),
 * });
 */
export function defineBench<State, Output>(def: BenchDefinition<State, Output>): BenchCase<State, Output> {
  const where = `defineBench(${JSON.stringify(def?.id)})`;
  if (typeof def?.id !== 'string' || !ID_PATTERN.test(def.id)) {
    throw new HarnessError('RPERF_BENCH_INVALID', `${where}: id must be lower snake case ([a-z0-9_]), e.g. "recon_ct_fbp_ramp_256_a180"`);
  }
  if (!(CATEGORY_IDS as readonly string[]).includes(def.category)) {
    throw new HarnessError('RPERF_BENCH_INVALID', `${where}: category "${def.category}" is not one of ${CATEGORY_IDS.join(', ')}`);
  }
  if (!Array.isArray(def.tags) || def.tags.length === 0 || !def.tags.every((t) => TAG_PATTERN.test(t))) {
    throw new HarnessError('RPERF_BENCH_INVALID', `${where}: tags must be a non-empty array of lower-case words (smoke, full, gpu, stress)`);
  }
  if (!Array.isArray(def.inputShape) || !def.inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new HarnessError('RPERF_BENCH_INVALID', `${where}: inputShape must be an array of positive integers, received ${JSON.stringify(def.inputShape)}`);
  }
  for (const k of ['warmupRunsPerProcess', 'measuredRunsPerProcess', 'processes', 'timeoutMs', 'itemsPerRun', 'voxelsPerItem'] as const) {
    const v = def[k];
    const min = k === 'warmupRunsPerProcess' || k === 'voxelsPerItem' ? 0 : 1;
    if (v !== undefined && (!Number.isFinite(v) || v < min)) {
      throw new HarnessError('RPERF_BENCH_INVALID', `${where}: ${k} must be a number >= ${min}, received ${v}`);
    }
  }
  for (const legacy of ['voxels', 'warmupRuns', 'measurementRuns']) {
    if (legacy in def) {
      throw new HarnessError('RPERF_BENCH_INVALID', `${where}: "${legacy}" was renamed (voxels -> voxelsPerItem, warmupRuns -> warmupRunsPerProcess, measurementRuns -> measuredRunsPerProcess)`);
    }
  }
  if (def.exclusive !== undefined && typeof def.exclusive !== 'boolean') {
    throw new HarnessError('RPERF_BENCH_INVALID', `${where}: exclusive must be true or false, received ${JSON.stringify(def.exclusive)}`);
  }
  checkVoxels(def, where);
  for (const k of ['setup', 'run', 'verify'] as const) {
    if (typeof def[k] !== 'function') throw new HarnessError('RPERF_BENCH_INVALID', `${where}: ${k} must be a function`);
  }
  return Object.freeze({ ...def, params: Object.freeze({ ...(def.params ?? {}) }), [BENCH_BRAND]: true as const });
}

/**
 * voxels/s = itemsPerRun x voxelsPerItem / latency: the count must be that of one item of the
 * shape it counts (the input, or with `voxelsCounted: 'output'` the output), so a case cannot
 * count a whole stack per item.
 */
function checkVoxels(def: BenchDefinition<unknown, unknown>, where: string): void {
  if (def.voxelsCounted !== undefined && def.voxelsCounted !== 'input' && def.voxelsCounted !== 'output') {
    throw new HarnessError('RPERF_BENCH_INVALID', `${where}: voxelsCounted must be "input" or "output", received ${JSON.stringify(def.voxelsCounted)}`);
  }
  if (def.outputShape !== undefined && !(Array.isArray(def.outputShape) && def.outputShape.every((d) => Number.isInteger(d) && d >= 1))) {
    throw new HarnessError('RPERF_BENCH_INVALID', `${where}: outputShape must be an array of positive integers, received ${JSON.stringify(def.outputShape)}`);
  }
  const counted = def.voxelsCounted === 'output' ? def.outputShape : def.inputShape;
  if (counted === undefined) {
    throw new HarnessError('RPERF_BENCH_INVALID', `${where}: voxelsCounted "output" needs outputShape (the shape of one output item)`);
  }
  const count = counted.reduce((a, b) => a * b, 1);
  if (def.voxelsPerItem !== undefined && def.voxelsPerItem !== count) {
    throw new HarnessError(
      'RPERF_BENCH_INVALID',
      `${where}: voxelsPerItem ${def.voxelsPerItem} is not the element count ${count} of one ${def.voxelsCounted ?? 'input'} item ${JSON.stringify(counted)}; ` +
        'give the shape of ONE item (itemsPerRun counts the items of a run)',
    );
  }
}

/** A grid of parameter values: `{ size: [128, 256], angles: [180, 360] }`. */
export type ParamGrid = Readonly<Record<string, readonly (string | number | boolean)[]>>;

/** The cartesian product of a grid, in the order the keys and values are given. */
export function expandGrid<G extends ParamGrid>(grid: G): { [K in keyof G]: G[K][number] }[] {
  let rows: Record<string, string | number | boolean>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    if (values.length === 0) throw new HarnessError('RPERF_BENCH_INVALID', `sweep: parameter "${key}" has no values`);
    rows = rows.flatMap((row) => values.map((v) => ({ ...row, [key]: v })));
  }
  return rows as { [K in keyof G]: G[K][number] }[];
}

/**
 * A parameter sweep: one case per point of the grid. `make` receives the point and returns
 * the definition; its `params` are set to the point, and every id must be distinct and
 * contain each parameter's value, so a case's id names its parameters.
 *
 * @example sweep({ size: [128, 256] }, (p) => ({ id: `recon_ct_fbp_${p.size}`, ... }))
 */
export function sweep<G extends ParamGrid, State, Output>(
  grid: G,
  make: (p: { [K in keyof G]: G[K][number] }) => BenchDefinition<State, Output>,
): BenchCase<State, Output>[] {
  const seen = new Set<string>();
  return expandGrid(grid).map((p) => {
    const def = make(p);
    const c = defineBench({ ...def, params: { ...(def.params ?? {}), ...(p as BenchParams) } });
    if (seen.has(c.id)) throw new HarnessError('RPERF_BENCH_INVALID', `sweep: two cases share the id "${c.id}"; include every parameter in the id`);
    for (const [k, v] of Object.entries(p)) {
      const token = String(v).toLowerCase().replace(/[^a-z0-9]+/g, '_');
      if (!c.id.includes(token)) {
        throw new HarnessError('RPERF_BENCH_INVALID', `sweep: id "${c.id}" does not name parameter ${k}=${String(v)}`);
      }
    }
    seen.add(c.id);
    return c;
  });
}

/** True for objects made by `defineBench`. */
export function isBenchCase(x: unknown): x is BenchCase {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BENCH_BRAND] === true;
}

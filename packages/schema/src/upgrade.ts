/**
 * Reading documents of an older minor version: a 1.0.x results file or report is brought to
 * the current shape before validation, so baselines and history made before 1.1 stay
 * comparable. What 1.0 did not record is filled with what it meant then.
 *
 * 1.0 -> 1.1: `warmup_runs` (summed over processes) -> `warmup_runs_per_process`;
 * `voxels` -> `voxels_per_item` (counted on the input); `process_batch_sizes` from the one
 * `batch_size` 1.0 imposed on every process; `targets` empty (1.0 mixed them into quality);
 * each package summary gets the report's environment; `ab` null.
 *
 * 1.1 -> 1.2: `model` (which held the suite version, git commit and config hash, not a
 * network) is renamed `source`.
 */

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function upgradeBenchmark(b: Obj): Obj {
  if (!('voxels' in b) || 'voxels_per_item' in b) return b;
  const { voxels, warmup_runs, ...rest } = b;
  const processes = Array.isArray(b.process_samples) ? Math.max(1, b.process_samples.length) : 1;
  return {
    ...rest,
    warmup_runs_per_process: Math.round(Number(warmup_runs ?? 0) / processes),
    process_batch_sizes: Array.isArray(b.process_samples) ? b.process_samples.map(() => b.batch_size) : [],
    voxels_per_item: voxels,
    voxels_counted: 'input',
    targets: {},
  };
}

/** 1.0.x -> 1.1.0. */
function from10(doc: Obj): Obj {
  const out: Obj = { ...doc, schema_version: '1.1.0' };
  if (Array.isArray(doc.benchmarks)) out.benchmarks = doc.benchmarks.map((b) => (isObj(b) ? upgradeBenchmark(b) : b));
  if (doc.kind === 'report') {
    if (Array.isArray(doc.packages)) out.packages = doc.packages.map((p) => (isObj(p) && !('environment' in p) ? { ...p, environment: doc.environment } : p));
    if (!('ab' in doc)) out.ab = null;
  }
  return out;
}

/** 1.1.x -> 1.2.0. */
function from11(doc: Obj): Obj {
  const { model, ...rest } = doc;
  return 'source' in doc || !('model' in doc) ? { ...doc, schema_version: '1.2.0' } : { ...rest, schema_version: '1.2.0', source: model };
}

/**
 * A copy of `doc` in the current minor version when it is a 1.0.x or 1.1.x document;
 * anything else is returned unchanged (validation reports what is wrong with it).
 */
export function upgradeDocument(doc: unknown): unknown {
  if (!isObj(doc) || typeof doc.schema_version !== 'string') return doc;
  let out: Obj = doc;
  if (/^1\.0\.\d+$/.test(String(out.schema_version))) out = from10(out);
  if (/^1\.1\.\d+$/.test(String(out.schema_version))) out = from11(out);
  return out;
}

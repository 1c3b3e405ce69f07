/**
 * Listing a package's cases for an orchestrator (`rhenium-perf ab`): ids, files, tags and
 * process counts, answered by the child entry of the package's own harness.
 */
import { findBenchFiles, loadBenchCases } from './discover';
import type { CaseDescriptor, ListedCase, ListRequest } from './protocol';
import { runCounts } from './run-counts';
import { selectCases } from './runner';
import type { BenchCase } from './types';

/** The data fields of `c`, JSON-safe (undefined fields dropped, arrays copied). */
function descriptorOf(c: BenchCase): CaseDescriptor {
  const d: CaseDescriptor = {
    id: c.id, category: c.category, task: c.task, modality: c.modality ?? null, inputShape: [...c.inputShape], dtype: c.dtype, tags: [...c.tags],
  };
  if (c.outputShape) d.outputShape = [...c.outputShape];
  if (c.voxelsCounted) d.voxelsCounted = c.voxelsCounted;
  if (c.voxelsPerItem !== undefined) d.voxelsPerItem = c.voxelsPerItem;
  if (c.itemsPerRun !== undefined) d.itemsPerRun = c.itemsPerRun;
  if (c.params) d.params = { ...c.params };
  if (c.timeoutMs !== undefined) d.timeoutMs = c.timeoutMs;
  return d;
}

/** The cases of `req.root` that `req` selects. */
export async function listCases(req: Omit<ListRequest, 'type'>): Promise<ListedCase[]> {
  const located = await loadBenchCases(findBenchFiles(req.root, req.fromSource));
  const selected = selectCases(located, { mode: req.mode, tags: req.tags, filter: req.filter ? new RegExp(req.filter) : null });
  return selected.map(({ file, benchCase: c }) => ({
    id: c.id,
    file,
    tags: [...c.tags],
    processes: runCounts(c, req.mode).processes,
    timeoutMs: c.timeoutMs ?? null,
    descriptor: descriptorOf(c),
  }));
}

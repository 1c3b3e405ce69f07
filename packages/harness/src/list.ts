/**
 * Listing a package's cases for an orchestrator (`rhenium-perf ab`): ids, files, tags and
 * process counts, answered by the child entry of the package's own harness.
 */
import { findBenchFiles, loadBenchCases } from './discover';
import type { CaseDescriptor, ListedCase, ListRequest } from './protocol';
import { runCounts } from './run-counts';
import { selectCases } from './runner';

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
    descriptor: JSON.parse(
      JSON.stringify({
        id: c.id, category: c.category, task: c.task, modality: c.modality ?? null, inputShape: c.inputShape, outputShape: c.outputShape,
        dtype: c.dtype, voxelsCounted: c.voxelsCounted, voxelsPerItem: c.voxelsPerItem, itemsPerRun: c.itemsPerRun, tags: c.tags,
        params: c.params, timeoutMs: c.timeoutMs,
      }),
    ) as CaseDescriptor,
  }));
}

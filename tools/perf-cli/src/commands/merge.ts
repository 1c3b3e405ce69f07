/**
 * `rhenium-perf merge`: merge per-package results files into a report.
 */
import path from 'node:path';
import { findWorkspaceRoot, writeJsonAtomic } from '@rhenium-perf/harness';
import type { MergeArgs } from '../args';
import { DEFAULT_OUTPUT_DIR, PACKAGE_RESULTS_DIR, REPORT_FILE } from '../defaults';
import { listResultsFiles, mergeResults, readResultsFile } from '../merge';
import { summaryLines } from '../summary';
import { ensureWritableDir, type CliIo } from './io';

export function commandMerge(args: MergeArgs, io: CliIo): number {
  const ws = findWorkspaceRoot(io.cwd) ?? io.cwd;
  const files = args.files.length > 0 ? args.files.map((f) => path.resolve(io.cwd, f)) : listResultsFiles(path.resolve(io.cwd, args.inputDir ?? path.join(ws, PACKAGE_RESULTS_DIR)));
  const docs = files.map(readResultsFile);
  const report = mergeResults(docs, { allowEnvMismatch: args.allowEnvMismatch });
  const out = path.resolve(io.cwd, args.output ?? path.join(ws, DEFAULT_OUTPUT_DIR, REPORT_FILE));
  ensureWritableDir(path.dirname(out));
  writeJsonAtomic(out, report);
  for (const line of summaryLines(report, path.relative(io.cwd, out) || out)) io.stdout.write(line + '\n');
  return 0;
}

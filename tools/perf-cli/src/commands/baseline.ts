/**
 * `rhenium-perf baseline update`: copy a report to a baseline file.
 */
import path from 'node:path';
import { findWorkspaceRoot, writeJsonAtomic } from '@rhenium-perf/harness';
import type { BaselineArgs } from '../args';
import { withComparison } from '../compare';
import { DEFAULT_BASELINE } from '../defaults';
import { ensureWritableDir, type CliIo } from './io';
import { defaultReportPath, readReport } from './reports';

export function commandBaselineUpdate(args: BaselineArgs, io: CliIo): number {
  const ws = findWorkspaceRoot(io.cwd) ?? io.cwd;
  const input = path.resolve(io.cwd, args.input ?? defaultReportPath(io));
  const report = readReport(input);
  const out = path.resolve(io.cwd, args.output ?? path.join(ws, DEFAULT_BASELINE));
  ensureWritableDir(path.dirname(out));
  if (report.mode !== 'full') io.stderr.write(`rhenium-perf: warning: ${path.basename(input)} is a ${report.mode} run; baselines are normally made with --full\n`);
  if (report.summary.failed > 0) io.stderr.write(`rhenium-perf: warning: the report has ${report.summary.failed} failed case(s); they will count as missing in comparisons\n`);
  // The baseline keeps its measurements; a comparison made against another baseline is dropped.
  writeJsonAtomic(out, withComparison(report, null));
  io.stdout.write(`baseline written: ${path.relative(io.cwd, out) || out} (${report.summary.total_benchmarks} benchmarks, fingerprint ${report.environment.machine_fingerprint})\n`);
  return 0;
}

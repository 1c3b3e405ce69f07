/**
 * `rhenium-perf compare --baseline FILE`: compare a report with a baseline report.
 */
import path from 'node:path';
import { writeJsonAtomic } from '@rhenium-perf/harness';
import type { CompareArgs } from '../args';
import { checkEnvironment, compareReports, loadBaseline, loadCompareConfig, withComparison } from '../compare';
import { ensureWritableDir, type CliIo } from './io';
import { comparisonLines, defaultReportPath, gateFails, readReport } from './reports';

export function commandCompare(args: CompareArgs, io: CliIo): number {
  const input = path.resolve(io.cwd, args.input ?? defaultReportPath(io));
  const baseline = loadBaseline(path.resolve(io.cwd, args.baseline!));
  const report = readReport(input);
  const config = args.config ? loadCompareConfig(path.resolve(io.cwd, args.config)) : {};
  const check = checkEnvironment(report, baseline, { allowEnvMismatch: args.allowEnvMismatch, baselineSource: args.baseline! });
  if (!check.matched) io.stderr.write(`rhenium-perf: warning: comparing across machines (${check.differences.join(', ')})\n`);
  const compared = withComparison(report, compareReports(report, baseline, config, { baselineSource: args.baseline! }));
  const out = path.resolve(io.cwd, args.output ?? input);
  ensureWritableDir(path.dirname(out));
  writeJsonAtomic(out, compared);
  io.stdout.write(`regression status: ${compared.summary.regression_status}\n`);
  for (const line of comparisonLines(compared)) io.stdout.write(line + '\n');
  return gateFails(compared, args.failOnRegression, args.failOn) ? 1 : 0;
}

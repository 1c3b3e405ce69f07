/**
 * `rhenium-perf validate FILE...`: check reports or results files against the schema and the
 * integrity rules of their figures.
 */
import path from 'node:path';
import { assertValid, type Report, type ResultsFile } from '@rhenium-perf/schema';
import type { ValidateArgs } from '../args';
import { PerfCliError } from '../errors';
import { integrityProblems } from '../integrity';
import type { CliIo } from './io';
import { readJsonFile } from './reports';

export function commandValidate(args: ValidateArgs, io: CliIo): number {
  for (const f of args.files) {
    const doc = readJsonFile(path.resolve(io.cwd, f), f, '');
    const kind = (doc as { kind?: unknown } | null)?.kind === 'results' ? 'results' : 'report';
    let valid: Report | ResultsFile;
    try {
      valid = assertValid<Report | ResultsFile>(kind, doc, f);
    } catch (err) {
      throw new PerfCliError('RPERF_REPORT_INVALID', (err as Error).message);
    }
    const problems = integrityProblems(valid.benchmarks);
    if (problems.length > 0) {
      const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : '';
      throw new PerfCliError('RPERF_REPORT_INTEGRITY', `${f} publishes figures that do not mean what they say: ${problems.slice(0, 3).join('; ')}${more}`);
    }
    io.stdout.write(`${f}: valid ${kind} document (schema and figures)\n`);
  }
  return 0;
}

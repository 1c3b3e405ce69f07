/**
 * `rhenium-perf ab --base REF`: the same-job A/B comparison (ab/command.ts measures; this
 * command prints its progress and summary, renders and exports).
 */
import path from 'node:path';
import type { Report } from '@rhenium-perf/schema';
import type { AbArgs } from '../args';
import { runAb } from '../ab/command';
import { loadCompareConfig } from '../compare';
import { DEFAULT_OUTPUT_DIR } from '../defaults';
import { ensureWritableDir, workspaceOf, type CliIo } from './io';
import { exportFormats, gateFails, renderReport } from './reports';

function parseBudgetLog(io: CliIo, verbose: boolean): (line: string) => void {
  return (line: string) => {
    if (verbose || !line.startsWith('[ab ')) io.stderr.write(line + '\n');
  };
}

export async function commandAb(args: AbArgs, io: CliIo): Promise<number> {
  const ws = workspaceOf(io);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.join(ws, DEFAULT_OUTPUT_DIR));
  ensureWritableDir(outputDir);
  const config = args.config ? loadCompareConfig(path.resolve(io.cwd, args.config)) : {};
  let lastProgress = 0;
  const log = parseBudgetLog(io, args.verbose);
  const run = await runAb(ws, {
    base: args.base, head: args.head, mode: args.mode, device: args.device, filter: args.filter, affected: args.affected, shard: args.shard,
    budgetSec: args.budgetSec, minRounds: args.minRounds, maxRounds: args.maxRounds, alpha: args.alpha, seed: args.seed,
    outputDir, config,
    log: (line) => {
      // Progress: every line with -v, else one line every 15 s.
      if (line.startsWith('[ab ') && !args.verbose) {
        if (Date.now() - lastProgress < 15_000) return;
        lastProgress = Date.now();
        io.stderr.write(line + '\n');
        return;
      }
      log(line);
    },
  });
  const rendered = renderReport(run.report, ws, outputDir, outputDir);
  const exported = exportFormats(run.report, args.formats, outputDir);
  for (const line of abSummaryLines(run.report)) io.stdout.write(line + '\n');
  for (const f of [run.reportPath, run.markdownPath, ...rendered, ...exported]) io.stdout.write(`  wrote: ${path.relative(io.cwd, f) || f}\n`);
  const failed = run.report.summary.failed > 0;
  return failed || gateFails(run.report, args.failOnRegression, args.failOn) ? 1 : 0;
}

/** The plain-text lines of an A/B result. */
function abSummaryLines(report: Report): string[] {
  const ab = report.ab!;
  const lat = ab.comparisons.filter((c) => c.metric === 'latency_ms');
  const n = (s: string): number => ab.comparisons.filter((c) => c.state === s).length;
  const mdes = lat.map((c) => c.mde).filter((x): x is number => x !== null).sort((a, b) => a - b);
  const lines = [
    '',
    `Rhenium Perf A/B — base ${ab.base.ref} (${ab.base.sha.slice(0, 12)}) vs head ${ab.head.ref}${ab.head.sha ? ` (${ab.head.sha.slice(0, 12)}${ab.head.dirty ? '+' : ''})` : ''}`,
    `  ${lat.length} case(s), ${n('regression')} regression, ${n('inconclusive')} inconclusive, ${n('improvement')} improvement, ${n('unchanged')} unchanged, ${n('new')} new, ${n('missing')} missing (comparisons over latency, items/s, peak RSS)`,
    `  median detectable change ${mdes.length ? `±${(mdes[mdes.length >> 1]! * 100).toFixed(1)}%` : '—'}; ${ab.wall_sec.toFixed(0)} s wall, budget ${ab.budget_sec} s; regression status: ${report.summary.regression_status}`,
  ];
  for (const c of ab.comparisons.filter((x) => x.state === 'regression' || x.state === 'missing' || (x.state === 'inconclusive' && x.metric === 'latency_ms'))) {
    const ci = c.ci_low !== null && c.ci_high !== null ? ` [${c.ci_low.toFixed(3)}, ${c.ci_high.toFixed(3)}]` : '';
    lines.push(`  ${c.state.toUpperCase()} ${c.id} ${c.metric} x${c.ratio === null ? '—' : c.ratio.toFixed(3)}${ci} (${c.rounds} rounds)${c.note ? `: ${c.note}` : ''}`);
  }
  return lines;
}

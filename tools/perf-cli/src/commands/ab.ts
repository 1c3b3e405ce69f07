/**
 * `rhenium-perf ab --base REF`: the same-job A/B comparison (ab/command.ts measures; this
 * command prints its progress and summary, renders and exports).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeTextAtomic } from '@rhenium-perf/harness';
import type { Report } from '@rhenium-perf/schema';
import type { AbArgs } from '../args';
import { runAb } from '../ab/command';
import { loadCompareConfig } from '../compare';
import { DEFAULT_OUTPUT_DIR } from '../defaults';
import { ensureWritableDir, workspaceOf, type CliIo } from './io';
import { profileCase } from './profile';
import { escapeMarkdown, truncate } from '../render/escape';
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
  const rendered = await renderReport(run.report, ws, outputDir, outputDir);
  const exported = exportFormats(run.report, args.formats, outputDir);
  const profiled = args.profileRegressions ? await profileRegressions(ws, run.report, run.markdownPath, outputDir, args, io) : [];
  for (const line of abSummaryLines(run.report)) io.stdout.write(line + '\n');
  for (const f of [run.reportPath, run.markdownPath, ...rendered, ...exported, ...profiled]) io.stdout.write(`  wrote: ${path.relative(io.cwd, f) || f}\n`);
  const failed = run.report.summary.failed > 0;
  return failed || gateFails(run.report, args.failOnRegression, args.failOn) ? 1 : 0;
}

/** At most this many regressed cases are profiled (each costs two sized runs per side). */
export const MAX_PROFILED_REGRESSIONS = 3;

/**
 * `--profile-regressions`: CPU profiles (head and base) of the cases whose latency regressed,
 * the largest ratio first, under `<output>/profiles/`, and a "Profiles" section appended to
 * ab.md linking each table and .cpuprofile. A case that cannot be profiled is one line on
 * stderr and a line in the section; it never changes the gate's exit code.
 */
async function profileRegressions(ws: string, report: Report, markdownPath: string, outputDir: string, args: AbArgs, io: CliIo): Promise<string[]> {
  const regressed = (report.ab?.comparisons ?? [])
    .filter((c) => c.metric === 'latency_ms' && c.state === 'regression')
    .sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0));
  if (regressed.length === 0) return [];
  if (args.head !== null) {
    io.stderr.write('rhenium-perf: --profile-regressions profiles the working tree against the base; with --head REF it is skipped\n');
    return [];
  }
  const dir = path.join(outputDir, 'profiles');
  const rel = (f: string): string => path.relative(path.dirname(markdownPath), f).split(path.sep).join('/');
  const lines = ['', '## Profiles of the regressed cases', '', 'CPU profiles (`node --cpu-prof`) of the measured calls on both sides; open a `.cpuprofile` in Chrome DevTools (Performance → Load profile) or speedscope.', ''];
  const written: string[] = [];
  for (const c of regressed.slice(0, MAX_PROFILED_REGRESSIONS)) {
    try {
      const out = await profileCase(ws, { caseId: c.id, base: args.base, outputDir: dir, worktreeDir: path.join(outputDir, 'ab'), verbose: args.verbose }, io);
      if (out.code === 0) {
        const [head, base] = out.files.filter((f) => f.endsWith('.cpuprofile'));
        lines.push(`- \`${c.id}\` ×${c.ratio?.toFixed(3) ?? '—'}: [self-time table](${rel(out.mdFile)}), [head profile](${rel(head!)})${base ? `, [base profile](${rel(base)})` : ''}`);
        written.push(...out.files);
      } else {
        lines.push(`- \`${c.id}\`: not profiled (the case failed on a side; see the log)`);
      }
    } catch (err) {
      io.stderr.write(`rhenium-perf: warning: ${c.id} could not be profiled: ${(err as Error).message}\n`);
      lines.push(`- \`${c.id}\`: not profiled (${escapeMarkdown(truncate((err as Error).message.replace(/\s+/g, ' ')))})`);
    }
  }
  if (regressed.length > MAX_PROFILED_REGRESSIONS) lines.push(`- and ${regressed.length - MAX_PROFILED_REGRESSIONS} more regressed case(s), not profiled: \`rhenium-perf profile CASE_ID --base ${args.base}\``);
  writeTextAtomic(markdownPath, fs.readFileSync(markdownPath, 'utf8').replace(/\n*$/, '\n') + lines.join('\n') + '\n');
  return written;
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

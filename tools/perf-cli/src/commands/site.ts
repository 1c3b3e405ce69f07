/**
 * `rhenium-perf site --output DIR [--input report.json] [--history DIR]`: a static HTML site of
 * the latest report and the history (site/), opened from DIR/index.html with no server.
 * Bad options, an unreadable or invalid report, a bad history folder or an output that is not
 * a site: one line, exit 2, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot, parseCommandLine } from '@rhenium-perf/harness';
import { PerfCliError } from '../errors';
import { ACKNOWLEDGED_FILE, readAcknowledged } from '../history/acknowledged';
import { DEFAULT_HISTORY_DIR, readHistory } from '../history/store';
import { buildSite, caseHistories, checkSiteOutput, writeSite } from '../site';
import type { CliIo } from './io';
import { defaultReportPath, readReport } from './reports';

/** `rhenium-perf site` options. */
export interface SiteArgs {
  command: 'site';
  /** The report (default artifacts/perf/report.json). */
  input: string | null;
  /** The history folder (default artifacts/perf/history; the site is built without history when that default is absent). */
  historyDir: string | null;
  /** The site's folder (required). */
  output: string;
}

/** The usage line and the options line of `site`, for the help text. */
export const SITE_HELP = {
  usage: '       rhenium-perf site --output DIR      a static HTML site of the report and the history (open DIR/index.html)',
  options: 'site options:      --output DIR (required; replaced as a whole) --input FILE (default artifacts/perf/report.json)\n                   --history DIR (default artifacts/perf/history, skipped when absent)',
} as const;

/** The help text with the `site` lines added after those of `profile`. */
export function helpWithSite(help: string): string {
  const lines = help.split('\n');
  const usageAt = lines.findIndex((l) => l.startsWith('       rhenium-perf profile'));
  if (usageAt >= 0) lines.splice(usageAt + 1, 0, SITE_HELP.usage);
  const optionsAt = lines.findIndex((l) => l.startsWith('profile options:'));
  if (optionsAt >= 0) lines.splice(optionsAt + 1, 0, SITE_HELP.options);
  return lines.join('\n');
}

function usage(message: string): PerfCliError {
  return new PerfCliError('RPERF_USAGE', `${message}; see rhenium-perf --help`);
}

/** Parse the arguments after `site`. */
export function parseSiteArgs(argv: readonly string[]): SiteArgs {
  const { values } = parseCommandLine(argv, { input: { type: 'string' }, history: { type: 'string' }, output: { type: 'string' } }, (m) => usage(m));
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const output = str(values.output);
  if (!output) throw usage('site needs --output DIR (the folder to write the site into, e.g. --output artifacts/perf/site/html)');
  return { command: 'site', input: str(values.input), historyDir: str(values.history), output };
}

/** Build and write the site. */
export async function commandSite(args: SiteArgs, io: CliIo): Promise<number> {
  const ws = findWorkspaceRoot(io.cwd) ?? io.cwd;
  const output = path.resolve(io.cwd, args.output);
  checkSiteOutput(output);
  const report = readReport(path.resolve(io.cwd, args.input ?? defaultReportPath(io)));
  const historyDir = path.resolve(io.cwd, args.historyDir ?? path.join(ws, DEFAULT_HISTORY_DIR));
  // An explicit --history must exist; the default one may not yet.
  const readIt = args.historyDir !== null || fs.existsSync(historyDir);
  const records = readIt ? readHistory(historyDir, null) : null;
  const ackFile = path.join(ws, ACKNOWLEDGED_FILE);
  const acknowledged = records && fs.existsSync(ackFile) ? readAcknowledged(ackFile) : [];
  const histories = records ? caseHistories(records, report.environment.machine_fingerprint, report.mode, acknowledged) : null;
  const files = await buildSite({ report, histories, historySource: records ? historyDir : null });
  const count = writeSite(files, output);
  const rel = path.relative(io.cwd, output);
  const shown = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : output;
  io.stdout.write(`site: ${count} files, ${report.benchmarks.length} case pages${histories ? `, history of ${histories.size} cases` : ', no history'}; open ${path.join(shown, 'index.html')}\n`);
  return 0;
}

/**
 * `rhenium-perf site --output DIR [--input report.json] [--history DIR]`: a static HTML site of
 * the latest report and the history (site/), opened from DIR/index.html with no server.
 * Bad options, an unreadable or invalid report, a bad history folder or an output that is not
 * a site: one line, exit 2, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot } from '@rhenium-perf/harness';
import type { SiteArgs } from '../args';
import { ACKNOWLEDGED_FILE, readAcknowledged } from '../history/acknowledged';
import { DEFAULT_HISTORY_DIR, readHistory } from '../history/store';
import { buildSite, caseHistories, checkSiteOutput, writeSite } from '../site';
import type { CliIo } from './io';
import { defaultReportPath, readReport } from './reports';

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

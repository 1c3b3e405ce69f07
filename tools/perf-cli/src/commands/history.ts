/**
 * `rhenium-perf history add|import|changes`: keep a compact record of each report per machine
 * (history/record.ts, history/store.ts) and list the change points of each case's p50 over the
 * runs (history/change-points.ts). Exit 0 unless an input or the folder is unusable (2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot } from '@rhenium-perf/harness';
import { assertValid, type Report } from '@rhenium-perf/schema';
import type { HistoryArgs } from '../args';
import { PerfCliError } from '../errors';
import { ACKNOWLEDGED_FILE, readAcknowledged, type AcknowledgedChange } from '../history/acknowledged';
import { CHANGE_POINT_DEFAULTS } from '../history/change-points';
import { findSteps, seriesOf, stepLine } from '../history/changes';
import { recordOf, sha12 } from '../history/record';
import { addRecord, CHANGES_FILE, DEFAULT_HISTORY_DIR, readHistory, writeHistoryJson } from '../history/store';
import type { CliIo } from './io';
import { defaultReportPath, readJsonFile } from './reports';

/** A path as the user sees it: relative to the working folder when inside it. */
function shown(io: CliIo, file: string): string {
  const rel = path.relative(io.cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Record one report file; a bad file (unreadable, not JSON, not a valid report) throws, nothing written for it. */
function recordFile(io: CliIo, file: string, historyDir: string): void {
  const name = shown(io, file);
  const doc = readJsonFile(file, name, '');
  let report: Report;
  try {
    report = assertValid<Report>('report', doc, name);
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', (err as Error).message);
  }
  const record = recordOf(report, name);
  if (record.cases.length === 0) {
    io.stdout.write(`${name}: no passed case; nothing recorded\n`);
    return;
  }
  if (record.source.dirty === true) io.stderr.write(`rhenium-perf: warning: ${name} was made from a working tree with uncommitted changes; its commit ${sha12(record.source.git_sha)} is not exactly what was measured\n`);
  const { file: out, added } = addRecord(historyDir, record);
  if (added) {
    io.stdout.write(`recorded ${shown(io, out)} (${record.cases.length} cases, fingerprint ${record.machine_fingerprint}, commit ${sha12(record.source.git_sha)}, ${record.mode})\n`);
  } else {
    io.stdout.write(`already recorded: ${shown(io, out)} (same timestamp and commit); skipped\n`);
  }
}

function acknowledgedList(io: CliIo, args: HistoryArgs, ws: string): AcknowledgedChange[] {
  if (args.acknowledged !== null) return readAcknowledged(path.resolve(io.cwd, args.acknowledged));
  const file = path.join(ws, ACKNOWLEDGED_FILE);
  return fs.existsSync(file) ? readAcknowledged(file) : [];
}

function changes(io: CliIo, args: HistoryArgs, ws: string, historyDir: string): number {
  const acknowledged = acknowledgedList(io, args, ws);
  const records = readHistory(historyDir, args.fingerprint);
  const series = seriesOf(records);
  const options = { ...CHANGE_POINT_DEFAULTS, alpha: args.alpha, minChange: args.minChange };
  const { steps, tooShort } = findSteps(series, options, acknowledged);
  for (const s of steps) io.stdout.write(stepLine(s) + '\n');
  const out = path.join(historyDir, CHANGES_FILE);
  writeHistoryJson(out, {
    kind: 'history-changes',
    metric: 'p50_ms',
    parameters: { alpha: options.alpha, min_change: options.minChange, permutations: options.permutations, min_segment: options.minSegment, seed: options.seed },
    fingerprints: [...new Set(series.map((s) => s.fingerprint))],
    runs: records.length,
    series: series.length,
    series_too_short: tooShort,
    steps,
  }, historyDir);
  const alerts = steps.filter((s) => !s.acknowledged).length;
  io.stdout.write(
    `history: ${records.length} runs, ${series.length} series (${tooShort} with fewer than ${2 * options.minSegment} runs, not searched); ` +
      `${alerts} step(s)${steps.length > alerts ? `, ${steps.length - alerts} acknowledged` : ''} (alpha ${options.alpha}, min change ${(options.minChange * 100).toFixed(1)}%); ${shown(io, out)} written\n`,
  );
  return 0;
}

export function commandHistory(args: HistoryArgs, io: CliIo): number {
  const ws = findWorkspaceRoot(io.cwd) ?? io.cwd;
  const historyDir = path.resolve(io.cwd, args.historyDir ?? path.join(ws, DEFAULT_HISTORY_DIR));
  switch (args.action) {
    case 'add':
      recordFile(io, path.resolve(io.cwd, args.input ?? defaultReportPath(io)), historyDir);
      return 0;
    case 'import': {
      // Each file on its own: a bad one is one line on stderr and nothing written for it; the
      // others are recorded; the exit code says that one failed.
      let failed = 0;
      for (const f of args.files) {
        try {
          recordFile(io, path.resolve(io.cwd, f), historyDir);
        } catch (err) {
          if (!(err instanceof PerfCliError)) throw err;
          failed++;
          io.stderr.write(`rhenium-perf: error: ${err.message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
        }
      }
      if (args.files.length > 1) io.stdout.write(`history import: ${args.files.length - failed} of ${args.files.length} files read${failed > 0 ? `, ${failed} refused` : ''}\n`);
      return failed > 0 ? 2 : 0;
    }
    case 'changes':
      return changes(io, args, ws, historyDir);
  }
}

/**
 * The history folder: `<history>/<machine_fingerprint>/<timestamp>-<sha12>.json`, one file per
 * recorded report, one folder per machine (so runs of two machines never share a series), and
 * `<history>/changes.json`, the last change-point listing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDirectory, writeJsonAtomic } from '@rhenium-perf/harness';
import { PerfCliError } from '../errors';
import { jsonErrorLocation, parseJson, readJsonText } from '../json';
import { checkRecord, recordFileName, type HistoryRecord } from './record';

/** The history folder, relative to the workspace root. */
export const DEFAULT_HISTORY_DIR = 'artifacts/perf/history';
/** The change-point listing, inside the history folder. */
export const CHANGES_FILE = 'changes.json';

const FINGERPRINT = /^[0-9a-f]{16}$/;

/** Where `record` lives in the history folder `dir`. */
export function recordPath(dir: string, record: HistoryRecord): string {
  return path.join(dir, record.machine_fingerprint, recordFileName(record));
}

/** Write JSON atomically; a failure is a one-line RPERF_OUTPUT_UNWRITABLE naming the history folder. */
export function writeHistoryJson(file: string, value: unknown, historyDir: string): void {
  try {
    makeDirectory(path.dirname(file));
    writeJsonAtomic(file, value);
  } catch (err) {
    throw new PerfCliError('RPERF_OUTPUT_UNWRITABLE', `cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another --history than ${historyDir}`);
  }
}

/**
 * Add a record unless the same report (same timestamp and commit, hence the same file name) is
 * already there: then nothing is written and `added` is false.
 */
export function addRecord(dir: string, record: HistoryRecord): { file: string; added: boolean } {
  const file = recordPath(dir, record);
  if (fs.existsSync(file)) return { file, added: false };
  writeHistoryJson(file, record, dir);
  return { file, added: true };
}

/** A record read back, with its file. */
export interface StoredRecord {
  file: string;
  record: HistoryRecord;
}

function readRecord(file: string): HistoryRecord {
  let text: string;
  try {
    text = readJsonText(file);
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', `history record ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (err) {
    throw new PerfCliError('RPERF_REPORT_INVALID', `history record ${file} is not JSON (${jsonErrorLocation(text, err)}); remove it and import its report again`);
  }
  return checkRecord(doc, `history record ${file}`);
}

/** The machine folders of the history (16 hex digits each), sorted. */
export function fingerprintsIn(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && FINGERPRINT.test(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * Every record of the history (of one machine when `fingerprint` is given). A missing folder, a
 * record that is not JSON or fails the schema, or one filed under another machine's folder is a
 * one-line error (exit 2) naming the file. Temp files of writes in progress (`.name.tmp`) are
 * skipped.
 */
export function readHistory(dir: string, fingerprint: string | null): StoredRecord[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    throw new PerfCliError('RPERF_USAGE', `no history at ${dir} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}); record reports first (rhenium-perf history add, or history import FILE...) or pass --history DIR`);
  }
  if (!st.isDirectory()) throw new PerfCliError('RPERF_USAGE', `the history ${dir} is not a folder; pass --history DIR`);
  const all = fingerprintsIn(dir);
  if (fingerprint !== null && !all.includes(fingerprint)) {
    throw new PerfCliError('RPERF_USAGE', `no history for fingerprint ${fingerprint} in ${dir} (it has ${all.length === 0 ? 'none' : all.join(', ')})`);
  }
  const out: StoredRecord[] = [];
  for (const fp of fingerprint === null ? all : [fingerprint]) {
    const folder = path.join(dir, fp);
    const names = fs.readdirSync(folder).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    for (const name of names) {
      const file = path.join(folder, name);
      const record = readRecord(file);
      if (record.machine_fingerprint !== fp) {
        throw new PerfCliError('RPERF_REPORT_INVALID', `history record ${file} was measured on ${record.machine_fingerprint}, not ${fp}; machines never share a folder: move it to ${path.join(dir, record.machine_fingerprint)}`);
      }
      out.push({ file, record });
    }
  }
  return out;
}

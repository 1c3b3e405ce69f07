/**
 * From the history's records to the steps of each series: one series per machine
 * fingerprint, run mode and case (p50 over runs in time order), the detector of
 * change-points.ts on each, and the acknowledged steps marked.
 */
import { CHANGE_POINT_DEFAULTS, detectChangePoints, type ChangePointOptions } from './change-points';
import { acknowledgement, type AcknowledgedChange } from './acknowledged';
import { sha12 } from './record';
import type { StoredRecord } from './store';

/** One run of a case. */
export interface SeriesPoint {
  timestamp: string;
  git_sha: string | null;
  dirty: boolean | null;
  p50_ms: number;
}

/** A case's p50 over the runs of one machine and mode, oldest first. */
export interface Series {
  fingerprint: string;
  mode: string;
  caseId: string;
  points: SeriesPoint[];
}

/**
 * The series of the records: grouped by fingerprint, mode and case id (a smoke run and a full
 * run measure with different process and sample counts, so they never share a series), each in
 * time order (the report's timestamp, then the commit, so the order does not depend on file
 * names or the file system). Sorted by fingerprint, mode, case.
 */
export function seriesOf(records: readonly StoredRecord[]): Series[] {
  const runs = [...records].sort((a, b) => Date.parse(a.record.timestamp) - Date.parse(b.record.timestamp) || String(a.record.source.git_sha).localeCompare(String(b.record.source.git_sha)) || a.file.localeCompare(b.file));
  const map = new Map<string, Series>();
  for (const { record } of runs) {
    for (const c of record.cases) {
      const key = JSON.stringify([record.machine_fingerprint, record.mode, c.id]);
      let s = map.get(key);
      if (!s) map.set(key, (s = { fingerprint: record.machine_fingerprint, mode: record.mode, caseId: c.id, points: [] }));
      s.points.push({ timestamp: record.timestamp, git_sha: record.source.git_sha, dirty: record.source.dirty, p50_ms: c.p50_ms });
    }
  }
  return [...map.values()].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint) || a.mode.localeCompare(b.mode) || a.caseId.localeCompare(b.caseId));
}

/** A step of a series, as `history changes` lists it and changes.json keeps it. */
export interface HistoryStep {
  case: string;
  fingerprint: string;
  mode: string;
  /** Index of the first run after the step, and the series' length. */
  index: number;
  runs: number;
  before_commit: string | null;
  after_commit: string | null;
  before_timestamp: string;
  after_timestamp: string;
  /** Medians of the p50 over the segments either side (ms). */
  before_ms: number;
  after_ms: number;
  /** after_ms / before_ms − 1. */
  change: number;
  p_value: number;
  acknowledged: boolean;
  note: string | null;
}

/** Options of {@link findSteps}: the detector's, with alpha and minChange required. */
export type StepOptions = ChangePointOptions & { alpha: number; minChange: number };

/** The steps of every series (a series shorter than 2 × minSegment has none), acknowledged ones marked. */
export function findSteps(series: readonly Series[], options: StepOptions, acknowledged: readonly AcknowledgedChange[]): { steps: HistoryStep[]; tooShort: number } {
  const minSegment = options.minSegment ?? CHANGE_POINT_DEFAULTS.minSegment;
  const steps: HistoryStep[] = [];
  let tooShort = 0;
  for (const s of series) {
    if (s.points.length < 2 * minSegment) {
      tooShort++;
      continue;
    }
    for (const cp of detectChangePoints(s.points.map((p) => p.p50_ms), options)) {
      const before = s.points[cp.index - 1]!;
      const after = s.points[cp.index]!;
      const ack = acknowledgement(acknowledged, s.caseId, s.fingerprint, after.git_sha);
      steps.push({
        case: s.caseId, fingerprint: s.fingerprint, mode: s.mode, index: cp.index, runs: s.points.length,
        before_commit: before.git_sha, after_commit: after.git_sha, before_timestamp: before.timestamp, after_timestamp: after.timestamp,
        before_ms: cp.before, after_ms: cp.after, change: cp.change, p_value: cp.pValue,
        acknowledged: ack !== null, note: ack?.note ?? null,
      });
    }
  }
  return { steps, tooShort };
}

/** Milliseconds with 3 significant digits at least. */
export function formatMs(v: number): string {
  return v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** A p-value: 3 decimals, or 2 significant digits below 0.001. */
export function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/**
 * One line per step:
 * `STEP recon_mri_zf_256_c1 0123456789abcdef smoke aaaaaaaaaaaa..bbbbbbbbbbbb 1.10 ms -> 1.32 ms +20.0% p=0.001`;
 * an acknowledged step starts with `acknowledged` and ends with its note.
 */
export function stepLine(s: HistoryStep): string {
  const sign = s.change >= 0 ? '+' : '';
  const head = `${s.acknowledged ? 'acknowledged' : 'STEP'} ${s.case} ${s.fingerprint} ${s.mode} ${sha12(s.before_commit)}..${sha12(s.after_commit)} ${formatMs(s.before_ms)} ms -> ${formatMs(s.after_ms)} ms ${sign}${(s.change * 100).toFixed(1)}% p=${formatP(s.p_value)}`;
  return s.acknowledged ? `${head} (${s.note?.replace(/\s+/g, ' ').trim() || 'no note'})` : head;
}

/**
 * The history of each case as the site shows it: the runs of the report's own machine and run
 * mode (history/changes.ts's series, so the order and the steps are those of
 * `rhenium-perf history changes`), with each run's p95 and quartiles beside its p50.
 */
import type { AcknowledgedChange } from '../history/acknowledged';
import { CHANGE_POINT_DEFAULTS } from '../history/change-points';
import { findSteps, seriesOf, type HistoryStep } from '../history/changes';
import { sha12 } from '../history/record';
import type { StoredRecord } from '../history/store';

/** One run of a case. */
export interface CaseRun {
  timestamp: string;
  /** The commit, 12 characters (`nogit` without one). */
  commit: string;
  dirty: boolean | null;
  p50Ms: number;
  p95Ms: number;
  /** Quartiles, when the run's record keeps them. */
  p25Ms: number | null;
  p75Ms: number | null;
}

/** A case's runs on one machine and mode, oldest first, and the steps detected in its p50. */
export interface CaseHistory {
  fingerprint: string;
  mode: string;
  runs: CaseRun[];
  steps: HistoryStep[];
}

/**
 * The history of every case recorded for `fingerprint` and `mode`, by case id. A series too
 * short for the detector (fewer than 2 × minSegment runs) has no steps.
 */
export function caseHistories(records: readonly StoredRecord[], fingerprint: string, mode: string, acknowledged: readonly AcknowledgedChange[]): Map<string, CaseHistory> {
  const mine = records.filter((r) => r.record.machine_fingerprint === fingerprint && r.record.mode === mode);
  const spread = new Map<string, { p95: number; p25: number | null; p75: number | null }>();
  for (const { record } of mine) {
    for (const c of record.cases) spread.set(JSON.stringify([record.timestamp, record.source.git_sha, c.id]), { p95: c.p95_ms, p25: c.p25_ms ?? null, p75: c.p75_ms ?? null });
  }
  const series = seriesOf(mine);
  const { steps } = findSteps(series, { ...CHANGE_POINT_DEFAULTS }, acknowledged);
  const out = new Map<string, CaseHistory>();
  for (const s of series) {
    out.set(s.caseId, {
      fingerprint: s.fingerprint,
      mode: s.mode,
      runs: s.points.map((p) => {
        const q = spread.get(JSON.stringify([p.timestamp, p.git_sha, s.caseId]));
        return { timestamp: p.timestamp, commit: sha12(p.git_sha), dirty: p.dirty, p50Ms: p.p50_ms, p95Ms: q?.p95 ?? p.p50_ms, p25Ms: q?.p25 ?? null, p75Ms: q?.p75 ?? null };
      }),
      steps: steps.filter((st) => st.case === s.caseId),
    });
  }
  return out;
}

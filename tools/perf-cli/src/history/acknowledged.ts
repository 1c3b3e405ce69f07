/**
 * The acknowledged-changes file (default `perf-changes.json` at the workspace root): steps that
 * were expected (a new algorithm, a bigger input), listed so they stop alerting.
 *
 * ```json
 * [{ "case": "recon_ct_fbp_ramp_256_a180", "commit": "3f9c2d1e0b7a", "note": "ramp filter now in float64 (PR 812)" }]
 * ```
 *
 * `commit` is the first commit after the step (the one `history changes` prints after `..`),
 * 7 to 40 hex digits (a prefix matches); `fingerprint` (optional) limits the entry to one machine.
 */
import { PerfCliError } from '../errors';
import { jsonErrorLocation, parseJson, readJsonText } from '../json';

/** One acknowledged step. */
export interface AcknowledgedChange {
  case: string;
  commit: string;
  note: string;
  fingerprint?: string;
}

/** File name of the default list, at the workspace root. */
export const ACKNOWLEDGED_FILE = 'perf-changes.json';

const KEYS = new Set(['case', 'commit', 'note', 'fingerprint']);

/** Check a parsed list; the first problem is a one-line RPERF_USAGE error naming `shown` and the entry. */
export function parseAcknowledged(doc: unknown, shown: string): AcknowledgedChange[] {
  const bad = (what: string): PerfCliError => new PerfCliError('RPERF_USAGE', `${shown}: ${what}; expected a JSON list of {"case", "commit", "note"} (commit: the first commit after the step, 7-40 hex digits)`);
  if (!Array.isArray(doc)) throw bad('not a JSON list');
  return doc.map((e: unknown, i) => {
    if (!e || typeof e !== 'object' || Array.isArray(e)) throw bad(`entry ${i} is not an object`);
    const o = e as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => !KEYS.has(k));
    if (unknown.length > 0) throw bad(`entry ${i} has unknown field "${unknown[0]}"`);
    if (typeof o.case !== 'string' || o.case === '') throw bad(`entry ${i} needs "case", a case id`);
    if (typeof o.commit !== 'string' || !/^[0-9a-f]{7,40}$/i.test(o.commit)) throw bad(`entry ${i} needs "commit", 7-40 hex digits`);
    if (typeof o.note !== 'string') throw bad(`entry ${i} needs "note", a string`);
    if (o.fingerprint !== undefined && (typeof o.fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(o.fingerprint))) throw bad(`entry ${i} has a "fingerprint" that is not 16 hex digits`);
    const out: AcknowledgedChange = { case: o.case, commit: o.commit.toLowerCase(), note: o.note };
    if (typeof o.fingerprint === 'string') out.fingerprint = o.fingerprint;
    return out;
  });
}

/** Read and check the list in `file` (one-line errors, exit 2). */
export function readAcknowledged(file: string): AcknowledgedChange[] {
  let text: string;
  try {
    text = readJsonText(file);
  } catch (err) {
    throw new PerfCliError('RPERF_USAGE', `the acknowledged-changes file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (err) {
    throw new PerfCliError('RPERF_USAGE', `the acknowledged-changes file ${file} is not JSON (${jsonErrorLocation(text, err)})`);
  }
  return parseAcknowledged(doc, file);
}

/** The entry acknowledging a step of `caseId` on `fingerprint` whose first commit after is `commit`, if any. */
export function acknowledgement(list: readonly AcknowledgedChange[], caseId: string, fingerprint: string, commit: string | null): AcknowledgedChange | null {
  if (commit === null) return null;
  const sha = commit.toLowerCase();
  return list.find((a) => a.case === caseId && (a.fingerprint === undefined || a.fingerprint === fingerprint) && sha.startsWith(a.commit)) ?? null;
}

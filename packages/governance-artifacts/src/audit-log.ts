/**
 * An append-only audit log of generated artifacts, as a hash chain: each entry holds the
 * artifact's sha256 and the previous entry's hash, and its own hash covers both. Editing,
 * removing, inserting or reordering an entry breaks the chain at that entry; rewriting the
 * whole tail is caught by checking the head against a hash kept elsewhere (`expectedHead`).
 */
import { GENESIS_HASH, HASH_ALGORITHM, SHORT_HASH_CHARS } from './defaults';
import { GovernanceError } from './errors';
import { byteLength, sha256Hex } from './hash';
import { renderTemplate } from './render';
import type { AuditBreakReason, AuditEntry, AuditLog, AuditVerification } from './types';
import { assertTimestamp, validateGovernanceData } from './validate';

/** An empty audit log. */
export function createAuditLog(): AuditLog {
  return { kind: 'audit_log', hash_algorithm: HASH_ALGORITHM, entries: [] };
}

/**
 * The hash of an entry: sha256 of the JSON array of its other fields, in a fixed order
 * (an array, so no key-order ambiguity).
 */
export function auditEntryHash(e: Omit<AuditEntry, 'entry_hash'>): string {
  return sha256Hex(JSON.stringify([e.seq, e.artifact, e.sha256, e.bytes, e.timestamp, e.prev_hash]));
}

/** The hash a new entry chains to: the last entry's hash, or GENESIS_HASH. */
export function auditHead(log: AuditLog): string {
  const last = log.entries[log.entries.length - 1];
  return last ? last.entry_hash : GENESIS_HASH;
}

/** What is appended: the artifact's name, its content, and the (injected) time. */
export interface AuditAppend {
  artifact: string;
  content: string | Uint8Array;
  timestamp: string;
}

/**
 * Append an artifact to the log, returning a new log (the input is not changed).
 * @example appendAuditEntry(createAuditLog(), { artifact: 'model-card.md', content: md, timestamp: '2025-01-31T12:00:00Z' })
 */
export function appendAuditEntry(log: AuditLog, item: AuditAppend): AuditLog {
  const timestamp = assertTimestamp(item.timestamp, 'timestamp');
  if (typeof item.artifact !== 'string' || item.artifact.length === 0) {
    throw new GovernanceError('RPERF_GOV_INVALID_DATA', `appendAuditEntry: artifact must be a non-empty name, received ${JSON.stringify(item.artifact)}`, [
      'artifact: must be a non-empty string',
    ]);
  }
  const base = {
    seq: log.entries.length,
    artifact: item.artifact,
    sha256: sha256Hex(item.content),
    bytes: byteLength(item.content),
    timestamp,
    prev_hash: auditHead(log),
  };
  return { ...log, entries: [...log.entries, { ...base, entry_hash: auditEntryHash(base) }] };
}

/** Options of `verifyAuditLog`. */
export interface AuditVerifyOptions {
  /** The head hash recorded elsewhere (a release note, a signed tag): catches a rewritten tail. */
  expectedHead?: string;
  /** Artifact contents by name: each entry's sha256 is checked against its artifact's latest content. */
  artifacts?: Readonly<Record<string, string | Uint8Array>>;
}

/**
 * Verify a log: its schema (throws `RPERF_GOV_INVALID_DATA`), then the chain entry by entry.
 * Returns the first broken entry and why, or the head hash.
 */
export function verifyAuditLog(log: unknown, options: AuditVerifyOptions = {}, source = 'audit log'): AuditVerification {
  const valid = validateGovernanceData<AuditLog>('audit_log', log, source);
  let prev = GENESIS_HASH;
  let prevTime = -Infinity;
  const latest = new Map<string, number>();
  valid.entries.forEach((e, i) => latest.set(e.artifact, i));
  for (let i = 0; i < valid.entries.length; i++) {
    const e = valid.entries[i] as AuditEntry;
    const broken = (reason: AuditBreakReason, message: string): AuditVerification => ({
      state: 'broken',
      index: i,
      reason,
      message: `entry ${i} (${e.artifact}): ${message}`,
    });
    if (e.seq !== i) return broken('seq', `seq is ${e.seq}, expected ${i} (an entry was removed, inserted or moved)`);
    if (e.prev_hash !== prev) return broken('prev_hash', `prev_hash ${e.prev_hash.slice(0, SHORT_HASH_CHARS)}… does not match the previous entry's hash ${prev.slice(0, SHORT_HASH_CHARS)}…`);
    const expected = auditEntryHash(e);
    if (e.entry_hash !== expected) return broken('entry_hash', `entry_hash does not match its fields (recomputed ${expected.slice(0, SHORT_HASH_CHARS)}…): the entry was edited`);
    const t = Date.parse(e.timestamp);
    if (t < prevTime) return broken('timestamp', `timestamp ${e.timestamp} is earlier than the previous entry's`);
    const content = options.artifacts?.[e.artifact];
    if (content !== undefined && latest.get(e.artifact) === i && sha256Hex(content) !== e.sha256) {
      return broken('content', `the artifact's content no longer matches the recorded sha256 ${e.sha256.slice(0, SHORT_HASH_CHARS)}…`);
    }
    prev = e.entry_hash;
    prevTime = t;
  }
  if (options.expectedHead !== undefined && options.expectedHead !== prev) {
    return {
      state: 'broken',
      index: valid.entries.length,
      reason: 'head',
      message: `head ${prev.slice(0, SHORT_HASH_CHARS)}… is not the expected ${options.expectedHead.slice(0, SHORT_HASH_CHARS)}… (entries were rewritten or dropped at the end)`,
    };
  }
  return { state: 'valid', entries: valid.entries.length, head: prev };
}

/** Verify and throw `RPERF_GOV_AUDIT_BROKEN` naming the first broken entry. */
export function assertAuditLogValid(log: unknown, options: AuditVerifyOptions = {}, source = 'audit log'): AuditLog {
  const v = verifyAuditLog(log, options, source);
  if (v.state === 'broken') {
    throw new GovernanceError('RPERF_GOV_AUDIT_BROKEN', `${source} does not verify: ${v.message}; restore it from its last verified copy`, [
      `/entries/${v.index}: ${v.reason}`,
    ]);
  }
  return log as AuditLog;
}

/** The flat view the audit log template renders. */
export interface AuditLogView {
  generated_at: string;
  valid: boolean;
  verification: AuditVerification;
  head: string;
  entries: (AuditEntry & { prev_short: string; entry_short: string })[];
}

/**
 * Render the audit log as Markdown, with the outcome of its verification. A broken log is
 * rendered (showing where it breaks) rather than refused: the document is the evidence.
 */
export function renderAuditLog(log: unknown, options: { generatedAt: string; source?: string } & AuditVerifyOptions): string {
  const generated_at = assertTimestamp(options.generatedAt, 'generatedAt');
  const verification = verifyAuditLog(log, options, options.source);
  const valid = log as AuditLog;
  return renderTemplate('audit-log', {
    generated_at,
    valid: verification.state === 'valid',
    verification,
    head: auditHead(valid),
    entries: valid.entries.map((e) => ({ ...e, prev_short: e.prev_hash.slice(0, SHORT_HASH_CHARS), entry_short: e.entry_hash.slice(0, SHORT_HASH_CHARS) })),
  } satisfies AuditLogView);
}

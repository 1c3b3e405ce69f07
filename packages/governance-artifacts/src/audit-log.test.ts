import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectSafeMarkdown } from '../test/check';
import { NASTY } from '../test/nasty';
import { appendAuditEntry, assertAuditLogValid, auditEntryHash, createAuditLog, renderAuditLog, verifyAuditLog } from './audit-log';
import { GENESIS_HASH } from './defaults';
import { GovernanceError } from './errors';
import type { AuditLog } from './types';

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const T0 = Date.parse('2025-01-31T12:00:00Z');
const at = (i: number): string => new Date(T0 + i * 1000).toISOString();

function logOf(n: number): AuditLog {
  let log = createAuditLog();
  for (let i = 0; i < n; i++) log = appendAuditEntry(log, { artifact: `artifact-${i}.md`, content: `content ${i}\n`, timestamp: at(i) });
  return log;
}

describe('appendAuditEntry', () => {
  it('chains entries: hashes recomputed independently', () => {
    const log = logOf(3);
    const [e0, e1, e2] = log.entries;
    expect(e0!.prev_hash).toBe(GENESIS_HASH);
    expect(e0!.sha256).toBe(sha('content 0\n'));
    expect(e0!.bytes).toBe(10);
    expect(e0!.entry_hash).toBe(sha(JSON.stringify([0, 'artifact-0.md', sha('content 0\n'), 10, at(0), GENESIS_HASH])));
    expect(e1!.prev_hash).toBe(e0!.entry_hash);
    expect(e2!.prev_hash).toBe(e1!.entry_hash);
    expect(auditEntryHash(e2!)).toBe(e2!.entry_hash);
  });

  it('does not change the log it is given, and counts UTF-8 bytes', () => {
    const log = logOf(1);
    const next = appendAuditEntry(log, { artifact: 'é.md', content: 'é', timestamp: at(1) });
    expect(log.entries).toHaveLength(1);
    expect(next.entries[1]!.bytes).toBe(2);
  });

  it('refuses a bad timestamp or an empty name', () => {
    expect(() => appendAuditEntry(createAuditLog(), { artifact: 'a', content: 'x', timestamp: '31/01/2025' })).toThrow(GovernanceError);
    expect(() => appendAuditEntry(createAuditLog(), { artifact: '', content: 'x', timestamp: at(0) })).toThrow(/artifact/);
  });
});

describe('verifyAuditLog', () => {
  it('accepts an intact log and reports its head', () => {
    const log = logOf(10);
    expect(verifyAuditLog(log)).toEqual({ state: 'valid', entries: 10, head: log.entries[9]!.entry_hash });
    expect(verifyAuditLog(createAuditLog())).toEqual({ state: 'valid', entries: 0, head: GENESIS_HASH });
  });

  it('finds an edited field at that entry', () => {
    for (const field of ['sha256', 'artifact', 'bytes', 'timestamp'] as const) {
      const log = structuredClone(logOf(10));
      const e = log.entries[4]!;
      if (field === 'sha256') e.sha256 = sha('forged');
      if (field === 'artifact') e.artifact = 'other.md';
      if (field === 'bytes') e.bytes += 1;
      if (field === 'timestamp') e.timestamp = at(4.5);
      const v = verifyAuditLog(log);
      expect(v, field).toMatchObject({ state: 'broken', index: 4, reason: 'entry_hash' });
    }
  });

  it('finds a re-hashed forgery at the next entry, a rewritten tail by the head', () => {
    const log = structuredClone(logOf(10));
    const e = log.entries[4]!;
    e.sha256 = sha('forged');
    e.entry_hash = auditEntryHash(e);
    expect(verifyAuditLog(log)).toMatchObject({ state: 'broken', index: 5, reason: 'prev_hash' });
    const honest = logOf(10);
    const head = honest.entries[9]!.entry_hash;
    let rewritten = logOf(4);
    for (let i = 4; i < 10; i++) rewritten = appendAuditEntry(rewritten, { artifact: `artifact-${i}.md`, content: `forged ${i}`, timestamp: at(i) });
    expect(verifyAuditLog(rewritten).state).toBe('valid');
    expect(verifyAuditLog(rewritten, { expectedHead: head })).toMatchObject({ state: 'broken', index: 10, reason: 'head' });
    expect(verifyAuditLog(honest, { expectedHead: head }).state).toBe('valid');
  });

  it('finds removed, reordered and back-dated entries', () => {
    const removed = structuredClone(logOf(6));
    removed.entries.splice(2, 1);
    expect(verifyAuditLog(removed)).toMatchObject({ state: 'broken', index: 2, reason: 'seq' });
    const swapped = structuredClone(logOf(6));
    [swapped.entries[1], swapped.entries[3]] = [swapped.entries[3]!, swapped.entries[1]!];
    expect(verifyAuditLog(swapped)).toMatchObject({ state: 'broken', index: 1, reason: 'seq' });
    let backdated = logOf(3);
    backdated = appendAuditEntry(backdated, { artifact: 'late.md', content: 'x', timestamp: at(-60) });
    expect(verifyAuditLog(backdated)).toMatchObject({ state: 'broken', index: 3, reason: 'timestamp' });
  });

  it('checks artifacts against their latest entry', () => {
    let log = logOf(3);
    log = appendAuditEntry(log, { artifact: 'artifact-1.md', content: 'version 2', timestamp: at(3) });
    expect(verifyAuditLog(log, { artifacts: { 'artifact-1.md': 'version 2', 'artifact-2.md': 'content 2\n' } }).state).toBe('valid');
    expect(verifyAuditLog(log, { artifacts: { 'artifact-2.md': 'content 2 edited' } })).toMatchObject({ state: 'broken', index: 2, reason: 'content' });
  });

  it('throws a typed error naming the path for a log that fails its schema', () => {
    const log = structuredClone(logOf(3)) as unknown as { entries: Record<string, unknown>[] };
    log.entries[1]!.entry_hash = 'not-a-hash';
    try {
      verifyAuditLog(log);
      expect.unreachable();
    } catch (err) {
      expect((err as GovernanceError).code).toBe('RPERF_GOV_INVALID_DATA');
      expect((err as GovernanceError).path).toBe('/entries/1/entry_hash');
    }
  });

  it('assertAuditLogValid names the first broken entry', () => {
    const log = structuredClone(logOf(5));
    log.entries[2]!.bytes = 999;
    expect(() => assertAuditLogValid(log)).toThrow(/entry 2 \(artifact-2\.md\)/);
    try {
      assertAuditLogValid(log);
    } catch (err) {
      expect((err as GovernanceError).code).toBe('RPERF_GOV_AUDIT_BROKEN');
      expect((err as GovernanceError).path).toBe('/entries/2');
    }
  });
});

describe('renderAuditLog', () => {
  it('renders one row per entry and the verification outcome, deterministically', () => {
    const log = logOf(7);
    const md = renderAuditLog(log, { generatedAt: at(100) });
    const shape = expectSafeMarkdown(md);
    expect(shape.tables.map((t) => t.rows)).toEqual([4, 7]);
    expect(md).toContain('| chain | verified');
    expect(md).toContain(`\`${log.entries[6]!.entry_hash}\``);
    expect(renderAuditLog(structuredClone(log), { generatedAt: at(100) })).toBe(md);
  });

  it('shows where a tampered log breaks, and keeps nasty artifact names inert', () => {
    let log = createAuditLog();
    NASTY.forEach((name, i) => (log = appendAuditEntry(log, { artifact: name, content: name, timestamp: at(i) })));
    const tampered = structuredClone(log);
    tampered.entries[5]!.sha256 = sha('x');
    const md = renderAuditLog(tampered, { generatedAt: at(100) });
    const shape = expectSafeMarkdown(md);
    expect(shape.tables[1]!.rows).toBe(NASTY.length);
    expect(md).toMatch(/\| chain \| BROKEN at entry 5 \(entry\\_hash\)/);
  });
});

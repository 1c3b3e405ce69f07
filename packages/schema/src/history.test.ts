import { describe, expect, it } from 'vitest';
import { schemas, validateHistoryRecord } from './validate';

function record(): Record<string, unknown> {
  return {
    kind: 'history', history_version: 1, timestamp: '2026-11-26T20:01:00.000Z', mode: 'full', machine_fingerprint: '0123456789abcdef',
    source: { git_sha: 'a'.repeat(40), branch: 'main', dirty: false }, report_schema_version: '1.2.0',
    cases: [{
      id: 'recon_mri_zf_256_c1', category: 'reconstruction_mri', project: 'reconstruction-mri', p50_ms: 1.1, p95_ms: 1.4,
      items_per_sec: 862.07, rss_mb_peak: 72, process_medians_ms: [1.1, 1.3],
    }],
  };
}

describe('history record schema', () => {
  it('is published with the others and accepts a complete record (and one without git)', () => {
    expect(schemas.history.$id).toBe('https://rhenium-perf.local/schema/1/history.schema.json');
    expect(validateHistoryRecord(record())).toEqual({ valid: true, value: record() });
    const nogit = { ...record(), source: { git_sha: null, branch: null, dirty: null } };
    expect(validateHistoryRecord(nogit).valid).toBe(true);
  });

  it('names the path and the problem: a zero p50, an unknown field, a bad fingerprint, an unknown mode', () => {
    const r = record();
    (r.cases as Record<string, unknown>[])[0]!.p50_ms = 0;
    (r.cases as Record<string, unknown>[])[0]!.mean_ms = 1;
    r.machine_fingerprint = 'laptop';
    r.mode = 'quick';
    const out = validateHistoryRecord(r);
    expect(out.valid).toBe(false);
    if (!out.valid) {
      expect(out.errors).toContain('/cases/0/p50_ms: must be > 0');
      expect(out.errors).toContain('/cases/0: has unknown property "mean_ms"');
      expect(out.errors).toContain('/machine_fingerprint: must match pattern "^[0-9a-f]{16}$"');
      expect(out.errors).toContain('/mode: must be one of ["smoke","full","custom"]');
    }
  });

  it('refuses a case recorded twice and a record without per-process medians', () => {
    const twice = record();
    twice.cases = [...(twice.cases as unknown[]), ...(record().cases as unknown[])];
    expect(validateHistoryRecord(twice)).toEqual({ valid: false, errors: ['/cases/1: duplicates /cases/0 ("recon_mri_zf_256_c1"); ids must be unique'] });
    const none = record();
    (none.cases as Record<string, unknown>[])[0]!.process_medians_ms = [];
    expect(validateHistoryRecord(none)).toEqual({ valid: false, errors: ['/cases/0/process_medians_ms: must NOT have fewer than 1 items'] });
  });

  it('refuses a report handed to it', () => {
    const out = validateHistoryRecord({ ...record(), kind: 'report' });
    expect(out.valid).toBe(false);
    if (!out.valid) expect(out.errors).toContain('/kind: must be "history"');
  });
});

import { describe, expect, it } from 'vitest';
import { sampleBenchmark, sampleEnvironment, sampleReport, validateHistoryRecord } from '@rhenium-perf/schema';
import { PerfCliError } from '../errors';
import { acknowledgement, parseAcknowledged } from './acknowledged';
import { processMedians, recordFileName, recordOf, sha12 } from './record';

describe('processMedians', () => {
  it('cuts samples_ms by process_samples and takes each median (the mean of the middle two when even)', () => {
    expect(processMedians([1, 3, 2, 10, 12], [3, 2])).toEqual([2, 11]);
    expect(processMedians([5, 1, 4, 2], [4])).toEqual([3]);
    expect(processMedians([1, 2], [0, 2])).toEqual([1.5]);
  });
});

describe('recordOf', () => {
  it("keeps each passed case's p50, p95, quartiles, items/s, peak RSS and per-process medians, with commit, time, mode and machine", () => {
    const report = sampleReport();
    report.benchmarks.push(sampleBenchmark({ id: 'failed_case', state: 'failed', success: false, error: 'verify: rmse', samples_ms: [], process_samples: [], latency_ms: { min: null, max: null, mean: null, std: null, p50: null, p95: null, p99: null } }));
    const r = recordOf(report, 'report.json');
    expect(r).toEqual({
      kind: 'history', history_version: 1, timestamp: '2026-11-26T20:01:00.000Z', mode: 'smoke', machine_fingerprint: '0123456789abcdef',
      source: { git_sha: 'a'.repeat(40), branch: 'main', dirty: false }, report_schema_version: '1.2.0',
      cases: [{ id: 'recon_mri_zf_256_c1', category: 'reconstruction_mri', project: 'reconstruction-mri', p50_ms: 1.1, p95_ms: 1.4, p25_ms: 1.1, p75_ms: 1.2, items_per_sec: 862.07, rss_mb_peak: 72, process_medians_ms: [1.1, (1.2 + 1.4) / 2] }],
    });
    expect(validateHistoryRecord(r).valid).toBe(true);
    // Samples 1, 1.1, 1.1, 1.2, 1.4: nearest ranks ceil(0.25·5) = 2 and ceil(0.75·5) = 4.
    // A record made before quartiles were kept is still valid.
    const { p25_ms: _a, p75_ms: _b, ...older } = r.cases[0]!;
    expect(validateHistoryRecord({ ...r, cases: [older] }).valid).toBe(true);
  });

  it('refuses a report whose packages were measured on another machine (RPERF_ENV_MISMATCH, exit 2)', () => {
    const report = sampleReport();
    report.packages[0]!.environment = { ...sampleEnvironment(), machine_fingerprint: 'fedcba9876543210' };
    expect(() => recordOf(report, 'mixed.json')).toThrow(PerfCliError);
    expect(() => recordOf(report, 'mixed.json')).toThrow('mixed.json mixes machines (fingerprint 0123456789abcdef and fedcba9876543210)');
  });

  it('names its file <timestamp>-<sha12>.json, safe on every filesystem', () => {
    expect(recordFileName({ timestamp: '2026-11-26T20:01:00.000Z', source: { git_sha: 'ABCDEF0123456789', branch: null, dirty: null } })).toBe('2026-11-26T20-01-00-000Z-ABCDEF012345.json');
    expect(sha12(null)).toBe('nogit');
    expect(sha12('../../etc')).toBe('etc');
  });
});

describe('acknowledged changes', () => {
  const list = parseAcknowledged([
    { case: 'recon_ct_fbp', commit: 'ABCDEF1', note: 'float64 ramp' },
    { case: 'io_dicom', commit: '1234567', note: 'bigger series', fingerprint: '0123456789abcdef' },
  ], 'perf-changes.json');

  it('matches a step by case and the first commit after it (a prefix, any case), and by machine when given', () => {
    expect(acknowledgement(list, 'recon_ct_fbp', 'ffffffffffffffff', 'abcdef1234')?.note).toBe('float64 ramp');
    expect(acknowledgement(list, 'recon_ct_fbp', 'ffffffffffffffff', 'abcdee1234')).toBeNull();
    expect(acknowledgement(list, 'io_dicom', '0123456789abcdef', '1234567890')?.note).toBe('bigger series');
    expect(acknowledgement(list, 'io_dicom', 'ffffffffffffffff', '1234567890')).toBeNull();
    expect(acknowledgement(list, 'recon_ct_fbp', 'ffffffffffffffff', null)).toBeNull();
  });

  it('refuses a file that is not a list of {case, commit, note}, naming the entry', () => {
    expect(() => parseAcknowledged({ case: 'x' }, 'f.json')).toThrow('f.json: not a JSON list');
    expect(() => parseAcknowledged([{ case: 'x', commit: 'HEAD', note: '' }], 'f.json')).toThrow('f.json: entry 0 needs "commit", 7-40 hex digits');
    expect(() => parseAcknowledged([{ case: 'x', commit: 'abcdef1', note: '', why: 1 }], 'f.json')).toThrow('f.json: entry 0 has unknown field "why"');
    expect(() => parseAcknowledged([{ commit: 'abcdef1', note: '' }], 'f.json')).toThrow('entry 0 needs "case"');
  });
});

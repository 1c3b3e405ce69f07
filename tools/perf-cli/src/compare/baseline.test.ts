import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEnvironment, makeReport, makeResult } from '../../test/support/synthetic-report';
import { checkEnvironment, loadBaseline, parseBaseline } from './baseline';
import { loadCompareConfig, parseCompareConfig, resolveMetricPolicy } from './config';
import { BaselineError, COMPARE_ERROR_CODES, CompareConfigError } from './errors';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-baseline-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
  return 'no error';
}

describe('loadBaseline', () => {
  const good = makeReport([makeResult('a', [1, 2, 3])]);

  it('reads a valid report', () => {
    const p = write('good.json', JSON.stringify(good));
    expect(loadBaseline(p).benchmarks[0]!.id).toBe('a');
  });

  it('missing file', () => {
    const msg = codeOf(() => loadBaseline(path.join(dir, 'nope.json')));
    expect(msg).toMatch(/^RPERF_BASELINE_MISSING: baseline .*nope\.json does not exist; .*baseline update/);
  });

  it('not JSON: names the file, the line and the fix', () => {
    const p = write('bad.json', '{\n  "a": 1,\n  oops\n}');
    const msg = codeOf(() => loadBaseline(p));
    expect(msg).toMatch(/^RPERF_BASELINE_NOT_JSON: .*bad\.json is not JSON/);
    expect(msg).toMatch(/baseline update/);
  });

  it('JSON but not a report', () => {
    expect(codeOf(() => parseBaseline('[1,2]', 'arr.json'))).toMatch(/^RPERF_BASELINE_NOT_REPORT: arr\.json is JSON but not a report \(received an array\)/);
    expect(codeOf(() => parseBaseline('{"kind":"results","schema_version":"1.0.0"}', 'r.json'))).toMatch(/^RPERF_BASELINE_NOT_REPORT: r\.json is a per-package results file.*rhenium-perf merge/);
    const broken = { ...good, summary: { ...good.summary, passed: 'many' } };
    const msg = codeOf(() => parseBaseline(JSON.stringify(broken), 'x.json'));
    expect(msg).toMatch(/^RPERF_BASELINE_NOT_REPORT: x\.json is not a valid report document: .*\/summary\/passed/);
  });

  it('older schema version', () => {
    const old = { ...good, schema_version: '0.9.0' };
    expect(codeOf(() => parseBaseline(JSON.stringify(old), 'old.json'))).toMatch(/^RPERF_BASELINE_VERSION: old\.json has schema_version "0\.9\.0", this version reads 1\.x; make a new one/);
  });
});

describe('checkEnvironment', () => {
  const a = makeReport([], { environment: makeEnvironment('aaaaaaaaaaaaaaaa') });
  const b = makeReport([], { environment: makeEnvironment('bbbbbbbbbbbbbbbb', { cpu: 'Other CPU', cpu_count: 8 }) });

  it('same fingerprint: matched', () => {
    expect(checkEnvironment(a, a)).toEqual({ matched: true, differences: [] });
  });

  it('another machine: a typed error naming the differences and the fix', () => {
    let error: unknown;
    try {
      checkEnvironment(b, a, { baselineSource: 'baselines/v1.0.json' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BaselineError);
    expect((error as BaselineError).code).toBe('RPERF_BASELINE_ENV_MISMATCH');
    expect((error as Error).message).toMatch(/^baselines\/v1\.0\.json was measured on another machine .*cpu: "Synthetic CPU @ 2\.0GHz" -> "Other CPU", cpu_count: 2 -> 8.*--allow-env-mismatch/);
  });

  it('allowEnvMismatch returns the differences instead', () => {
    expect(checkEnvironment(b, a, { allowEnvMismatch: true })).toEqual({ matched: false, differences: ['cpu: "Synthetic CPU @ 2.0GHz" -> "Other CPU"', 'cpu_count: 2 -> 8'] });
  });
});

describe('comparison config', () => {
  it('validates with a clear error', () => {
    const msg = codeOf(() => parseCompareConfig({ thresholds: { latency_p95_ms: -1, cpu: 2 }, alpha: 2 }, 'perf.json'));
    expect(msg).toMatch(/^RPERF_COMPARE_CONFIG_INVALID: perf\.json is not a valid comparison config: /);
    expect(msg).toMatch(/\/thresholds: has unknown property "cpu"/);
    expect(msg).toMatch(/\/thresholds\/latency_p95_ms: must be > 0/);
    expect(msg).toMatch(/\/alpha: must be <= 0\.5/);
  });

  it('loads from a file; unreadable and non-JSON files are typed errors', () => {
    const p = write('cfg.json', JSON.stringify({ alpha: 0.05, benchmarks: { 'ct_*': { thresholds: { rss_mb_peak: 0.3 } } } }));
    const cfg = loadCompareConfig(p);
    expect(resolveMetricPolicy(cfg, 'ct_fbp', 'rss_mb_peak')).toEqual({ threshold: 0.3, singleSample: 'regression' });
    expect(resolveMetricPolicy(cfg, 'mri', 'rss_mb_peak')).toEqual({ threshold: 0.2, singleSample: 'regression' });
    expect(codeOf(() => loadCompareConfig(path.join(dir, 'missing.json')))).toMatch(/^RPERF_COMPARE_CONFIG_UNREADABLE: .*missing\.json cannot be read \(ENOENT\)/);
    expect(codeOf(() => loadCompareConfig(write('cfg-bad.json', '{ alpha: }')))).toMatch(/^RPERF_COMPARE_CONFIG_UNREADABLE: .*cfg-bad\.json is not JSON/);
    expect(new CompareConfigError('RPERF_COMPARE_CONFIG_INVALID', 'x').name).toBe('CompareConfigError');
  });

  it('every error code is documented in the catalogue', () => {
    for (const [code, text] of Object.entries(COMPARE_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_(BASELINE|COMPARE_CONFIG)_[A-Z_]+$/);
      expect(text.length).toBeGreaterThan(10);
    }
  });
});

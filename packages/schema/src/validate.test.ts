import { describe, expect, it } from 'vitest';
import { sampleBenchmark, sampleReport, sampleResults } from './sample';
import { SchemaValidationError } from './errors';
import { assertValid, validateReport, validateResults } from './validate';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('results schema', () => {
  it('accepts a complete document', () => {
    const out = validateResults(sampleResults());
    expect(out).toEqual({ valid: true, value: sampleResults() });
  });

  it('names the JSON path and the problem', () => {
    const doc = clone(sampleResults()) as unknown as { benchmarks: { latency_ms: { p95: unknown } }[] };
    doc.benchmarks[0]!.latency_ms.p95 = 'fast';
    const out = validateResults(doc);
    expect(out.valid).toBe(false);
    if (!out.valid) expect(out.errors).toContain('/benchmarks/0/latency_ms/p95: must be number,null');
  });

  it('rejects an unknown category, a bad modality and an unknown field', () => {
    const doc = clone(sampleResults()) as unknown as { benchmarks: Record<string, unknown>[] };
    doc.benchmarks[0]!.category = 'astrology';
    doc.benchmarks[0]!.modality = 'PET';
    doc.benchmarks[0]!.extra = 1;
    const out = validateResults(doc);
    expect(out.valid).toBe(false);
    if (!out.valid) {
      expect(out.errors.some((e) => e.startsWith('/benchmarks/0/category: must be one of ["e2e_core_model"'))).toBe(true);
      expect(out.errors).toContain('/benchmarks/0/modality: must be one of ["MRI","CT","US","XR",null]');
      expect(out.errors).toContain('/benchmarks/0: has unknown property "extra"');
    }
  });

  it('ties the state to success, error and skipped_reason', () => {
    const failedWithoutError = clone(sampleResults());
    failedWithoutError.benchmarks[0] = sampleBenchmark({ state: 'failed', success: false, error: null });
    const a = validateResults(failedWithoutError);
    expect(a.valid).toBe(false);
    if (!a.valid) expect(a.errors).toContain('/benchmarks/0/error: must be string');

    const passedWithoutSamples = clone(sampleResults());
    passedWithoutSamples.benchmarks[0] = sampleBenchmark({ samples_ms: [] });
    const b = validateResults(passedWithoutSamples);
    expect(b.valid).toBe(false);
    if (!b.valid) expect(b.errors).toContain('/benchmarks/0/samples_ms: must NOT have fewer than 1 items');

    const skipped = clone(sampleResults());
    skipped.benchmarks[0] = sampleBenchmark({ state: 'skipped', success: false, skipped_reason: 'requires CUDA', samples_ms: [] });
    expect(validateResults(skipped).valid).toBe(true);
  });

  it('rejects a missing required field and a bad timestamp', () => {
    const doc = clone(sampleResults()) as unknown as Record<string, unknown>;
    delete doc.environment;
    doc.timestamp = 'yesterday';
    const out = validateResults(doc);
    expect(out.valid).toBe(false);
    if (!out.valid) {
      expect(out.errors).toContain("/: must have required property 'environment'");
      expect(out.errors).toContain('/timestamp: must match format "date-time"');
    }
  });
});

describe('report schema', () => {
  it('accepts a complete report with a comparison, and one without', () => {
    expect(validateReport(sampleReport()).valid).toBe(true);
    expect(validateReport({ ...sampleReport(), comparison: null }).valid).toBe(true);
  });

  it('rejects a bad regression status and a negative count', () => {
    const doc = clone(sampleReport()) as unknown as { summary: Record<string, unknown> };
    doc.summary.regression_status = 'green';
    doc.summary.passed = -1;
    const out = validateReport(doc);
    expect(out.valid).toBe(false);
    if (!out.valid) {
      expect(out.errors).toContain('/summary/regression_status: must be one of ["not_checked","pass","inconclusive","regression"]');
      expect(out.errors).toContain('/summary/passed: must be >= 0');
    }
  });
});

describe('unique ids', () => {
  it('refuses a benchmark id twice in a results file and in a report, naming both places', () => {
    const results = clone(sampleResults());
    results.benchmarks.push({ ...clone(results.benchmarks[0]!), latency_ms: { ...results.benchmarks[0]!.latency_ms, p50: 14 } });
    const id = JSON.stringify(results.benchmarks[0]!.id);
    expect(validateResults(results)).toEqual({ valid: false, errors: [`/benchmarks/1: duplicates /benchmarks/0 (${id}); ids must be unique`] });
    const report = clone(sampleReport());
    report.benchmarks.push(clone(report.benchmarks[0]!));
    expect(() => assertValid('report', report, 'r.json')).toThrow(`r.json is not a valid report document: /benchmarks/1: duplicates /benchmarks/0 (${id}); ids must be unique`);
  });

  it('refuses a comparison (id, metric) twice; the same id with another metric is fine', () => {
    const report = clone(sampleReport());
    const c = report.comparison!.comparisons[0]!;
    report.comparison!.comparisons.push({ ...c, metric: 'rss_mb_peak' });
    expect(validateReport(report).valid).toBe(true);
    report.comparison!.comparisons.push({ ...c, current: 14 });
    report.ab!.comparisons.push(clone(report.ab!.comparisons[0]!));
    const out = validateReport(report);
    expect(out.valid ? [] : out.errors).toEqual([
      `/comparison/comparisons/2: duplicates /comparison/comparisons/0 (${JSON.stringify([c.id, c.metric])}); ids must be unique`,
      `/ab/comparisons/1: duplicates /ab/comparisons/0 (${JSON.stringify([report.ab!.comparisons[0]!.id, 'latency_ms'])}); ids must be unique`,
    ]);
  });
});

describe('assertValid', () => {
  it('throws a coded error naming the source and the path', () => {
    const doc = clone(sampleReport()) as unknown as { kind: string };
    doc.kind = 'results';
    expect(() => assertValid('report', doc, 'baselines/v1.0.json')).toThrowError(
      /^baselines\/v1\.0\.json is not a valid report document: \/kind: must be "report"/,
    );
    try {
      assertValid('report', doc, 'x.json');
    } catch (err) {
      expect(err).toBeInstanceOf(SchemaValidationError);
      expect((err as SchemaValidationError).code).toBe('RPERF_SCHEMA_INVALID');
    }
  });

  it('refuses another schema major version with the fix', () => {
    const doc = { ...sampleReport(), schema_version: '0.9.0' };
    expect(() => assertValid('report', doc, 'old.json')).toThrowError(/old\.json: schema_version "0\.9\.0" is not readable .* re-run/);
  });
});

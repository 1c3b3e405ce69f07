import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleReport, sampleResults } from './sample';
import { SCHEMA_VERSION, type Report, type ResultsFile } from './types';
import { upgradeDocument } from './upgrade';
import { assertValid } from './validate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The current sample written as a 1.1 document (`model` in place of `source`). */
function as11<T extends { source: unknown }>(doc: T): Record<string, unknown> {
  const { source, ...rest } = doc;
  return { ...rest, schema_version: '1.1.0', model: source };
}

describe('upgradeDocument', () => {
  it('reads a 1.1 report and results file: model becomes source, nothing else changes', () => {
    const report = sampleReport();
    const up = assertValid<Report>('report', as11(report), 'old-report.json');
    expect(up.schema_version).toBe(SCHEMA_VERSION);
    expect(up.source).toEqual(report.source);
    expect('model' in up).toBe(false);
    expect(up.benchmarks).toEqual(report.benchmarks);
    const results = sampleResults();
    expect(assertValid<ResultsFile>('results', as11(results), 'old-results.json').source).toEqual(results.source);
  });

  it('reads the committed 1.0 baseline through both steps', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(root, 'baselines', 'v1.0.json'), 'utf8')) as { schema_version: string; model?: { git_sha: string } };
    expect(doc.schema_version).toMatch(/^1\.[01]\./);
    const up = assertValid<Report>('report', doc, 'baselines/v1.0.json');
    expect(up.schema_version).toBe(SCHEMA_VERSION);
    expect(up.source.git_sha).toBe(doc.model!.git_sha);
    expect(up.benchmarks.length).toBeGreaterThan(100);
  });

  it('leaves current, foreign and non-object documents as they are', () => {
    const current = sampleReport();
    expect(upgradeDocument(current)).toBe(current);
    const future = { ...current, schema_version: '2.0.0' };
    expect(upgradeDocument(future)).toBe(future);
    expect(upgradeDocument(null)).toBeNull();
    expect(upgradeDocument([1])).toEqual([1]);
  });
});

import { CATEGORY_IDS } from '@rhenium-perf/schema';
import { ZOO_MODEL_NAMES } from '@rhenium-perf/onnx-models';
import { describe, expect, it } from 'vitest';
import { benchModelDescriptors } from '../bench/support';
import { expectSafeMarkdown } from '../test/check';
import { NASTY } from '../test/nasty';
import { GovernanceError } from './errors';
import { sha256Hex } from './hash';
import { describeTensor, loadModelCardText, modelCardData, renderModelCard } from './model-card';
import { syntheticReport } from './synthetic-report';

const AT = '2025-01-31T12:00:00Z';
const card = () => modelCardData(loadModelCardText(), benchModelDescriptors());

function expectInvalid(fn: () => unknown, path: string): GovernanceError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GovernanceError);
    const e = err as GovernanceError;
    expect(e.code).toBe('RPERF_GOV_INVALID_DATA');
    expect(e.issues.map((i) => i.split(': ')[0])).toContain(path);
    expect(e.message).toContain(path);
    return e;
  }
  throw new Error(`expected a GovernanceError naming ${path}`);
}

describe('renderModelCard', () => {
  it('renders the sections, the research-use statement, each model sha256 and the report figures', () => {
    const report = syntheticReport({ results: 26, timestamp: AT });
    const md = renderModelCard({ card: card(), report, generatedAt: AT });
    const shape = expectSafeMarkdown(md);
    for (const h of ['## Intended use', '### Out of scope', '## Limitations', '## Models', '## Performance figures', '### p95 latency per category']) {
      expect(shape.headings).toContain(h);
    }
    expect(md).toContain('**Research use only.**');
    for (const m of benchModelDescriptors()) expect(md).toContain(`\`${m.sha256}\``);
    expect(shape.tables.map((t) => t.rows)).toEqual([3, ZOO_MODEL_NAMES.length, 5, CATEGORY_IDS.length]);
    // models are sorted by name; the zoo's elemType shows as the dtype
    const models = md.split('\n').filter((l) => /^\| [a-z0-9]+ \| `[0-9a-f]{64}`/.test(l)).map((l) => l.split(' | ')[0]!.slice(2));
    expect(models).toEqual([...ZOO_MODEL_NAMES].sort());
    expect(md).toContain('| image: float32 \\[batch, 1, depth, height, width\\] |');
  });

  it('says so when there is no report', () => {
    const md = renderModelCard({ card: card(), report: null, generatedAt: AT });
    expect(md).toContain('No performance report was supplied');
    expect(inspectHeadings(md)).not.toContain('### Top-line metrics');
  });

  it('is byte-identical for the same data and changes only with the injected time', () => {
    const report = syntheticReport({ results: 13, timestamp: AT });
    const a = renderModelCard({ card: card(), report, generatedAt: AT });
    const b = renderModelCard({ card: card(), report: structuredClone(report), generatedAt: AT });
    expect(sha256Hex(b)).toBe(sha256Hex(a));
    const c = renderModelCard({ card: card(), report, generatedAt: '2025-02-01T00:00:00Z' });
    expect(c).not.toBe(a);
    expect(c.replace('2025-02-01T00:00:00Z', AT)).toBe(a);
  });

  it('keeps nasty values inside their cells and inert', () => {
    const models = NASTY.map((name, i) => ({ name, sha256: sha256Hex(String(i)), inputs: [name], outputs: [{ name, dtype: name, shape: [name, 1, null] }] }));
    const text = { ...loadModelCardText(), name: NASTY.join(' '), summary: NASTY.join('\n'), limitations: [...NASTY], contact: '<script>x</script>' };
    const md = renderModelCard({ card: modelCardData(text, models), report: null, generatedAt: AT });
    const shape = expectSafeMarkdown(md);
    const modelsTable = shape.tables[1]!;
    expect(modelsTable.header).toEqual(['model', 'sha256', 'inputs', 'outputs']);
    expect(modelsTable.rows).toBe(NASTY.length);
    expect(shape.headings.filter((h) => h.startsWith('# '))).toHaveLength(1);
  });

  it('refuses data that fails its schema, naming the path', () => {
    const bad = card();
    bad.models[2] = { ...bad.models[2]!, sha256: 'ABC' };
    expectInvalid(() => renderModelCard({ card: bad, report: null, generatedAt: AT }), '/models/2/sha256');
    expectInvalid(() => renderModelCard({ card: { ...card(), research_use_only: false }, report: null, generatedAt: AT }), '/research_use_only');
    const noModels = { ...card(), models: [] };
    expectInvalid(() => renderModelCard({ card: noModels, report: null, generatedAt: AT }), '/models');
    const extra = { ...card(), intended_use: { ...card().intended_use, audience: 'x' } };
    const e = expectInvalid(() => renderModelCard({ card: extra, report: null, generatedAt: AT }), '/intended_use');
    expect(e.message).toContain('unknown property "audience"');
  });

  it('refuses duplicate model names, a bad report and a bad timestamp', () => {
    const dup = card();
    dup.models = [...dup.models, { ...dup.models[0]! }];
    expectInvalid(() => renderModelCard({ card: dup, report: null, generatedAt: AT }), `/models/${ZOO_MODEL_NAMES.length}/name`);
    const report = syntheticReport({ results: 13, timestamp: AT });
    (report.benchmarks[4]!.latency_ms as { p95: unknown }).p95 = 'slow';
    expectInvalid(() => renderModelCard({ card: card(), report, generatedAt: AT }), '/benchmarks/4/latency_ms/p95');
    expectInvalid(() => renderModelCard({ card: card(), report: null, generatedAt: 'yesterday' }), 'generatedAt');
  });
});

describe('describeTensor', () => {
  it('formats names, dtypes and symbolic dimensions', () => {
    expect(describeTensor('x')).toBe('x');
    expect(describeTensor({ name: 'x', dtype: 'float32', shape: ['batch', 1, null, 64] })).toBe('x: float32 [batch, 1, ?, 64]');
    expect(describeTensor({ name: 'y' })).toBe('y');
    expect(describeTensor({ name: 'z', elemType: 'uint8', shape: [2] })).toBe('z: uint8 [2]');
  });
});

function inspectHeadings(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('#'));
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { connectedComponents, labelVolumes } from './components';
import { buildDossier, dossierId } from './dossier';
import { XAI_ERROR_CODES } from './errors';
import { sha256Volume } from './hash';
import { escapeCell, renderDossierMarkdown } from './render';
import { assertDossier, validateDossier } from './schema';

const MODEL_SHA = 'a'.repeat(64);

describe('buildDossier', () => {
  const { image, labels } = syntheticVolume('CT', 'small');
  const model = { name: 'ground_truth', sha256: MODEL_SHA, task: 'segmentation' as const, classes: 4, labelNames: { 1: 'lesion | one', 2: 'lesion two' } };

  it('validates, and its volumes are what the label map holds', () => {
    const d = buildDossier({ input: image, model, labelMap: labels });
    expect(validateDossier(d)).toEqual({ valid: true });
    const want = labelVolumes(labels);
    expect(d.quantitative.labels.map((l) => [l.label, l.voxels, l.volume_mm3])).toEqual(want.map((l) => [l.label, l.voxels, l.volumeMm3]));
    const vv = 10 * 10 * 10; // CT small: FOV [160, 320, 320] / [16, 32, 32]
    expect(d.subject.voxel_volume_mm3).toBe(vv);
    expect(d.quantitative.total_foreground_mm3).toBe(want.reduce((a, l) => a + l.voxels, 0) * vv);
    expect(d.quantitative.components).toBe(connectedComponents(labels).components.length);
    expect(d.limitations.some((l) => /research use only/i.test(l))).toBe(true);
    expect(d.hashes.input).toBe(sha256Volume(image));
    expect(d.created_at).toBeNull();
  });

  it('has an id derived from the hashes: same inputs, same document; a changed voxel, another id', () => {
    const a = buildDossier({ input: image, model, labelMap: labels });
    const b = buildDossier({ input: image, model, labelMap: labels, createdAt: '2025-01-02T03:04:05Z' });
    expect(b.id).toBe(a.id);
    expect(JSON.stringify({ ...b, created_at: null })).toBe(JSON.stringify(a));
    expect(a.id).toBe(dossierId(a.hashes.input, MODEL_SHA, a.hashes.outputs));
    const changed = { ...labels, data: labels.data.slice() };
    changed.data[0] = 3;
    expect(buildDossier({ input: image, model, labelMap: changed }).id).not.toBe(a.id);
    expect(buildDossier({ input: image, model: { ...model, sha256: 'b'.repeat(64) }, labelMap: labels }).id).not.toBe(a.id);
  });

  it('an invalid document is refused with the JSON path of the problem', () => {
    const d = buildDossier({ input: image, model, labelMap: labels });
    const bad = { ...d, limitations: ['no caveats'], hashes: { ...d.hashes, input: 'xyz' } };
    const r = validateDossier(bad);
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.errors.join('\n')).toMatch(/\/hashes\/input/);
    expect(() => assertDossier(bad)).toThrow(/RPERF|does not validate/);
  });

  it('refuses a label map of another shape', () => {
    const other = syntheticVolume('CT', 'tiny').labels;
    expect(() => buildDossier({ input: image, model, labelMap: other })).toThrow(expect.objectContaining({ code: 'RPERF_XAI_INPUT_MISMATCH' }));
  });

  it('renders Markdown with table-breaking text escaped', () => {
    const md = renderDossierMarkdown(buildDossier({ input: image, model, labelMap: labels }));
    expect(md).toMatch(/^# Evidence dossier dossier_[0-9a-f]{32}/);
    expect(md).toContain('lesion \\| one');
    expect(md).toContain('Research use only');
    // every table row has the column count of its header
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    for (const r of rows) expect(r.replace(/\\\|/g, '').split('|').length).toBeGreaterThan(2);
    expect(escapeCell('a | b\nc <d>')).toBe('a \\| b c &lt;d&gt;');
  });
});

describe('error catalogue', () => {
  it('documents every code in README.md', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(XAI_ERROR_CODES)) expect(readme).toContain(code);
  });
});

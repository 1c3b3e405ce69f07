import { DEFAULT_VOLUME_SEED, FIELD_OF_VIEW_MM, SIZES } from '@rhenium-perf/fixtures';
import { describe, expect, it } from 'vitest';
import { expectSafeMarkdown } from '../test/check';
import { NASTY } from '../test/nasty';
import { datasetCardView, loadDatasetCardData, renderDatasetCard } from './dataset-card';
import { GovernanceError } from './errors';

const AT = '2025-01-31T12:00:00Z';

describe('dataset card data', () => {
  it('matches the fixtures it describes (sizes, seed, fields of view)', () => {
    const card = loadDatasetCardData();
    expect(card.seed).toBe(DEFAULT_VOLUME_SEED);
    expect(Object.fromEntries(card.sizes.map((s) => [s.name, s.shape]))).toEqual(
      Object.fromEntries(Object.entries(SIZES).map(([k, v]) => [k, [...v]])),
    );
    expect(card.sizes.map((s) => s.shape)).toEqual([
      [8, 16, 16],
      [16, 32, 32],
      [32, 64, 64],
      [64, 128, 128],
    ]);
    expect(card.modalities.map((m) => m.id)).toEqual(['MRI', 'CT', 'US', 'XR']);
    for (const m of card.modalities) expect(m.field_of_view_mm, m.id).toEqual([...FIELD_OF_VIEW_MM[m.id]]);
  });
});

describe('datasetCardView', () => {
  it('computes voxels and sizes by hand', () => {
    const v = datasetCardView(loadDatasetCardData(), AT);
    expect(v.sizes.map((s) => s.voxels)).toEqual([2048, 16384, 131072, 1048576]);
    // tiny: MRI float32 2048*4 B = 8 KiB, CT int16 4 KiB, US uint8 2 KiB, XR uint16 [1,16,16] = 512 B
    expect(v.sizes[0]!.kb).toEqual([8, 4, 2, 0.5]);
    expect(v.images).toBe(16);
    // (4+2+1) bytes * (2048+16384+131072+1048576) voxels + 2 bytes * (256+1024+4096+16384) pixels
    expect(v.total_mb).toBeCloseTo((7 * 1198080 + 2 * 21760) / 1048576, 12);
  });
});

describe('renderDatasetCard', () => {
  it('renders generator, seed, the size x modality table and modalities', () => {
    const md = renderDatasetCard(loadDatasetCardData(), { generatedAt: AT });
    const shape = expectSafeMarkdown(md);
    expect(shape.headings).toEqual(expect.arrayContaining(['## Generator', '## Sizes', '## Modalities', '## Limitations']));
    expect(shape.tables.map((t) => t.rows)).toEqual([6, 4, 4]);
    expect(shape.tables[1]!.header).toEqual(['size', 'shape (nz x ny x nx)', 'voxels', 'MRI (KB)', 'CT (KB)', 'US (KB)', 'XR (KB)']);
    expect(md).toContain('| tiny | 8 x 16 x 16 | 2048 | 8.0 | 4.0 | 2.0 | 0.5 |');
    expect(md).toContain('| seed | 1 |');
    expect(renderDatasetCard(loadDatasetCardData(), { generatedAt: AT })).toBe(md);
  });

  it('keeps nasty values inert', () => {
    const card = loadDatasetCardData();
    card.modalities[0]!.description = NASTY.join(' ');
    card.limitations = [...NASTY];
    card.generator.functions = [...NASTY];
    const shape = expectSafeMarkdown(renderDatasetCard(card, { generatedAt: AT }));
    expect(shape.tables[2]!.rows).toBe(4);
  });

  it('refuses invalid data with the JSON path', () => {
    const card = loadDatasetCardData() as unknown as { sizes: { shape: number[] }[]; modalities: { id: string }[]; contains_patient_data: boolean };
    card.sizes[1]!.shape = [16, 32];
    card.modalities[3]!.id = 'PET';
    card.contains_patient_data = true;
    try {
      renderDatasetCard(card, { generatedAt: AT });
      expect.unreachable();
    } catch (err) {
      const e = err as GovernanceError;
      expect(e).toBeInstanceOf(GovernanceError);
      expect(e.code).toBe('RPERF_GOV_INVALID_DATA');
      const paths = e.issues.map((i) => i.split(': ')[0]);
      expect(paths).toEqual(expect.arrayContaining(['/sizes/1/shape', '/modalities/3/id', '/contains_patient_data']));
    }
    const dup = loadDatasetCardData();
    dup.sizes.push({ ...dup.sizes[0]! });
    expect(() => renderDatasetCard(dup, { generatedAt: AT })).toThrow('/sizes/4/name');
  });
});

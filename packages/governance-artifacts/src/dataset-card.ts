/**
 * The dataset card of the synthetic fixtures: generator, seed, sizes, modalities.
 */
import { readJsonAsset } from './assets';
import { BYTES_PER_KB, BYTES_PER_MB } from './defaults';
import { renderTemplate } from './render';
import type { DatasetCardData, FixtureDtype } from './types';
import { assertTimestamp, invalidData, validateGovernanceData } from './validate';

/** Bytes per voxel of each fixture element type. */
export const DTYPE_BYTES: Readonly<Record<FixtureDtype, number>> = Object.freeze({ uint8: 1, int16: 2, uint16: 2, float32: 4, float64: 8 });

/** The dataset card data shipped in `data/dataset-card.json`. */
export function loadDatasetCardData(): DatasetCardData {
  return readJsonAsset('data', 'dataset-card.json') as DatasetCardData;
}

/** One size row of the rendered card: the volume and, per modality, its size in MB. */
export interface SizeRow {
  name: string;
  shape: string;
  voxels: number;
  /** KB (KiB) of one image per modality, in the card's modality order. */
  kb: number[];
}

/** The flat view the dataset card template renders. */
export interface DatasetCardView {
  generated_at: string;
  card: DatasetCardData;
  modality_ids: string[];
  modalities: (DatasetCardData['modalities'][number] & { bytes_per_voxel: number; fov: string })[];
  sizes: SizeRow[];
  /** Images in the set: sizes x modalities. */
  images: number;
  total_mb: number;
}

/** Validate the card data and build its view (voxels and MB per size and modality, totals). */
export function datasetCardView(data: unknown, generatedAt: string, source = 'dataset card data'): DatasetCardView {
  const generated_at = assertTimestamp(generatedAt, 'generatedAt');
  const card = validateGovernanceData<DatasetCardData>('dataset_card', data, source);
  const issues: string[] = [];
  const names = new Map<string, number>();
  card.sizes.forEach((s, i) => {
    const prev = names.get(s.name);
    if (prev !== undefined) issues.push(`/sizes/${i}/name: size "${s.name}" duplicates /sizes/${prev}/name`);
    names.set(s.name, i);
  });
  const ids = new Map<string, number>();
  card.modalities.forEach((m, i) => {
    const prev = ids.get(m.id);
    if (prev !== undefined) issues.push(`/modalities/${i}/id: modality "${m.id}" duplicates /modalities/${prev}/id`);
    ids.set(m.id, i);
  });
  if (issues.length > 0) invalidData(source, 'dataset card', issues);
  const sizes = card.sizes.map((s) => {
    const [nz, ny, nx] = s.shape;
    return {
      name: s.name,
      shape: s.shape.join(' x '),
      voxels: nz * ny * nx,
      kb: card.modalities.map((m) => ((m.geometry === 'projection' ? ny * nx : nz * ny * nx) * DTYPE_BYTES[m.dtype]) / BYTES_PER_KB),
    };
  });
  return {
    generated_at,
    card,
    modality_ids: card.modalities.map((m) => m.id),
    modalities: card.modalities.map((m) => ({ ...m, bytes_per_voxel: DTYPE_BYTES[m.dtype], fov: m.field_of_view_mm.join(' x ') })),
    sizes,
    images: sizes.length * card.modalities.length,
    total_mb: (sizes.reduce((acc, s) => acc + s.kb.reduce((a, b) => a + b, 0), 0) * BYTES_PER_KB) / BYTES_PER_MB,
  };
}

/** Render the dataset card as Markdown. */
export function renderDatasetCard(data: unknown, options: { generatedAt: string; source?: string }): string {
  return renderTemplate('dataset-card', datasetCardView(data, options.generatedAt, options.source));
}

/**
 * The evidence dossier: one JSON document (dossier.schema.json) gathering the findings
 * (connected components), the quantitative evidence (volumes per label), a narrative made
 * from those numbers, the saliency and uncertainty summaries, the limitations, and the
 * sha256 of the input, the model and every output.
 *
 * Identity: `id = 'dossier_' + sha256(JSON [input, model, outputs sorted by name])[0..32]`.
 * Nothing else enters it (no wall clock, no device), and every other field is computed from
 * the same inputs in a fixed order, so the same inputs give the same document byte for byte;
 * `created_at` is null unless the caller injects a timestamp.
 */
import { voxelToWorld } from '@rhenium-perf/fixtures';
import { connectedComponents, labelVolumes, voxelVolumeMm3 } from './components';
import { DEFAULT_LIMITATIONS, DEFAULT_MAX_FINDINGS, DOSSIER_ID_HEX_CHARS, DOSSIER_SCHEMA_VERSION } from './defaults';
import { XaiError } from './errors';
import { sha256Array, sha256Bytes, sha256Volume } from './hash';
import { packageInfo } from './package-root';
import type { Dossier, DossierFinding, DossierInput } from './types';

/**
 * The dossier id of a set of hashes.
 * @example dossierId('ab..', 'cd..', { label_map: 'ef..' }) // 'dossier_' + 32 hex
 */
export function dossierId(inputSha256: string, modelSha256: string, outputs: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(outputs).sort().map((k) => [k, outputs[k]]);
  return `dossier_${sha256Bytes(JSON.stringify([inputSha256, modelSha256, sorted])).slice(0, DOSSIER_ID_HEX_CHARS)}`;
}

const fmt = (x: number, d = 1): string => x.toFixed(d);

/**
 * Build the dossier of one result.
 * @example
 * const d = buildDossier({ input: image, model: { name: 'unet3d', sha256, task: 'segmentation', classes: 4 }, labelMap });
 * validateDossier(d).valid // true
 */
export function buildDossier(o: DossierInput): Dossier {
  const { input, labelMap } = o;
  if (input.shape.some((n, a) => n !== labelMap.shape[a]) || labelMap.data.length !== input.data.length) {
    throw new XaiError('RPERF_XAI_INPUT_MISMATCH', `label map [${labelMap.shape.join(', ')}] does not match the input [${input.shape.join(', ')}]; segment the same volume`);
  }
  const V = input.data.length;
  for (const [what, m] of [['saliency', o.saliency?.map], ['uncertainty', o.uncertainty?.entropy]] as const) {
    if (m && m.length !== V) throw new XaiError('RPERF_XAI_INPUT_MISMATCH', `${what} map has ${m.length} voxels, the input ${V}`);
  }
  const name = (l: number): string => o.model.labelNames?.[l] ?? `label ${l}`;
  const inputSha = o.inputSha256 ?? sha256Volume(input);
  const outputs: Record<string, string> = { label_map: sha256Volume(labelMap) };
  if (o.saliency) outputs.saliency_map = sha256Array(o.saliency.map);
  if (o.uncertainty) {
    outputs.uncertainty_entropy = sha256Array(o.uncertainty.entropy);
    outputs.uncertainty_variance = sha256Array(o.uncertainty.variance);
  }
  for (const [k, v] of Object.entries(o.extraOutputs ?? {})) outputs[k] = v;
  const sortedOutputs = Object.fromEntries(Object.keys(outputs).sort().map((k) => [k, outputs[k]!]));
  const id = dossierId(inputSha, o.model.sha256, sortedOutputs);

  const cc = o.components ?? connectedComponents(labelMap);
  const volumes = labelVolumes(labelMap);
  const perLabel = new Map<number, number>();
  for (const c of cc.components) perLabel.set(c.label, (perLabel.get(c.label) ?? 0) + 1);
  const labels = volumes.map((l) => ({ label: l.label, label_name: name(l.label), voxels: l.voxels, volume_mm3: l.volumeMm3, components: perLabel.get(l.label) ?? 0 }));
  const totalVoxels = volumes.reduce((a, l) => a + l.voxels, 0);
  const vv = voxelVolumeMm3(input);

  // Per-component means of the maps, in one pass over the component map.
  const K = cc.components.length;
  const entSum = new Float64Array(K + 1);
  const salSum = new Float64Array(K + 1);
  const ent = o.uncertainty?.entropy ?? null;
  const sal = o.saliency?.map ?? null;
  if (ent || sal) {
    for (let v = 0; v < V; v++) {
      const id_ = cc.map[v]!;
      if (id_ === 0) continue;
      if (ent) entSum[id_] += ent[v]!;
      if (sal) salSum[id_] += sal[v]!;
    }
  }
  const maxFindings = o.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const ranked = [...cc.components].sort((a, b) => b.voxels - a.voxels || a.id - b.id).slice(0, maxFindings);
  const findings: DossierFinding[] = ranked.map((c, n) => ({
    id: `F${n + 1}`,
    label: c.label,
    label_name: name(c.label),
    component_id: c.id,
    voxels: c.voxels,
    volume_mm3: c.volumeMm3,
    centroid_mm: c.centroidMm,
    centroid_voxel: c.centroidVoxel,
    bbox_mm: c.bboxMm,
    bbox_voxel: c.bboxVoxel,
    mean_entropy: ent ? entSum[c.id]! / c.voxels : null,
    mean_saliency: sal ? salSum[c.id]! / c.voxels : null,
  }));

  const s = o.saliency ?? null;
  const u = o.uncertainty ?? null;
  const narrative: string[] = [];
  const modality = input.modality ?? 'unknown-modality';
  narrative.push(
    `${o.model.name} segmented a ${modality} volume of ${input.shape.join(' x ')} voxels (${input.spacingMm.map((x) => fmt(x, 3)).join(' x ')} mm) into ${labels.length} non-background label(s), ${fmt(totalVoxels * vv)} mm³ in total.`,
  );
  if (K === 0) narrative.push('No foreground component was found.');
  else {
    const top = ranked[0]!;
    narrative.push(
      `${K} connected component(s) (26-connectivity); the largest, ${name(top.label)}, holds ${top.voxels} voxels (${fmt(top.volumeMm3)} mm³) centred at (${top.centroidMm.map((x) => fmt(x)).join(', ')}) mm RAS.`,
    );
  }
  for (const l of labels) narrative.push(`${l.label_name}: ${l.voxels} voxels, ${fmt(l.volume_mm3)} mm³ in ${l.components} component(s).`);
  let saliency: Dossier['saliency'] = null;
  if (s) {
    const pm = voxelToWorld(input.affine, s.peakVoxel[0], s.peakVoxel[1], s.peakVoxel[2]);
    saliency = {
      method: 'occlusion',
      target_kind: s.target.kind,
      class_index: s.target.classIndex,
      region_voxels: s.target.regionVoxels,
      patch_size: s.patchSize,
      stride: s.stride,
      fill_value: s.fillValue,
      positions: s.positions.length,
      baseline: s.baseline,
      max_drop: s.maxValue,
      mean_drop: s.meanValue,
      peak_voxel: s.peakVoxel,
      peak_mm: pm,
    };
    narrative.push(
      `Occlusion saliency (${s.positions.length} patches of ${s.patchSize.join('x')} voxels) of class ${s.target.classIndex}: the target score ${fmt(s.baseline, 4)} drops by up to ${fmt(s.maxValue, 4)} when the region at voxel (${s.peakVoxel.join(', ')}) is masked.`,
    );
  }
  let uncertainty: Dossier['uncertainty'] = null;
  if (u) {
    const m = u.summary;
    uncertainty = {
      method: 'tta_flips',
      augmentations: u.augmentations.length,
      mean_entropy: m.meanEntropy,
      normalized_mean_entropy: m.normalizedMeanEntropy,
      max_entropy: m.maxEntropy,
      mean_variance: m.meanVariance,
      max_variance: m.maxVariance,
      foreground_mean_entropy: m.foregroundMeanEntropy,
    };
    narrative.push(
      `Flip test-time augmentation (${u.augmentations.length} passes): mean predictive entropy ${fmt(m.meanEntropy, 4)} nats (${fmt(100 * m.normalizedMeanEntropy)}% of the maximum), mean variance of the predicted class ${m.meanVariance.toExponential(2)}.`,
    );
  }
  const info = packageInfo();
  return {
    schema_version: DOSSIER_SCHEMA_VERSION,
    kind: 'xai_dossier',
    id,
    created_at: o.createdAt ?? null,
    subject: {
      modality: input.modality,
      shape: [...input.shape],
      spacing_mm: [...input.spacingMm],
      affine: [...input.affine],
      voxel_volume_mm3: vv,
    },
    model: { name: o.model.name, task: o.model.task, classes: o.model.classes, sha256: o.model.sha256 },
    hashes: { algorithm: 'sha256', input: inputSha, model: o.model.sha256, outputs: sortedOutputs },
    findings,
    quantitative: {
      labels,
      total_foreground_voxels: totalVoxels,
      total_foreground_mm3: totalVoxels * vv,
      components: K,
      findings_listed: findings.length,
    },
    narrative,
    saliency,
    uncertainty,
    limitations: [...DEFAULT_LIMITATIONS, ...(o.limitations ?? [])],
    provenance: { generator: '@rhenium-perf/xai-dossier', generator_version: info.version },
  };
}

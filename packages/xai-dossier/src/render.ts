/**
 * Markdown rendering of a dossier through the Handlebars template `templates/dossier.md.hbs`.
 *
 * Data first, format after: the dossier is turned into a flat view of display strings here;
 * the template only lays them out. Output is Markdown, not HTML, so Handlebars' HTML escaping
 * is off and every caller-supplied text goes through `cell` (table cells: `|` escaped, line
 * breaks and `<`, `>` neutralised) or `line` (list items: one line).
 *
 * NOTE: Handlebars is required on the first rendering, not at import: the pipeline imports
 * this package to build dossiers and never renders one (issue #17, cold `rhenium segment`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TemplateDelegate } from 'handlebars';
import { XaiError } from './errors';
import { packageInfo } from './package-root';
import type { Box3, Dossier } from './types';

/**
 * Make text safe inside a Markdown table cell.
 * @example escapeCell('a | b\nc') // 'a \\| b c'
 */
export function escapeCell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text on one line (list items). */
function oneLine(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const require = createRequire(import.meta.url);
let compiled: TemplateDelegate | null = null;

/** The compiled template (read once from the package's templates/ folder, Handlebars loaded then). */
function template(): TemplateDelegate {
  if (compiled) return compiled;
  const file = join(packageInfo().root, 'templates', 'dossier.md.hbs');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new XaiError('RPERF_XAI_TEMPLATE', `cannot read the dossier template ${file}: ${(e as Error).message}; the package's "files" must include templates`);
  }
  const hb = (require('handlebars') as typeof import('handlebars')).create();
  hb.registerHelper('cell', (v: unknown) => escapeCell(v === null || v === undefined ? '—' : String(v)));
  hb.registerHelper('line', (v: unknown) => oneLine(String(v)));
  compiled = hb.compile(text, { noEscape: true, strict: true });
  return compiled;
}

const num = (x: number | null, d = 2): string => (x === null ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(d));
const vec = (xs: readonly number[], d = 1): string => xs.map((x) => num(x, d)).join(', ');
const box = (b: Box3, d = 1): string => `[${vec(b.min, d)}] – [${vec(b.max, d)}]`;

/** The flat view the template renders. */
export function dossierView(d: Dossier): Record<string, unknown> {
  return {
    id: d.id,
    researchNotice: d.limitations.find((l) => /research use only/i.test(l)) ?? d.limitations[0],
    createdAt: d.created_at,
    modality: d.subject.modality,
    shape: d.subject.shape.join(' x '),
    spacing: d.subject.spacing_mm.map((x) => num(x, 3)).join(' x '),
    modelName: d.model.name,
    modelTask: d.model.task,
    classes: d.model.classes,
    modelSha: d.hashes.model,
    inputSha: d.hashes.input,
    findings: d.findings.map((f) => ({
      id: f.id,
      labelName: f.label_name,
      voxels: f.voxels,
      volume: num(f.volume_mm3, 1),
      centroid: `(${vec(f.centroid_mm)})`,
      box: box(f.bbox_mm),
      entropy: num(f.mean_entropy, 4),
      saliency: f.mean_saliency === null ? '—' : f.mean_saliency.toExponential(2),
    })),
    labels: d.quantitative.labels.map((l) => ({ label: l.label, name: l.label_name, voxels: l.voxels, volume: num(l.volume_mm3, 1), components: l.components })),
    totalVoxels: d.quantitative.total_foreground_voxels,
    totalVolume: num(d.quantitative.total_foreground_mm3, 1),
    components: d.quantitative.components,
    narrative: d.narrative,
    saliency: d.saliency && {
      classIndex: d.saliency.class_index,
      targetKind: d.saliency.target_kind,
      positions: d.saliency.positions,
      patch: d.saliency.patch_size.join('x'),
      stride: d.saliency.stride.join('x'),
      fill: num(d.saliency.fill_value, 3),
      baseline: num(d.saliency.baseline, 4),
      maxDrop: num(d.saliency.max_drop, 4),
      meanDrop: num(d.saliency.mean_drop, 5),
      peakVoxel: `(${d.saliency.peak_voxel.join(', ')})`,
      peakMm: `(${vec(d.saliency.peak_mm)})`,
    },
    uncertainty: d.uncertainty && {
      augmentations: d.uncertainty.augmentations,
      meanEntropy: num(d.uncertainty.mean_entropy, 4),
      normalized: `${num(100 * d.uncertainty.normalized_mean_entropy, 1)}%`,
      maxEntropy: num(d.uncertainty.max_entropy, 4),
      meanVariance: d.uncertainty.mean_variance.toExponential(2),
      foreground: num(d.uncertainty.foreground_mean_entropy, 4),
    },
    outputs: Object.entries(d.hashes.outputs).map(([name, sha]) => ({ name, sha })),
    limitations: d.limitations,
    generator: d.provenance.generator,
    generatorVersion: d.provenance.generator_version,
  };
}

/**
 * Render a dossier as Markdown.
 * @example renderDossierMarkdown(dossier).startsWith('# Evidence dossier dossier_') // true
 */
export function renderDossierMarkdown(d: Dossier): string {
  try {
    return template()(dossierView(d));
  } catch (e) {
    if (e instanceof XaiError) throw e;
    throw new XaiError('RPERF_XAI_TEMPLATE', `cannot render dossier ${d.id}: ${(e as Error).message}`);
  }
}

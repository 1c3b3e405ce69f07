/**
 * The model card: intended use, limitations, the models with their sha256, and the figures
 * of the latest performance report.
 */
import { readJsonAsset } from './assets';
import { renderTemplate } from './render';
import { reportFigures, type ReportFigures } from './report-figures';
import type { ModelCardData, ModelCardText, ModelDescriptor, TensorDescriptor } from './types';
import { assertTimestamp, invalidData, validateGovernanceData } from './validate';

/** The model card text shipped in `data/model-card.json` (models not included). */
export function loadModelCardText(): ModelCardText {
  return readJsonAsset('data', 'model-card.json') as ModelCardText;
}

/**
 * The model card data: the text plus the models (e.g. the zoo's descriptors). Models are
 * listed sorted by name so the card does not depend on the zoo's order.
 */
export function modelCardData(text: ModelCardText, models: readonly ModelDescriptor[]): ModelCardData {
  return { ...text, models: [...models].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/** `name: dtype [1, 1, 32, 64, 64]`, dimensions shown as given (a symbol for dynamic ones). */
export function describeTensor(t: TensorDescriptor): string {
  if (typeof t === 'string') return t;
  const dims = t.shape ? ` [${t.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : '';
  const dtype = t.dtype ?? t.elemType;
  return `${t.name}${dtype ? `: ${dtype}` : ''}${dims}`;
}

/** What to render the model card from. */
export interface ModelCardInput {
  card: unknown;
  /** The latest report (validated against the report schema), or null when there is none. */
  report: unknown | null;
  /** When the card is generated, ISO 8601 (injected so output is reproducible). */
  generatedAt: string;
  /** Name of the card's source in error messages. */
  source?: string;
}

/** The flat view the model card template renders. */
export interface ModelCardView {
  generated_at: string;
  card: ModelCardData;
  models: { name: string; sha256: string; inputs: string[]; outputs: string[] }[];
  report: ReportFigures | null;
}

/** Validate the inputs and build the model card's view. */
export function modelCardView(input: ModelCardInput): ModelCardView {
  const generated_at = assertTimestamp(input.generatedAt, 'generatedAt');
  const source = input.source ?? 'model card data';
  const card = validateGovernanceData<ModelCardData>('model_card', input.card, source);
  const seen = new Map<string, number>();
  card.models.forEach((m, i) => {
    const prev = seen.get(m.name);
    if (prev !== undefined) invalidData(source, 'model card', [`/models/${i}/name: duplicates /models/${prev}/name ("${m.name}"); each model must be listed once`]);
    seen.set(m.name, i);
  });
  return {
    generated_at,
    card,
    models: card.models.map((m) => ({ name: m.name, sha256: m.sha256, inputs: m.inputs.map(describeTensor), outputs: m.outputs.map(describeTensor) })),
    report: input.report === null || input.report === undefined ? null : reportFigures(input.report),
  };
}

/**
 * Render the model card as Markdown.
 * @example renderModelCard({ card: modelCardData(loadModelCardText(), zooModels), report, generatedAt: '2025-01-31T12:00:00Z' })
 */
export function renderModelCard(input: ModelCardInput): string {
  return renderTemplate('model-card', modelCardView(input));
}

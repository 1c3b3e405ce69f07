/**
 * Rendering each governance card from its schema-validated data: the model card (with the
 * zoo's models and the figures of a 13-result report), the dataset card and the risk register. A run is what a
 * user's `render` costs: validate the data, build the view, render the template.
 */
import { defineBench, type BenchCase } from '@rhenium-perf/harness';
import { ZOO_MODEL_NAMES } from '@rhenium-perf/onnx-models';
import {
  loadDatasetCardData,
  loadModelCardText,
  loadRiskRegisterData,
  modelCardData,
  renderDatasetCard,
  renderModelCard,
  renderRiskRegister,
  syntheticReport,
  type ModelCardData,
} from '../src/index';
import { BENCH_GENERATED_AT, RENDER_RUNS, benchModelDescriptors, verifyRendered } from './support';

const at = { generatedAt: BENCH_GENERATED_AT };

interface ModelCardState {
  card: ModelCardData;
  report: unknown;
}

const modelCard = defineBench({
  id: 'gov_model_card_zoo_r13',
  category: 'governance_artifacts',
  task: 'render_model_card',
  modality: null,
  // One item = one model card rendered; inputShape counts its models (no voxels).
  inputShape: [ZOO_MODEL_NAMES.length],
  dtype: 'json',
  tags: ['smoke', 'full'],
  ...RENDER_RUNS,
  params: { models: ZOO_MODEL_NAMES.length, results: 13 },
  setup: (): ModelCardState => {
    const s = { card: modelCardData(loadModelCardText(), benchModelDescriptors()), report: syntheticReport({ results: 13, timestamp: BENCH_GENERATED_AT }) };
    // Compile the template (once per process, cached) outside the timed region.
    renderModelCard({ ...s, generatedAt: BENCH_GENERATED_AT });
    return s;
  },
  run: (s: ModelCardState): string => renderModelCard({ card: s.card, report: s.report, generatedAt: BENCH_GENERATED_AT }),
  verify: (s: ModelCardState, md: string, ctx) => {
    ctx.record('models', Object.fromEntries(s.card.models.map((m) => [m.name, m.sha256])));
    const again = renderModelCard({ card: s.card, report: s.report, generatedAt: BENCH_GENERATED_AT });
    return verifyRendered(
      md,
      again,
      {
        headings: ['## Intended use', '## Limitations', '## Models', '## Performance figures', '### Top-line metrics', '### p95 latency per category'],
        // field table, models, top-line metrics, 13 categories
        tableRows: [3, s.card.models.length, 5, 13],
      },
      ctx,
    );
  },
});

const datasetCard = defineBench({
  id: 'gov_dataset_card_s4_m4',
  category: 'governance_artifacts',
  task: 'render_dataset_card',
  modality: null,
  // One item = one dataset card rendered (4 sites x 4 modalities); inputShape [16] counts its entries (no voxels).
  inputShape: [16],
  dtype: 'json',
  tags: ['full'],
  ...RENDER_RUNS,
  params: { sizes: 4, modalities: 4 },
  setup: () => {
    const data = loadDatasetCardData();
    renderDatasetCard(data, at); // compile the template outside the timed region
    return data;
  },
  run: (data): string => renderDatasetCard(data, at),
  verify: (data, md: string, ctx) =>
    verifyRendered(
      md,
      renderDatasetCard(data, at),
      { headings: ['## Generator', '## Sizes', '## Modalities', '## Provenance', '## Limitations'], tableRows: [6, 4, 4] },
      ctx,
    ),
});

const register = loadRiskRegisterData();

const riskRegister = defineBench({
  id: `gov_risk_register_r${register.risks.length}`,
  category: 'governance_artifacts',
  task: 'render_risk_register',
  modality: null,
  // One item = one risk register rendered; inputShape counts its risks (no voxels).
  inputShape: [register.risks.length],
  dtype: 'json',
  tags: ['full'],
  ...RENDER_RUNS,
  params: { risks: register.risks.length },
  setup: () => {
    const data = loadRiskRegisterData();
    renderRiskRegister(data, at); // compile the template outside the timed region
    return data;
  },
  run: (data): string => renderRiskRegister(data, at),
  verify: (data, md: string, ctx) => {
    const n = data.risks.length;
    return verifyRendered(
      md,
      renderRiskRegister(data, at),
      {
        headings: ['## Scales', '## Register', '## Risk details', ...data.risks.map((r) => `### ${r.id}: ${r.hazard}`)],
        // field table, scales, register, then one control table per risk
        tableRows: [5, 5, n, ...data.risks.map((r) => r.mitigations.length)],
      },
      ctx,
    );
  },
});

export default [modelCard, datasetCard, riskRegister];

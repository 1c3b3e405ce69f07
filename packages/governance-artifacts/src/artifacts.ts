/**
 * Generate every governance artifact from its data in one pass and record each in the
 * audit log: the model card, the dataset card, the risk register and the report figures.
 */
import { appendAuditEntry, createAuditLog } from './audit-log';
import { renderDatasetCard } from './dataset-card';
import { renderModelCard } from './model-card';
import { renderReportFigures } from './report-figures';
import { renderRiskRegister } from './risk-register';
import type { AuditLog } from './types';

/** Inputs of `generateArtifacts`. */
export interface GovernanceInputs {
  modelCard: unknown;
  datasetCard: unknown;
  riskRegister: unknown;
  /** The latest report, or null (then no report figures are generated). */
  report: unknown | null;
  /** Generation time, ISO 8601, used for every artifact and audit entry. */
  generatedAt: string;
  /** The log to append to (default: a new one). */
  auditLog?: AuditLog;
}

/** One generated artifact. */
export interface GeneratedArtifact {
  name: string;
  content: string;
}

/**
 * Render all artifacts (in a fixed order) and append each to the audit log.
 * @example const { artifacts, auditLog } = generateArtifacts({ ...inputs, generatedAt: '2025-01-31T12:00:00Z' })
 */
export function generateArtifacts(inputs: GovernanceInputs): { artifacts: GeneratedArtifact[]; auditLog: AuditLog } {
  const at = { generatedAt: inputs.generatedAt };
  const artifacts: GeneratedArtifact[] = [
    { name: 'model-card.md', content: renderModelCard({ card: inputs.modelCard, report: inputs.report, generatedAt: inputs.generatedAt }) },
    { name: 'dataset-card.md', content: renderDatasetCard(inputs.datasetCard, at) },
    { name: 'risk-register.md', content: renderRiskRegister(inputs.riskRegister, at) },
  ];
  if (inputs.report !== null) artifacts.push({ name: 'report-figures.md', content: renderReportFigures(inputs.report, at) });
  let auditLog = inputs.auditLog ?? createAuditLog();
  for (const a of artifacts) auditLog = appendAuditEntry(auditLog, { artifact: a.name, content: a.content, timestamp: inputs.generatedAt });
  return { artifacts, auditLog };
}

export { appendAuditEntry, assertAuditLogValid, auditEntryHash, auditHead, createAuditLog, renderAuditLog, verifyAuditLog } from './audit-log';
export type { AuditAppend, AuditLogView, AuditVerifyOptions } from './audit-log';
export { generateArtifacts } from './artifacts';
export type { GeneratedArtifact, GovernanceInputs } from './artifacts';
export { packageRootUrl, readAsset, readJsonAsset } from './assets';
export type { AssetFolder } from './assets';
export { DTYPE_BYTES, datasetCardView, loadDatasetCardData, renderDatasetCard } from './dataset-card';
export type { DatasetCardView, SizeRow } from './dataset-card';
export * from './defaults';
export { GOVERNANCE_ERROR_CODES, GovernanceError } from './errors';
export type { GovernanceErrorCode } from './errors';
export { escapeHtml, escapeMarkdownCode, escapeMarkdownInline } from './escape';
export { byteLength, sha256Hex } from './hash';
export { inspectMarkdown, tableCells } from './markdown-inspect';
export type { MarkdownShape, TableShape } from './markdown-inspect';
export { describeTensor, loadModelCardText, modelCardData, modelCardView, renderModelCard } from './model-card';
export type { ModelCardInput, ModelCardView } from './model-card';
export { PRINT_HELPERS, TEMPLATE_NAMES, renderTemplate, template } from './render';
export type { TemplateName } from './render';
export { renderReportFigures, reportFigures } from './report-figures';
export type { CategoryFigures, ReportFigures, ResultRow, TopLineRow } from './report-figures';
export { loadRiskRegisterData, renderRiskRegister, riskAcceptability, riskRegisterView } from './risk-register';
export type { RiskRegisterView, RiskRow } from './risk-register';
export { syntheticReport } from './synthetic-report';
export type { SyntheticReportOptions } from './synthetic-report';
export { assertTimestamp, GOVERNANCE_SCHEMA_FILES, governanceSchema, validateGovernanceData } from './validate';
export type { GovernanceDocumentKind } from './validate';
export type {
  AuditBreakReason,
  AuditEntry,
  AuditLog,
  AuditVerification,
  DatasetCardData,
  FixtureDtype,
  FixtureModality,
  FixtureSize,
  ModelCardData,
  ModelCardText,
  ModelDescriptor,
  RiskAcceptability,
  RiskControl,
  RiskControlKind,
  RiskEntry,
  RiskRegisterData,
  TensorDescriptor,
} from './types';

export { occlusionSaliency, occlusionStarts, occlusionWindows } from './occlusion';
export { ttaUncertainty, flipCombinations, flipGrid } from './uncertainty';
export { connectedComponents, labelVolumes, voxelVolumeMm3, boxToPatient } from './components';
export { buildDossier, dossierId } from './dossier';
export { dossierSchema, validateDossier, assertDossier } from './schema';
export { renderDossierMarkdown, dossierView, escapeCell } from './render';
export { sha256Bytes, sha256Array, sha256Volume, dtypeName } from './hash';
export { buildRegionProbe, inBox } from './region-probe';
export type { RegionProbeModel } from './region-probe';
export { inputGrid } from './model-input';
export type { InputGrid } from './model-input';
export { packageInfo } from './package-root';
export { XAI_ERROR_CODES, XaiError } from './errors';
export type { XaiErrorCode } from './errors';
export * from './defaults';
export type {
  Box3,
  Component,
  ComponentsResult,
  Dossier,
  DossierFinding,
  DossierInput,
  LabelMap,
  LabelVolume,
  OcclusionOptions,
  OcclusionPosition,
  SaliencyResult,
  SaliencyTarget,
  Triple,
  TtaOptions,
  UncertaintyResult,
  UncertaintySummary,
} from './types';

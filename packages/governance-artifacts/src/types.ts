/**
 * Types of the governance data. They mirror `schemas/*.schema.json` field for field;
 * the data is validated against the schemas before anything is rendered.
 */
import type { Modality } from '@rhenium-perf/schema';

/**
 * One input or output tensor of a model: a name, or a name with an element type (`dtype`,
 * or the zoo's `elemType`) and a shape.
 */
export type TensorDescriptor =
  | string
  | {
      readonly name: string;
      readonly dtype?: string;
      readonly elemType?: string;
      /** Dimensions outermost first; a string or null for a symbolic dimension (`batch`). */
      readonly shape?: readonly (number | string | null)[];
    };

/**
 * What the model card needs to know about one model. The model zoo
 * (`@rhenium-perf/onnx-models`) supplies these (`describeModel`); other properties are
 * allowed and ignored.
 */
export interface ModelDescriptor {
  readonly name: string;
  /** sha256 of the model file (lower-case hex). */
  readonly sha256: string;
  readonly inputs: readonly TensorDescriptor[];
  readonly outputs: readonly TensorDescriptor[];
}

/** Data of the model card. */
export interface ModelCardData {
  kind: 'model_card';
  name: string;
  version: string;
  summary: string;
  /** Always true: the models are seeded, untrained benchmark workloads. */
  research_use_only: true;
  intended_use: {
    primary_uses: string[];
    primary_users: string[];
    out_of_scope: string[];
  };
  limitations: string[];
  ethical_considerations: string[];
  training_data: string;
  contact: string;
  models: ModelDescriptor[];
}

/** The model card's text without the models (what `data/model-card.json` holds). */
export type ModelCardText = Omit<ModelCardData, 'models'>;

/** One fixture size. */
export interface FixtureSize {
  name: string;
  /** Volume shape [nz, ny, nx]. */
  shape: [number, number, number];
}

/** Element type of a fixture volume. */
export type FixtureDtype = 'uint8' | 'int16' | 'uint16' | 'float32' | 'float64';

/** One fixture modality. */
export interface FixtureModality {
  id: Modality;
  dtype: FixtureDtype;
  /** `volume`: the size's [nz, ny, nx]; `projection`: [1, ny, nx] (X-ray). */
  geometry: 'volume' | 'projection';
  /** Field of view [z, y, x] in mm (spacing = field of view / size). */
  field_of_view_mm: [number, number, number];
  value_range: string;
  description: string;
}

/** Data of the dataset card (the synthetic fixtures). */
export interface DatasetCardData {
  kind: 'dataset_card';
  name: string;
  version: string;
  summary: string;
  generator: {
    package: string;
    functions: string[];
    rng: string;
  };
  seed: number;
  sizes: FixtureSize[];
  modalities: FixtureModality[];
  contains_patient_data: false;
  provenance: string;
  intended_use: string[];
  limitations: string[];
}

/** Kind of a risk control, in ISO 14971's order of priority. */
export type RiskControlKind = 'inherent_safety' | 'protective_measure' | 'information_for_safety';

/** One risk control measure and how its effectiveness is verified. */
export interface RiskControl {
  measure: string;
  kind: RiskControlKind;
  verification: string;
}

/** One row of the risk register. Severity and probability are levels 1..5. */
export interface RiskEntry {
  id: string;
  hazard: string;
  cause: string;
  hazardous_situation: string;
  harm: string;
  severity: number;
  probability: number;
  mitigations: RiskControl[];
  residual_severity: number;
  residual_probability: number;
  residual_rationale: string;
}

/** Data of the risk register. */
export interface RiskRegisterData {
  kind: 'risk_register';
  name: string;
  version: string;
  scope: string;
  risks: RiskEntry[];
}

/** Acceptability of a risk index (severity x probability). */
export type RiskAcceptability = 'acceptable' | 'alarp' | 'unacceptable';

/** One audit-log entry: an artifact's digest chained to the previous entry. */
export interface AuditEntry {
  /** 0-based position in the log. */
  seq: number;
  artifact: string;
  /** sha256 of the artifact's bytes (UTF-8 for text). */
  sha256: string;
  bytes: number;
  timestamp: string;
  /** `entry_hash` of the previous entry, or GENESIS_HASH for the first. */
  prev_hash: string;
  /** sha256 of the canonical form of the fields above. */
  entry_hash: string;
}

/** An audit log of generated artifacts. */
export interface AuditLog {
  kind: 'audit_log';
  hash_algorithm: 'sha256';
  entries: AuditEntry[];
}

/** Why an audit log failed to verify. */
export type AuditBreakReason = 'seq' | 'prev_hash' | 'entry_hash' | 'timestamp' | 'head' | 'content';

/** Outcome of verifying an audit log, keyed on `state`. */
export type AuditVerification =
  | { state: 'valid'; entries: number; head: string }
  | {
      state: 'broken';
      /** Index of the first entry that does not verify (entries.length for a head mismatch). */
      index: number;
      reason: AuditBreakReason;
      message: string;
    };

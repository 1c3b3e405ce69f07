/**
 * Validation of the governance data against the package's JSON Schemas (`schemas/`),
 * through the workspace's shared ajv instance (`getValidator` of @rhenium-perf/schema).
 */
import { formatErrors, getValidator } from '@rhenium-perf/schema';
import { readJsonAsset } from './assets';
import { GovernanceError } from './errors';

/** The documents this package validates, and their schema files. */
export const GOVERNANCE_SCHEMA_FILES = Object.freeze({
  model_card: 'model-card.schema.json',
  dataset_card: 'dataset-card.schema.json',
  risk_register: 'risk-register.schema.json',
  audit_log: 'audit-log.schema.json',
} as const);

/** A document kind: `model_card`, `dataset_card`, `risk_register`, `audit_log`. */
export type GovernanceDocumentKind = keyof typeof GOVERNANCE_SCHEMA_FILES;

const loaded = new Map<GovernanceDocumentKind, Record<string, unknown>>();

/** The parsed JSON Schema of a document kind. */
export function governanceSchema(kind: GovernanceDocumentKind): Record<string, unknown> {
  let schema = loaded.get(kind);
  if (!schema) {
    schema = readJsonAsset('schemas', GOVERNANCE_SCHEMA_FILES[kind]) as Record<string, unknown>;
    loaded.set(kind, schema);
  }
  return schema;
}

/** Throw the package's validation error with `path: problem` issues. */
export function invalidData(source: string, what: string, issues: readonly string[]): never {
  const shown = issues.slice(0, 5).join('; ');
  const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : '';
  throw new GovernanceError('RPERF_GOV_INVALID_DATA', `${source} is not a valid ${what}: ${shown}${more}`, issues);
}

/**
 * Validate `doc` as a `kind` document and return it typed, or throw a `GovernanceError`
 * (`RPERF_GOV_INVALID_DATA`) whose message and `issues` name each JSON path.
 * @example validateGovernanceData('risk_register', json, 'data/risk-register.json')
 */
export function validateGovernanceData<T>(kind: GovernanceDocumentKind, doc: unknown, source: string = kind): T {
  const fn = getValidator(governanceSchema(kind));
  if (fn(doc)) return doc as T;
  const issues = formatErrors(fn.errors);
  return invalidData(source, kind.replace('_', ' '), issues.length > 0 ? issues : ['/: is invalid']);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Check an injected timestamp (ISO 8601 with a zone). Rendering never reads the clock: the
 * caller passes the time, so the same data gives the same bytes.
 */
export function assertTimestamp(value: unknown, name: string): string {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    invalidData(name, 'timestamp', [`${name}: must be an ISO 8601 date-time with a zone (e.g. 2025-01-31T12:00:00Z), received ${JSON.stringify(value)}`]);
  }
  return value as string;
}

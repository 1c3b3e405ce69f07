/**
 * ajv validators for the results file, the report and the history record, whose errors name the JSON path
 * (`/benchmarks/3/latency_ms/p95`) and the problem.
 *
 * NOTE: ajv is required on the first validation, not at import: every package that imports
 * the harness imports this one, and loading ajv (~70 modules) cost a cold `rhenium segment`,
 * which validates nothing, ~10% of its CPU time (issue #17). Validators are compiled on first
 * use, as before.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SchemaValidationError } from './errors';
import { SCHEMA_VERSION, type Report, type ResultsFile } from './types';
import { upgradeDocument } from './upgrade';

const require = createRequire(import.meta.url);

/** The JSON Schema documents, as parsed objects. */
export const schemas = Object.freeze({
  common: require('../schemas/common.schema.json') as Record<string, unknown>,
  results: require('../schemas/results.schema.json') as Record<string, unknown>,
  report: require('../schemas/report.schema.json') as Record<string, unknown>,
  history: require('../schemas/history.schema.json') as Record<string, unknown>,
});

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type AjvInstance = import('ajv').default;
let ajv: AjvInstance | null = null;
const compiled = new Map<string, ValidateFunction>();

function instance(): AjvInstance {
  if (ajv) return ajv;
  // NOTE: ajv ships CommonJS (required here, synchronously, so the validators stay synchronous);
  // its default export arrives as `.default`.
  const Ajv2020Module = require('ajv/dist/2020.js') as unknown;
  const Ctor = ((Ajv2020Module as { default?: unknown }).default ?? Ajv2020Module) as new (o: object) => AjvInstance;
  ajv = new Ctor({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addSchema(schemas.common);
  return ajv;
}

/** A compiled validator for one of the schemas (or a schema object that other packages add). */
export function getValidator(schema: Record<string, unknown>): ValidateFunction {
  const id = String(schema.$id ?? '');
  const hit = compiled.get(id);
  if (hit) return hit;
  const a = instance();
  const fn = id && a.getSchema(id) ? (a.getSchema(id) as ValidateFunction) : a.compile(schema);
  compiled.set(id, fn);
  return fn;
}

/** One line per ajv error: `/benchmarks/0/latency_ms/p95: must be number`. */
export function formatErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  return errors
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const path = e.instancePath === '' ? '/' : e.instancePath;
      let detail = e.message ?? 'is invalid';
      if (e.keyword === 'additionalProperties') detail = `has unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      if (e.keyword === 'enum') detail = `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
      if (e.keyword === 'const') detail = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
      return `${path}: ${detail}`;
    });
}

/** Outcome of a validation. */
export type ValidationOutcome<T> = { valid: true; value: T } | { valid: false; errors: string[] };

/**
 * What JSON Schema cannot say: a benchmark id appears once per document (readers key cases
 * by id, so a duplicate would let a second, slower copy of a case go uncompared), and a
 * comparison (id, metric) once per comparison section.
 */
function duplicateProblems(doc: unknown): string[] {
  const out: string[] = [];
  const unique = (items: unknown, where: string, key: (x: Record<string, unknown>) => unknown): void => {
    if (!Array.isArray(items)) return;
    const first = new Map<string, number>();
    items.forEach((x, i) => {
      if (!x || typeof x !== 'object') return;
      const k = JSON.stringify(key(x as Record<string, unknown>));
      const j = first.get(k);
      if (j === undefined) first.set(k, i);
      else out.push(`${where}/${i}: duplicates ${where}/${j} (${k}); ids must be unique`);
    });
  };
  if (!doc || typeof doc !== 'object') return out;
  const d = doc as Record<string, unknown>;
  unique(d.benchmarks, '/benchmarks', (b) => b.id);
  unique(d.cases, '/cases', (c) => c.id);
  const cmp = (section: unknown): unknown => (section && typeof section === 'object' ? (section as Record<string, unknown>).comparisons : undefined);
  unique(cmp(d.comparison), '/comparison/comparisons', (c) => [c.id, c.metric]);
  unique(cmp(d.ab), '/ab/comparisons', (c) => [c.id, c.metric]);
  return out;
}

function check<T>(schema: Record<string, unknown>, doc: unknown): ValidationOutcome<T> {
  const v = schemas.common; // ensure the common definitions are registered first
  void v;
  const fn = getValidator(schema);
  if (fn(doc)) {
    const dup = duplicateProblems(doc);
    return dup.length === 0 ? { valid: true, value: doc as T } : { valid: false, errors: dup };
  }
  const errs = formatErrors(fn.errors);
  return { valid: false, errors: errs.length > 0 ? errs : ['/: is invalid'] };
}

/** Validate a package results file. */
export function validateResults(doc: unknown): ValidationOutcome<ResultsFile> {
  return check<ResultsFile>(schemas.results, doc);
}

/** Validate a merged report. */
export function validateReport(doc: unknown): ValidationOutcome<Report> {
  return check<Report>(schemas.report, doc);
}

/**
 * Validate a history record (`rhenium-perf history add`: one report's passed cases, kept per
 * machine). Its TypeScript type lives with the code that writes it (tools/perf-cli/src/history).
 */
export function validateHistoryRecord<T = Record<string, unknown>>(doc: unknown): ValidationOutcome<T> {
  return check<T>(schemas.history, doc);
}

/** True when `version` is readable by this package (same major). */
export function isCompatibleVersion(version: unknown): boolean {
  return typeof version === 'string' && version.split('.')[0] === SCHEMA_VERSION.split('.')[0];
}

/**
 * Validate and return, or throw a `SchemaValidationError` whose message names `source`
 * (a file name) and the first problems. A document of an older minor version (1.0.x) is
 * upgraded first (see upgrade.ts); the returned value is the upgraded document.
 */
export function assertValid<T>(kind: 'results' | 'report', input: unknown, source: string): T {
  const doc = upgradeDocument(input);
  const version = (doc as { schema_version?: unknown } | null)?.schema_version;
  if (doc && typeof doc === 'object' && version !== undefined && !isCompatibleVersion(version)) {
    throw new SchemaValidationError(
      'RPERF_SCHEMA_VERSION',
      `${source}: schema_version ${JSON.stringify(version)} is not readable by this version (expects ${SCHEMA_VERSION.split('.')[0]}.x); re-run the benchmarks to regenerate it`,
    );
  }
  const out = kind === 'results' ? validateResults(doc) : validateReport(doc);
  if (out.valid) return out.value as T;
  const shown = out.errors.slice(0, 5).join('; ');
  const more = out.errors.length > 5 ? ` (+${out.errors.length - 5} more)` : '';
  throw new SchemaValidationError('RPERF_SCHEMA_INVALID', `${source} is not a valid ${kind} document: ${shown}${more}`, out.errors);
}

/**
 * JSON Schemas of the export formats, for validating what we write.
 */
import { formatErrors, getValidator } from '@rhenium-perf/schema';
import bmfSchemaDocument from './bmf.schema.json';
import gabSchemaDocument from './github-action-benchmark.schema.json';

/** Bencher Metric Format schema (Bencher's own, in draft 2020-12). */
export const bmfSchema = bmfSchemaDocument as Record<string, unknown>;
/** github-action-benchmark custom-tool input schema. */
export const githubActionBenchmarkSchema = gabSchemaDocument as Record<string, unknown>;

/** Problems of `doc` against an export format, as `path: problem` lines (empty when valid). */
export function validateExport(format: 'bmf' | 'github-action-benchmark', doc: unknown): string[] {
  const validate = getValidator(format === 'bmf' ? bmfSchema : githubActionBenchmarkSchema);
  return validate(doc) ? [] : formatErrors(validate.errors);
}

// Keeps types.ts and the JSON Schemas in step: the complete samples are typed by the TS types
// (so every TS field is present), and here every schema property must appear in the samples
// and every sample field must be a schema property, recursively.
import { describe, expect, it } from 'vitest';
import { sampleReport, sampleResults } from './sample';
import { CATEGORY_IDS } from './types';
import { schemas } from './validate';

type Json = Record<string, unknown>;
const common = schemas.common as { $defs: Record<string, Json> };

function resolve(s: Json): Json {
  const ref = s.$ref as string | undefined;
  if (!ref) return s;
  const name = ref.split('#/$defs/')[1]!;
  return resolve(common.$defs[name]!);
}

function compare(schema: Json, value: unknown, path: string, problems: string[]): void {
  const s = resolve(schema);
  if (Array.isArray(value)) {
    const items = s.items as Json | undefined;
    if (items) value.forEach((v, i) => compare(items, v, `${path}/${i}`, problems));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const alternatives = (s.oneOf as Json[] | undefined)?.filter((o) => o.type === 'object');
  const obj = alternatives?.[0] ?? s;
  const props = obj.properties as Record<string, Json> | undefined;
  if (!props) return; // free-form maps (quality, params, metadata)
  const schemaKeys = Object.keys(props).sort();
  const valueKeys = Object.keys(value).sort();
  for (const k of schemaKeys) if (!valueKeys.includes(k)) problems.push(`${path}/${k}: in the schema, not in the TS type`);
  for (const k of valueKeys) if (!schemaKeys.includes(k)) problems.push(`${path}/${k}: in the TS type, not in the schema`);
  for (const k of valueKeys) if (props[k]) compare(props[k]!, (value as Json)[k], `${path}/${k}`, problems);
}

describe('TypeScript types and JSON Schema stay in step', () => {
  it('results file', () => {
    const problems: string[] = [];
    compare(schemas.results, sampleResults(), '', problems);
    expect(problems).toEqual([]);
  });
  it('report', () => {
    const problems: string[] = [];
    compare(schemas.report, sampleReport(), '', problems);
    expect(problems).toEqual([]);
  });
  it('the category enum is the 13 ids of the seed', () => {
    expect((common.$defs.category as { enum: string[] }).enum).toEqual([...CATEGORY_IDS]);
    expect(CATEGORY_IDS).toHaveLength(13);
  });
});

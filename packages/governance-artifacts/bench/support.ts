/**
 * Inputs and checks shared by the governance benchmark cases.
 */
import { VerifyError, expectQuality, type BenchContext, type QualityFigures } from '@rhenium-perf/harness';
import { ZOO_MODEL_NAMES, describeModel } from '@rhenium-perf/onnx-models';
import { inspectMarkdown, sha256Hex, type ModelDescriptor } from '../src/index';

/** The injected generation time of every benchmarked artifact (output must not depend on the clock). */
export const BENCH_GENERATED_AT = '2025-01-31T12:00:00Z';

/**
 * The model zoo's descriptors (name, sha256 of the serialised model, inputs, outputs...):
 * every model is built from its seeded weights (a few hundred ms, in setup).
 */
export function benchModelDescriptors(): ModelDescriptor[] {
  return ZOO_MODEL_NAMES.map((name) => describeModel(name));
}

/**
 * Run counts of the rendering cases, per process. NOTE: a render takes well under a
 * millisecond (the harness batches calls into samples of >= 1 ms), so the default 3 warm-up
 * calls leave the JIT cold; 20 warm-up calls and 40 timed samples (the smoke run's old count)
 * cost well under a second per process.
 */
export const RENDER_RUNS = Object.freeze({ warmupRunsPerProcess: 20, measuredRunsPerProcess: 40 });

/** What a rendered document must contain. */
export interface ExpectedShape {
  /** Headings that must appear (exact lines, e.g. `## Models`). */
  headings: readonly string[];
  /** Body rows of each table, in document order. */
  tableRows: readonly number[];
}

/**
 * Check a rendered document: the expected headings and table row counts, every row with
 * its header's column count, no HTML but `<br>`, and a second render with identical bytes.
 * Records the sha256 and size of the output.
 */
export function verifyRendered(
  markdown: string,
  again: string,
  expected: ExpectedShape,
  ctx: Pick<BenchContext, 'record'>,
): QualityFigures {
  const hash = sha256Hex(markdown);
  ctx.record('sha256', hash);
  ctx.record('bytes', Buffer.byteLength(markdown, 'utf8'));
  const shape = inspectMarkdown(markdown);
  const missing = expected.headings.filter((h) => !shape.headings.includes(h));
  if (missing.length > 0) throw new VerifyError(`missing sections: ${missing.join(', ')}`);
  const rows = shape.tables.map((t) => t.rows);
  ctx.record('table_rows', rows);
  // Tables whose body row count is not the expected one (a missing or extra table counts too).
  let tablesOff = 0;
  for (let i = 0; i < Math.max(rows.length, expected.tableRows.length); i++) if (rows[i] !== expected.tableRows[i]) tablesOff++;
  const brokenRows = shape.tables.reduce((acc, t) => acc + t.rowCells.filter((n) => n !== t.header.length).length, 0);
  const tags = (markdown.match(/<\/?[A-Za-z][^>]*>/g) ?? []).filter((t) => t !== '<br>');
  return {
    tables_with_unexpected_rows: expectQuality(`tables_with_unexpected_rows (rows ${JSON.stringify(rows)}, expected ${JSON.stringify(expected.tableRows)})`, tablesOff, { max: 0, unit: 'tables' }),
    broken_rows: expectQuality('broken_rows', brokenRows, { max: 0, unit: 'rows' }),
    raw_html_tags: expectQuality('raw_html_tags', tags.length, { max: 0, unit: 'tags' }),
    rerender_identical: expectQuality('rerender_identical', sha256Hex(again) === hash ? 1 : 0, { min: 1 }),
  };
}

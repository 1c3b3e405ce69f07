/** Shared assertions of the tests: a rendered document is structurally intact and inert. */
import { expect } from 'vitest';
import { inspectMarkdown, type MarkdownShape } from '../src/index';

/** Every table row has its header's column count; no HTML tag but `<br>`; no `<script`. */
export function expectSafeMarkdown(md: string): MarkdownShape {
  const shape = inspectMarkdown(md);
  for (const t of shape.tables) expect(t.rowCells.every((n) => n === t.header.length), `table ${t.header.join('|')}: ${t.rowCells}`).toBe(true);
  expect(md).not.toMatch(/<script/i);
  expect((md.match(/<\/?[A-Za-z][^>]*>/g) ?? []).filter((t) => t !== '<br>')).toEqual([]);
  // Every line that starts a table row is inside a table: a value never starts a new line.
  const tableLines = md.split('\n').filter((l) => l.startsWith('|')).length;
  const counted = shape.tables.reduce((a, t) => a + t.rows + 2, 0);
  expect(tableLines).toBe(counted);
  return shape;
}

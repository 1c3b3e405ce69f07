import { describe, expect, it } from 'vitest';
import { inspectMarkdown, tableCells } from './markdown-inspect';

describe('tableCells', () => {
  it('splits on unescaped pipes only', () => {
    expect(tableCells('| a | b\\|c |')).toEqual(['a', 'b\\|c']);
    expect(tableCells('|a|b|c|')).toEqual(['a', 'b', 'c']);
    expect(tableCells('| a | | c |')).toEqual(['a', '', 'c']);
  });
});

describe('inspectMarkdown', () => {
  it('reads headings, tables, their rows and column consistency', () => {
    const md = ['# T', '', '| a | b |', '| --- | ---: |', '| 1 | 2 |', '| 3 | 4 | 5 |', '', '## U', '', '| x |', '| --- |', '| y |', ''].join('\n');
    const s = inspectMarkdown(md);
    expect(s.headings).toEqual(['# T', '## U']);
    expect(s.tables).toHaveLength(2);
    expect(s.tables[0]).toEqual({ header: ['a', 'b'], rows: 2, rowCells: [2, 3], consistent: false });
    expect(s.tables[1]).toEqual({ header: ['x'], rows: 1, rowCells: [1], consistent: true });
  });

  it('does not take a pipe line without a delimiter row for a table', () => {
    expect(inspectMarkdown('| a |\n| b |\n').tables).toEqual([]);
  });
});

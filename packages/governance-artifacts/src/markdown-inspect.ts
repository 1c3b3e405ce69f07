/**
 * A small structural reading of rendered Markdown, used by the benchmarks' `verify` and the
 * tests: the headings, and each table with its rows and whether every row has the header's
 * column count (a value that broke out of its cell would change it).
 */

/** One pipe table. */
export interface TableShape {
  /** Cells of the header row, trimmed. */
  header: string[];
  /** Body rows (without the header and delimiter rows). */
  rows: number;
  /** Cells per body row, in order. */
  rowCells: number[];
  /** True when every body row has as many cells as the header. */
  consistent: boolean;
}

/** Headings and tables of a document. */
export interface MarkdownShape {
  headings: string[];
  tables: TableShape[];
}

/**
 * Cells of a pipe-table row: split on `|` not escaped by a backslash, without the empty
 * outer pieces. The renderer never emits a raw backslash from data (`&#92;`), so the only
 * `\|` is an escaped pipe.
 * @example tableCells('| a | b\\|c |') // ['a', 'b\\|c']
 */
export function tableCells(line: string): string[] {
  const parts = line.trim().split(/(?<!\\)\|/);
  if (parts[0]?.trim() === '') parts.shift();
  if (parts[parts.length - 1]?.trim() === '') parts.pop();
  return parts.map((p) => p.trim());
}

const DELIMITER = /^\|?(\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?$/;

/** Read the headings and pipe tables of a Markdown document. */
export function inspectMarkdown(markdown: string): MarkdownShape {
  const lines = markdown.split('\n');
  const headings: string[] = [];
  const tables: TableShape[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      headings.push(`${h[1]} ${h[2]}`);
      continue;
    }
    const next = lines[i + 1];
    if (line.trimStart().startsWith('|') && next !== undefined && DELIMITER.test(next.trim())) {
      const header = tableCells(line);
      const rowCells: number[] = [];
      let j = i + 2;
      while (j < lines.length && (lines[j] as string).trimStart().startsWith('|')) {
        rowCells.push(tableCells(lines[j] as string).length);
        j++;
      }
      tables.push({ header, rows: rowCells.length, rowCells, consistent: rowCells.every((n) => n === header.length) });
      i = j - 1;
    }
  }
  return { headings, tables };
}

/**
 * Escaping of text that comes from results (ids, task names, error messages) so that it can
 * neither break a Markdown table nor inject HTML, and cannot break a Mermaid diagram.
 */

/** Longest text put in a table cell; longer text is cut with an ellipsis. */
export const MAX_CELL_CHARS = 300;

/**
 * Markdown-safe inline text, for table cells and running text alike:
 * `&`, `<`, `>` become entities (no HTML), `|` and `\` become numeric entities (GFM splits
 * table cells before any backslash escape is honoured, and `\\|` would still split), a
 * backtick becomes `&#96;` (no code span), and line breaks become `<br>` (the one tag we emit).
 * @example escapeMarkdown('a | b\n<c>') // 'a &#124; b<br>&lt;c&gt;'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '&#92;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** Cut `text` to `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max = MAX_CELL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Longest label put in a Mermaid diagram. */
export const MAX_MERMAID_LABEL = 48;

/**
 * Text for inside a double-quoted Mermaid label: only letters, digits, spaces and
 * `_ . , : / + % ( ) -` survive (`&` reads "and"); anything that could end the string,
 * start an entity or a directive (`"`, `#`, `;`, `%%`, brackets, `<`) becomes a space.
 * @example escapeMermaid('I/O & "parsing"') // 'I/O and parsing'
 */
export function escapeMermaid(text: string): string {
  const cleaned = text
    .replace(/&/g, ' and ')
    .replace(/%%/g, ' ')
    .replace(/[^\p{L}\p{N} _.,:/+%()-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = cleaned.length > MAX_MERMAID_LABEL ? `${cleaned.slice(0, MAX_MERMAID_LABEL - 1).trimEnd()}…` : cleaned;
  return cut === '' ? '?' : cut;
}

/**
 * Escaping of text that comes from results (ids, task names, error messages) so that it can
 * neither break a Markdown table nor inject HTML, and cannot break a Mermaid diagram.
 */

/** Longest text put in a table cell; longer text is cut with an ellipsis. */
export const MAX_CELL_CHARS = 300;

/**
 * Markdown-safe inline text, for table cells and running text alike. Text from reports is
 * inert: it can neither break a table, inject HTML, nor make a link, an image or emphasis.
 *
 * - `&`, `<`, `>` become entities (no HTML, no `<http://…>` autolink);
 * - `|` and `\` become numeric entities (GFM splits table cells before any backslash escape
 *   is honoured, and `\|` would still split);
 * - a backtick becomes `&#96;` (no code span);
 * - `[` and `]` become `&#91;` / `&#93;` (no link, image or reference: `[x](javascript:…)`
 *   and `![i](http://…)` stay text);
 * - `*` and `~` become entities, and so does `_` next to a non-word character (no emphasis
 *   or strike-through; `recon_ct_fbp` keeps its underscores, which GFM never reads there);
 * - `://`, `www.` and `@` are broken with an entity (no GFM extended autolink of a URL or an
 *   e-mail address), `#` becomes `&#35;`;
 * - line breaks become `<br>` (the one tag we emit).
 *
 * Entities render as the characters they stand for, so the reader sees the text as written.
 * @example escapeMarkdown('a | b\n<c>') // 'a &#124; b<br>&lt;c&gt;'
 */
const MARKDOWN_ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '\\': '&#92;', '|': '&#124;', '`': '&#96;', '[': '&#91;', ']': '&#93;',
  '*': '&#42;', '~': '&#126;', '#': '&#35;', '@': '&#64;', '_': '&#95;',
};
const WORD = /[\p{L}\p{N}]/u;

export function escapeMarkdown(text: string): string {
  // One pass, so no entity made here is escaped again.
  return text.replace(/\r\n|\r|\n|:\/\/|www\.|[&<>\\|`[\]*~#@_]/giu, (m: string, at: number) => {
    if (m === '\r\n' || m === '\r' || m === '\n') return '<br>';
    if (m === '://') return '&#58;//';
    if (m.length === 4) return `${m.slice(0, 3)}&#46;`;
    if (m === '_' && WORD.test(text[at - 1] ?? '') && WORD.test(text[at + 1] ?? '')) return '_';
    return MARKDOWN_ENTITY[m]!;
  });
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

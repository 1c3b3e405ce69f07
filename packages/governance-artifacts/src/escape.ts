/**
 * Escaping of data values for Markdown. Every value a template prints goes through one of
 * these, so a value cannot end a table cell, open a code span, start a block, or carry
 * raw HTML: `|`, backticks, newlines and `<script>` come out as inert text.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
});

/**
 * Escape the five HTML-significant characters.
 * @example escapeHtml('<b a="1">') // '&lt;b a=&quot;1&quot;&gt;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

// Line breaks Markdown or a browser may honour, including U+2028/U+2029 and NEL.
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;
// Other C0/C1 controls (tab kept as a space) would be invisible or confuse renderers.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Escape a value for one line of Markdown: a table cell, a list item, a heading.
 *
 * - `&`, `<`, `>` become HTML entities (no tag or entity can form; quotes are left as they
 *   are because no value is printed inside an HTML attribute);
 * - a backslash becomes `&#92;` and a backtick `&#96;` (NOTE: entities rather than `\\`,
 *   so no backslash from the data can ever pair with a following `|` and un-escape it);
 * - `|` becomes `\|` (GFM's cell escape, honoured even inside spans);
 * - `*`, `_`, `[`, `]`, `~` are backslash-escaped (no emphasis, links or strikethrough);
 * - line breaks become `<br>` (the only tag the output contains), tabs and other control
 *   characters a space;
 * - leading whitespace is dropped and a leading block marker (`#`, `-`, `+`, `=`, or `1.`
 *   and `1)` before a space) is backslash-escaped, so a value printed at the start of a paragraph or list item
 *   cannot become a heading, a list, a rule or indented code.
 *
 * @example escapeMarkdownInline('a|b\n<script>') // 'a\\|b<br>&lt;script&gt;'
 */
export function escapeMarkdownInline(value: string): string {
  return value
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/\\/g, '&#92;')
    .replace(/`/g, '&#96;')
    .replace(/\|/g, '\\|')
    .replace(/[*_[\]~]/g, (c) => `\\${c}`)
    .replace(/\t/g, ' ')
    .replace(CONTROLS, ' ')
    .replace(LINE_BREAKS, '<br>')
    .replace(/^[ ]+/, '')
    .replace(/^[#+=-]/, (c) => `\\${c}`)
    .replace(/^(\d{1,9})([.)])(?= |<br>|$)/, '$1\\$2');
}

const CODE_SAFE = /^[A-Za-z0-9._:/+=@-]+$/;

/**
 * A value as an inline code span when it is made only of characters that are inert in
 * code (hashes, ids, versions); otherwise the escaped text without the span.
 * @example escapeMarkdownCode('ab12') // '`ab12`'
 */
export function escapeMarkdownCode(value: string): string {
  return CODE_SAFE.test(value) ? `\`${value}\`` : escapeMarkdownInline(value);
}

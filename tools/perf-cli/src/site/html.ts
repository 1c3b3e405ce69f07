/**
 * The HTML of the static site: escaping and the page frame. Pages carry their style inline
 * and load nothing from the network (no script, no font, no CDN), so they open from file://.
 */
import Handlebars from 'handlebars';

/** Text that is already HTML (made by the functions of this file from escaped parts). */
export type Html = string & { readonly __html: unique symbol };

/**
 * Escape a value for HTML text or a quoted attribute (& < > " ' ` =, Handlebars' rules).
 * @example esc('<b title="x">') // '&lt;b title&#x3D;&quot;x&quot;&gt;'
 */
export function esc(value: unknown): Html {
  const text = value === null || value === undefined ? '—' : String(value);
  return Handlebars.Utils.escapeExpression(text) as Html;
}

/** Mark a fragment built only from escaped parts as HTML. */
export function html(strings: TemplateStringsArray, ...parts: (Html | number)[]): Html {
  return strings.reduce((out, s, i) => out + s + (i < parts.length ? String(parts[i]) : ''), '') as Html;
}

/** Join fragments. */
export function join(parts: readonly Html[], sep = ''): Html {
  return parts.join(sep) as Html;
}

/** A table: header texts, then rows of cells (HTML). Empty rows give `empty` instead. */
export function table(headers: readonly string[], rows: readonly (readonly Html[])[], empty: string, cls = ''): Html {
  if (rows.length === 0) return html`<p class="none">${esc(empty)}</p>`;
  const head = join(headers.map((h) => html`<th>${esc(h)}</th>`));
  const body = join(rows.map((r) => html`<tr>${join(r.map((c) => html`<td>${c}</td>`))}</tr>`), '\n');
  return html`<table${cls ? html` class="${esc(cls)}"` : ('' as Html)}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Label/value rows as a two-column table. */
export function facts(rows: readonly { label: string; value: string }[]): Html {
  return html`<table class="facts"><tbody>${join(rows.map((r) => html`<tr><th>${esc(r.label)}</th><td>${esc(r.value)}</td></tr>`))}</tbody></table>`;
}

/** An SVG plot as an image, with its title as alternative text. */
export function figure(src: string, title: string): Html {
  return html`<figure><img src="${esc(src)}" alt="${esc(title)}"><figcaption>${esc(title)}</figcaption></figure>`;
}

const STYLE = `body{font:14px/1.45 Helvetica,Arial,sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:0 16px 48px}
h1{font-size:22px;margin:20px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}table.facts th{background:#fafafa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:10px 0 16px}figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{color:#666;font-size:12px}
nav{margin:12px 0;color:#666}.none{color:#666;font-style:italic}.state-failed{color:#b2182b}.state-skipped{color:#8c6d00}
.step{color:#b2182b;font-weight:600}code{font-size:13px}`;

/**
 * A whole page. `root` is the relative path from the page to the site's root ('' or '../').
 */
export function page(title: string, root: string, body: Html): string {
  // NOTE: an empty data: icon stops the browser asking for /favicon.ico (an error from file://).
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<nav><a href="${esc(`${root}index.html`)}">Rhenium Perf results</a></nav>
${body}
</body>
</html>
`;
}

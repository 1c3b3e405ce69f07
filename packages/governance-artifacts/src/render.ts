/**
 * The Handlebars environment of the package: its own instance (no global helpers), the
 * escaping helpers, and the compiled templates of `templates/`.
 *
 * Templates print values only through the helpers below (a test checks each template):
 * `{{md x}}` escaped inline text, `{{code x}}` an id or hash as code, `{{num x d}}` a number
 * with `d` decimals, `{{int x}}` an integer. Handlebars' own HTML escaping stays on beneath
 * them as a second line of defence.
 */
import Handlebars from 'handlebars';
import { readAsset } from './assets';
import { DISPLAY_DECIMALS, MISSING_VALUE } from './defaults';
import { escapeMarkdownCode, escapeMarkdownInline } from './escape';

/** The templates of the package (`templates/<name>.md.hbs`). */
export const TEMPLATE_NAMES = Object.freeze(['model-card', 'dataset-card', 'risk-register', 'audit-log', 'report-figures'] as const);

/** A template name. */
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Helpers a template may call to print a value. */
export const PRINT_HELPERS = Object.freeze(['md', 'code', 'num', 'int'] as const);

const hb = Handlebars.create();
const safe = (s: string): Handlebars.SafeString => new hb.SafeString(s);
const isOptions = (x: unknown): boolean => typeof x === 'object' && x !== null && 'hash' in x && 'data' in x;

hb.registerHelper('md', (value: unknown) => safe(value === null || value === undefined ? MISSING_VALUE : escapeMarkdownInline(String(value))));
hb.registerHelper('code', (value: unknown) => safe(value === null || value === undefined ? MISSING_VALUE : escapeMarkdownCode(String(value))));
hb.registerHelper('num', (value: unknown, decimals: unknown) => {
  const d = isOptions(decimals) ? DISPLAY_DECIMALS : Number(decimals);
  if (typeof value !== 'number' || !Number.isFinite(value)) return safe(MISSING_VALUE);
  // NOTE: toFixed, not toLocaleString: the same bytes on every machine and locale.
  return safe(value.toFixed(d));
});
hb.registerHelper('int', (value: unknown) => safe(typeof value === 'number' && Number.isFinite(value) ? String(Math.round(value)) : MISSING_VALUE));

const compiled = new Map<TemplateName, Handlebars.TemplateDelegate>();

/** The compiled template (compiled once, on first use). */
export function template(name: TemplateName): Handlebars.TemplateDelegate {
  let fn = compiled.get(name);
  if (!fn) {
    // strict: a missing object of the view is an error, not an empty string. NOTE: Handlebars
    // does not check helper arguments' leaf values strictly; the view types do (and a missing
    // leaf would print MISSING_VALUE, never markup).
    fn = hb.compile(readAsset('templates', `${name}.md.hbs`), { strict: true });
    compiled.set(name, fn);
  }
  return fn;
}

/**
 * Render a view through a template. The output is normalised (LF line ends, at most one
 * blank line in a row, one final newline), so it depends on the view alone.
 */
export function renderTemplate(name: TemplateName, view: object): string {
  const out = template(name)(view);
  return `${out.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

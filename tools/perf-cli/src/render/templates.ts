/**
 * The Handlebars environment of the renderers: its own instance (no global helpers), the
 * format helpers, and the templates folder.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Handlebars from 'handlebars';
import { escapeMarkdown, escapeMermaid } from './escape';
import { mermaidNumber } from './format';
import { niceAxisMax } from './mermaid';
import { RenderError } from './errors';
import type { ChartPoint } from './types';

type Env = ReturnType<typeof Handlebars.create>;

function text(v: unknown): string {
  return v === null || v === undefined ? '—' : String(v);
}

/** A Handlebars instance with the helpers `md`, `mmd`, `mnum`, `mlabels`, `mvalues`, `maxaxis`. */
export function createEnvironment(): Env {
  const hb = Handlebars.create();
  // NOTE: helpers return SafeString so Handlebars' HTML escaping does not double-escape; a
  // value printed without a helper still gets Handlebars' own HTML escaping.
  hb.registerHelper('md', (v: unknown) => new hb.SafeString(escapeMarkdown(text(v))));
  hb.registerHelper('mmd', (v: unknown) => new hb.SafeString(escapeMermaid(text(v))));
  hb.registerHelper('mnum', (v: unknown) => new hb.SafeString(mermaidNumber(typeof v === 'number' ? v : Number(v))));
  hb.registerHelper('mlabels', (points: ChartPoint[]) => new hb.SafeString(points.map((p) => `"${escapeMermaid(p.label)}"`).join(', ')));
  hb.registerHelper('mvalues', (points: ChartPoint[]) => new hb.SafeString(points.map((p) => mermaidNumber(p.value)).join(', ')));
  hb.registerHelper('maxaxis', (v: unknown) => new hb.SafeString(mermaidNumber(niceAxisMax(Number(v)))));
  return hb;
}

/**
 * The templates folder of this package: `templates/` next to `src/` (sources) or `dist/`
 * (the built package).
 */
export function defaultTemplatesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../templates'), path.resolve(here, '../templates')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'dashboard.md.hbs'))) ?? candidates[0]!;
}

const cache = new Map<string, HandlebarsTemplateDelegate>();
let env: Env | null = null;

/** Compile (once per source text) a template; `source` names it in errors. */
export function compileTemplate(templateText: string, source: string): HandlebarsTemplateDelegate {
  const hit = cache.get(templateText);
  if (hit) return hit;
  env ??= createEnvironment();
  let fn: HandlebarsTemplateDelegate;
  try {
    fn = env.compile(templateText, { strict: false, noEscape: false });
    env.precompile(templateText); // surfaces syntax errors now rather than at first render
  } catch (error) {
    throw new RenderError('RPERF_RENDER_TEMPLATE', `${source} is not a valid Handlebars template: ${(error as Error).message.split('\n')[0]}; fix the template`);
  }
  cache.set(templateText, fn);
  return fn;
}

/** Read a template file; a missing one is a `RPERF_RENDER_TEMPLATE` error. */
export function readTemplate(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new RenderError('RPERF_RENDER_TEMPLATE', `template ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'EIO'}); check the path (the perf card template is docs/perf/perfcard.md)`);
  }
}

/**
 * Renderers: the dashboard, the perf card and the diagrams, each a pure function of a report
 * (and a template), plus `renderAll`, which writes the three files as one atomic set.
 */
import path from 'node:path';
import type { Report } from '@rhenium-perf/schema';
import { compileTemplate, defaultTemplatesDir, readTemplate } from './templates';
import { writeFilesAtomic } from './atomic';
import { buildView } from './view';
import type { ReportView } from './types';

/** Options of the renderers that read their template from the templates folder. */
export interface RenderOptions {
  /** Folder of dashboard.md.hbs and diagrams.md.hbs; default: this package's templates/. */
  templatesDir?: string;
}

/** Where `renderAll` reads and writes. */
export interface RenderAllOptions extends RenderOptions {
  dashboardPath: string;
  perfcardPath: string;
  diagramsPath: string;
  /** The perf card template, docs/perf/perfcard.md. */
  perfcardTemplatePath: string;
}

/** The paths written by `renderAll`. */
export interface RenderedPaths {
  dashboardPath: string;
  perfcardPath: string;
  diagramsPath: string;
}

function finish(markdown: string): string {
  // An empty HTML comment is what is left of a template's own note (`<!-- {{!-- … --}} -->`).
  return `${markdown.replace(/^<!--\s*-->\r?\n/, '').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function renderFile(name: string, view: ReportView, options: RenderOptions): string {
  const file = path.join(options.templatesDir ?? defaultTemplatesDir(), name);
  return finish(compileTemplate(readTemplate(file), file)(view));
}

/**
 * The dashboard (docs/perf/dashboard.md) of `report`.
 * @example fs.writeFileSync('docs/perf/dashboard.md', renderDashboard(report))
 */
export function renderDashboard(report: Report, options: RenderOptions = {}): string {
  return renderFile('dashboard.md.hbs', buildView(report), options);
}

/**
 * The perf card of `report` from the text of its template (docs/perf/perfcard.md).
 * @example renderPerfcard(report, fs.readFileSync('docs/perf/perfcard.md', 'utf8'))
 */
export function renderPerfcard(report: Report, template: string, templateSource = 'perf card template'): string {
  return finish(compileTemplate(template, templateSource)(buildView(report)));
}

/** The Mermaid diagrams (docs/perf/diagrams.md) of `report`. */
export function renderDiagrams(report: Report, options: RenderOptions = {}): string {
  return renderFile('diagrams.md.hbs', buildView(report), options);
}

/**
 * Render all three documents, then write them as one set (temp files + rename): a template
 * or write error leaves every existing file untouched.
 */
export function renderAll(report: Report, options: RenderAllOptions): RenderedPaths {
  const card = renderPerfcard(report, readTemplate(options.perfcardTemplatePath), options.perfcardTemplatePath);
  const files = new Map<string, string>([
    [options.dashboardPath, renderDashboard(report, options)],
    [options.perfcardPath, card],
    [options.diagramsPath, renderDiagrams(report, options)],
  ]);
  writeFilesAtomic(files);
  return { dashboardPath: options.dashboardPath, perfcardPath: options.perfcardPath, diagramsPath: options.diagramsPath };
}

/**
 * `rhenium-perf render`: the dashboard, perf card, diagrams (and ab.md) of a report.
 */
import path from 'node:path';
import { findWorkspaceRoot, writeTextAtomic } from '@rhenium-perf/harness';
import type { RenderArgs } from '../args';
import { abMarkdown } from '../ab/markdown';
import { ensureWritableDir, type CliIo } from './io';
import { defaultReportPath, exportFormats, readReport, renderReport } from './reports';

export async function commandRender(args: RenderArgs, io: CliIo): Promise<number> {
  const ws = findWorkspaceRoot(io.cwd);
  const input = path.resolve(io.cwd, args.input ?? defaultReportPath(io));
  const report = readReport(input);
  const outputDir = path.resolve(io.cwd, args.outputDir ?? path.dirname(input));
  ensureWritableDir(outputDir);
  const docsDir = path.resolve(io.cwd, args.docsDir ?? outputDir);
  const files = [...(await renderReport(report, ws, outputDir, docsDir)), ...exportFormats(report, args.formats, outputDir)];
  if (report.ab) {
    const md = path.join(outputDir, 'ab.md');
    writeTextAtomic(md, abMarkdown(report.ab));
    files.push(md);
  }
  for (const f of files) io.stdout.write(`wrote: ${path.relative(io.cwd, f) || f}\n`);
  return 0;
}

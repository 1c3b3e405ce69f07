/**
 * One Vitest configuration for the whole workspace.
 *
 * Every package under packages/ and tools/ is a Vitest project named like its Nx project,
 * so `npm test` runs everything in one process pool and `nx run <project>:test` runs
 * `vitest run --project <project>`. Workspace packages are aliased to their sources, so
 * tests never need a build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

interface WorkspacePackage {
  dir: string;
  name: string;
  project: string;
  /** Subpath exports and the source file of each (`@rhenium-perf/harness/args` -> src/args.ts). */
  subpaths: { find: string; file: string }[];
}

function workspacePackages(): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const parent of ['packages', 'tools']) {
    const base = path.join(root, parent);
    if (!fs.existsSync(base)) continue;
    for (const d of fs.readdirSync(base).sort()) {
      const pj = path.join(base, d, 'package.json');
      if (!fs.existsSync(pj) || !fs.existsSync(path.join(base, d, 'src', 'index.ts'))) continue;
      const json = JSON.parse(fs.readFileSync(pj, 'utf8')) as { name: string; nx?: { name?: string }; exports?: Record<string, unknown> };
      // Subpath exports (`@rhenium-perf/harness/args`) and their source files, from the
      // "@rhenium-perf/source" condition, as tsc (customConditions) and tsx (--conditions) read it.
      const subpaths: { find: string; file: string }[] = [];
      for (const [key, target] of Object.entries(json.exports ?? {})) {
        const src = (target as Record<string, unknown> | null)?.['@rhenium-perf/source'];
        if (key.startsWith('./') && key !== './package.json' && typeof src === 'string') subpaths.push({ find: `${json.name}/${key.slice(2)}`, file: path.join(base, d, src) });
      }
      out.push({ dir: `${parent}/${d}`, name: json.name, project: json.nx?.name ?? d, subpaths });
    }
  }
  return out;
}

const pkgs = workspacePackages();
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export default defineConfig({
  root,
  resolve: {
    // NOTE: aliases, not `ssr.resolve.conditions`: vitest hands resolve conditions on to its
    // workers' execArgv, and a built child (dist/child.js) forked from a test would then load
    // TypeScript sources and crash.
    alias: pkgs.flatMap((p) => [
      ...p.subpaths.map((sp) => ({ find: new RegExp(`^${escape(sp.find)}$`), replacement: sp.file })),
      { find: new RegExp(`^${escape(p.name)}$`), replacement: path.join(root, p.dir, 'src', 'index.ts') },
    ]),
  },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: pkgs.map((p) => ({
      extends: true,
      test: {
        name: p.project,
        include: [`${p.dir}/src/**/*.test.ts`, `${p.dir}/test/**/*.test.ts`],
      },
    })),
  },
});

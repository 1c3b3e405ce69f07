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
}

function workspacePackages(): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const parent of ['packages', 'tools']) {
    const base = path.join(root, parent);
    if (!fs.existsSync(base)) continue;
    for (const d of fs.readdirSync(base).sort()) {
      const pj = path.join(base, d, 'package.json');
      if (!fs.existsSync(pj) || !fs.existsSync(path.join(base, d, 'src', 'index.ts'))) continue;
      const json = JSON.parse(fs.readFileSync(pj, 'utf8')) as { name: string; nx?: { name?: string } };
      out.push({ dir: `${parent}/${d}`, name: json.name, project: json.nx?.name ?? d });
    }
  }
  return out;
}

const pkgs = workspacePackages();
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export default defineConfig({
  root,
  resolve: {
    alias: pkgs.map((p) => ({
      find: new RegExp(`^${escape(p.name)}$`),
      replacement: path.join(root, p.dir, 'src', 'index.ts'),
    })),
  },
  // Subpath exports (`@rhenium-perf/harness/args`) resolve to their sources through the
  // packages' "@rhenium-perf/source" export condition, as in tsc (customConditions) and tsx
  // (--conditions); the aliases above cover the package roots only. The rest are Vite's defaults.
  ssr: { resolve: { conditions: ['@rhenium-perf/source', 'module', 'node', 'development|production'] } },
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

// The design's dependency rule, checked over the real workspace: every package's declared
// @rhenium-perf dependencies and every import in its shipped code (src/, bench/) must be
// allowed by the Nx tags in its package.json:
//   scope:shared   (harness, schema, fixtures, onnx-models, wasm-asm) -> scope:shared only
//   scope:category -> scope:shared and scope:category (a category composes others' work)
//   scope:tools    -> scope:shared (and category packages, whose benches it drives)
//   nothing depends on scope:tools.
// A temporary workspace with a deliberately wrong import shows that the check fails on one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'scope:shared': ['scope:shared'],
  'scope:category': ['scope:shared', 'scope:category'],
  'scope:tools': ['scope:shared', 'scope:category'],
};

interface Pkg {
  name: string;
  dir: string;
  scope: string | null;
  declared: string[];
}

function packagesOf(root: string): Map<string, Pkg> {
  const out = new Map<string, Pkg>();
  for (const group of ['packages', 'tools']) {
    const g = path.join(root, group);
    if (!fs.existsSync(g)) continue;
    for (const d of fs.readdirSync(g)) {
      const pj = path.join(g, d, 'package.json');
      if (!fs.existsSync(pj)) continue;
      const doc = JSON.parse(fs.readFileSync(pj, 'utf8')) as { name: string; nx?: { tags?: string[] }; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
      const declared = Object.keys({ ...doc.dependencies, ...doc.devDependencies, ...doc.peerDependencies }).filter((n) => n.startsWith('@rhenium-perf/'));
      out.set(doc.name, { name: doc.name, dir: path.join(g, d), scope: doc.nx?.tags?.find((t) => t.startsWith('scope:')) ?? null, declared });
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of ['src', 'bench']) {
    const walk = (d: string): void => {
      if (!fs.existsSync(d)) return;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|mts|js|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(p);
      }
    };
    walk(path.join(dir, sub));
  }
  return out;
}

/** Every violation of the rule in the workspace at `root`, one line each. */
function dependencyViolations(root: string): string[] {
  const pkgs = packagesOf(root);
  const out: string[] = [];
  const check = (from: Pkg, to: string, where: string): void => {
    const target = pkgs.get(to);
    if (!target || to === from.name) return;
    if (!from.scope) return void out.push(`${from.name}: no scope: tag in package.json`);
    if (!target.scope || !(ALLOWED[from.scope] ?? []).includes(target.scope)) out.push(`${from.name} (${from.scope}) may not depend on ${to} (${target.scope}): ${where}`);
  };
  for (const p of pkgs.values()) {
    for (const d of p.declared) check(p, d, 'package.json');
    for (const f of sourceFiles(p.dir)) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](@rhenium-perf\/[a-z0-9-]+)/g)) check(p, m[1]!, path.relative(root, f));
    }
  }
  return [...new Set(out)].sort();
}

describe('dependency rule', () => {
  it('holds in this workspace (declared dependencies and imports of src/ and bench/)', () => {
    expect(packagesOf(repoRoot).size).toBeGreaterThanOrEqual(18);
    expect(dependencyViolations(repoRoot)).toEqual([]);
  });

  it('a deliberately wrong import is found: the harness importing a category, a category importing a tool', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-deps-'));
    const pkg = (group: string, dir: string, name: string, scope: string, deps: string[] = []): void => {
      fs.mkdirSync(path.join(root, group, dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(root, group, dir, 'package.json'), JSON.stringify({ name, nx: { tags: [scope] }, dependencies: Object.fromEntries(deps.map((d) => [d, '*'])) }));
      fs.writeFileSync(path.join(root, group, dir, 'src', 'index.ts'), 'export {};\n');
    };
    pkg('packages', 'harness', '@rhenium-perf/harness', 'scope:shared');
    pkg('packages', 'reconstruction-ct', '@rhenium-perf/reconstruction-ct', 'scope:category', ['@rhenium-perf/harness']);
    pkg('tools', 'perf-cli', '@rhenium-perf/cli', 'scope:tools', ['@rhenium-perf/harness']);
    expect(dependencyViolations(root)).toEqual([]);
    fs.writeFileSync(path.join(root, 'packages', 'harness', 'src', 'index.ts'), "import { radon } from '@rhenium-perf/reconstruction-ct';\nexport { radon };\n");
    fs.writeFileSync(path.join(root, 'packages', 'reconstruction-ct', 'src', 'cli.ts'), "const m = await import('@rhenium-perf/cli');\nexport { m };\n");
    expect(dependencyViolations(root)).toEqual([
      '@rhenium-perf/harness (scope:shared) may not depend on @rhenium-perf/reconstruction-ct (scope:category): packages/harness/src/index.ts',
      '@rhenium-perf/reconstruction-ct (scope:category) may not depend on @rhenium-perf/cli (scope:tools): packages/reconstruction-ct/src/cli.ts',
    ]);
  });
});

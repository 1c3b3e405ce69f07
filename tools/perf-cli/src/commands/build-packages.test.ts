import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { benchScriptProjects, buildPackages, planBuilds, tsupInstalled } from './build-packages';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const tmps: string[] = [];
afterEach(() => {
  for (const d of tmps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const NX_JSON = { targetDefaults: { build: { dependsOn: ['^build'] }, bench: { dependsOn: ['build'] } } };

/** A workspace of packages: name -> package.json fields (and a tsup.config.ts unless `noConfig`). */
function workspace(pkgs: Record<string, { deps?: string[]; build?: string; bench?: boolean; noConfig?: boolean }>, nxJson: unknown = NX_JSON): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-build-'));
  tmps.push(ws);
  fs.writeFileSync(path.join(ws, 'nx.json'), JSON.stringify(nxJson));
  fs.writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'ws', private: true, type: 'module' }));
  for (const [name, p] of Object.entries(pkgs)) {
    const dir = path.join(ws, 'packages', name);
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    const scripts: Record<string, string> = { build: p.build ?? 'tsup' };
    if (p.bench) scripts.bench = 'node dist/cli.js';
    const dependencies = Object.fromEntries((p.deps ?? []).map((d) => [`@t/${d}`, '0.1.0']));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `@t/${name}`, version: '0.1.0', type: 'module', nx: { name }, scripts, dependencies }));
    if (!p.noConfig) fs.writeFileSync(path.join(dir, 'tsup.config.ts'), "export default { entry: { index: 'src/index.ts' }, format: ['esm'], clean: true };\n");
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), `export const ${name.replace(/-/g, '_')}: number = ${name.length};\n`);
  }
  return ws;
}

describe('planBuilds', () => {
  it('builds the projects and their workspace dependencies, dependencies first, each once', () => {
    const ws = workspace({ app: { deps: ['lib', 'util'], bench: true }, lib: { deps: ['util'] }, util: {}, other: { bench: true } });
    const plan = planBuilds(ws, ['app']);
    expect(plan).toEqual({ ok: true, dirs: ['util', 'lib', 'app'].map((n) => path.join(ws, 'packages', n)), projects: ['util', 'lib', 'app'] });
    expect(benchScriptProjects(ws)).toEqual(['app', 'other']);
  });

  it('leaves the build to Nx when the workspace is not what it knows', () => {
    const reason = (ws: string, projects = ['app']): string => {
      const p = planBuilds(ws, projects);
      return p.ok ? 'ok' : p.reason;
    };
    expect(reason(workspace({ app: { build: 'tsc -b' } }))).toMatch(/build script is not "tsup"/);
    expect(reason(workspace({ app: { deps: ['lib'] }, lib: { noConfig: true } }))).toMatch(/no tsup\.config\.ts/);
    expect(reason(workspace({ app: { deps: ['lib'] }, lib: { deps: ['app'] } }))).toMatch(/cycle/);
    expect(reason(workspace({ app: {} }, { targetDefaults: { build: { dependsOn: ['^build'] }, bench: { dependsOn: ['build', 'prepare'] } } }))).toMatch(/bench does not depend on build alone/);
    expect(reason(workspace({ app: {} }), ['nope'])).toMatch(/no package folder/);
  });
});

describe.skipIf(!tsupInstalled(repoRoot))('buildPackages', () => {
  it('builds each folder with its own tsup config, as tsup there does', async () => {
    const ws = workspace({ app: { deps: ['lib'] }, lib: {} });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
    const plan = planBuilds(ws, ['app']);
    if (!plan.ok) throw new Error(plan.reason);
    const r = await buildPackages(ws, plan.dirs);
    expect(r.ok, r.failed?.output).toBe(true);
    expect(r.built.map((b) => path.basename(b.dir))).toEqual(['lib', 'app']);
    expect(fs.readFileSync(path.join(ws, 'packages', 'app', 'dist', 'index.js'), 'utf8')).toMatch(/var app = 3;/);
  }, 60_000);

  it('names the folder whose build failed', async () => {
    const ws = workspace({ app: {} });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(ws, 'packages', 'app', 'src', 'index.ts'), 'export const = ;\n');
    const r = await buildPackages(ws, [path.join(ws, 'packages', 'app')]);
    expect(r.ok).toBe(false);
    expect(r.failed?.dir).toBe(path.join(ws, 'packages', 'app'));
  }, 60_000);
});

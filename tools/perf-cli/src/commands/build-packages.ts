/**
 * The builds a run waits for, made in one process: every package a run measures, and the
 * workspace packages it depends on, built with tsup in dependency order by a single Node
 * process, instead of one Nx task per package.
 *
 * NOTE (issue 17, suite time): through Nx, each package's `build` target was a forked Nx
 * executor process, then npm, then a tsup process that bundled its own config and started
 * esbuild: ~2 CPU-s of fixed cost per package (18 packages in a smoke run), in a dependency
 * chain six tasks deep, 30-40 s of a cold smoke run on the 2-core machine. Here tsup and
 * esbuild are loaded once; each package's own tsup.config.ts is loaded and built exactly as
 * `tsup` in that folder does (the same options, the same dist/ files, byte for byte), in the
 * order Nx's `^build` gives. The `build` target is unchanged (`npx nx run-many -t build`, the
 * A/B sides, the release and the pack check use it); a run then starts the bench targets
 * with `--excludeTaskDependencies`.
 *
 * A run falls back to Nx's own builds (bench's `dependsOn`) when this workspace differs from
 * what the builder knows: a package to build whose `build` script is not `tsup` or that has no
 * tsup.config.ts, a bench or build target whose `dependsOn` is not the one nx.json states
 * here, no tsup installed, a dependency cycle; and when a build fails (Nx then reports the
 * failure as before, and the packages that do build are measured).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { workspacePackages } from '../ab/git';

/** What the builder makes of a run's projects: the folders to build in order, or why Nx must build. */
export type BuildPlan = { ok: true; dirs: string[]; projects: string[] } | { ok: false; reason: string };

interface PackageJson {
  name?: string;
  nx?: { name?: string; targets?: Record<string, { dependsOn?: unknown }> };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The packages to build for `projects` (Nx project names) and their workspace dependencies
 * (declared in package.json, as Nx's project graph has them), dependencies first.
 */
export function planBuilds(ws: string, projects: readonly string[]): BuildPlan {
  const nx = readJson<{ targetDefaults?: Record<string, { dependsOn?: unknown }> }>(path.join(ws, 'nx.json'));
  if (!same(nx?.targetDefaults?.bench?.dependsOn, ['build'])) return { ok: false, reason: 'nx.json: bench does not depend on build alone' };
  if (!same(nx?.targetDefaults?.build?.dependsOn, ['^build'])) return { ok: false, reason: "nx.json: build does not depend on ^build alone" };
  const byProject = workspacePackages(ws, 'project');
  const byName = workspacePackages(ws, 'name');
  const docs = new Map<string, PackageJson>();
  const doc = (dir: string): PackageJson | null => {
    if (!docs.has(dir)) docs.set(dir, readJson<PackageJson>(path.join(dir, 'package.json')) ?? {});
    return docs.get(dir)!;
  };
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (dir: string, via: string): string | null => {
    const s = state.get(dir);
    if (s === 'done') return null;
    if (s === 'visiting') return `a dependency cycle through ${via}`;
    state.set(dir, 'visiting');
    const pkg = doc(dir)!;
    const rel = path.relative(ws, dir);
    if (pkg.scripts?.build !== 'tsup') return `${rel}: the build script is not "tsup"`;
    if (!fs.existsSync(path.join(dir, 'tsup.config.ts'))) return `${rel}: no tsup.config.ts`;
    const own = pkg.nx?.targets;
    if (own?.build?.dependsOn !== undefined || own?.bench?.dependsOn !== undefined) return `${rel}: its own build or bench dependsOn`;
    const deps = new Set([pkg.dependencies, pkg.devDependencies, pkg.peerDependencies, pkg.optionalDependencies].flatMap((d) => Object.keys(d ?? {})));
    for (const name of [...deps].sort()) {
      const depDir = byName.get(name);
      if (depDir === undefined) continue;
      const why = visit(depDir, rel);
      if (why) return why;
    }
    state.set(dir, 'done');
    order.push(dir);
    return null;
  };
  for (const p of [...projects].sort()) {
    const dir = byProject.get(p);
    if (dir === undefined) return { ok: false, reason: `no package folder for project ${p}` };
    const why = visit(dir, p);
    if (why) return { ok: false, reason: why };
  }
  const projectOf = new Map([...byProject].map(([p, d]) => [d, p]));
  return { ok: true, dirs: order, projects: order.map((d) => projectOf.get(d) ?? path.basename(d)) };
}

/**
 * The build process (plain ESM, run with `node --input-type=module -e`): argv is the
 * workspace, then the package folders in order. For each: chdir there, load its
 * tsup.config.ts as tsup does (bundle-require; `tsup`, else default, else the module; a
 * function is called, an array is several builds) and build it with tsup's API. esbuild
 * resolves against the folder it was first loaded in, so each build gets the package folder as
 * its working directory (before the config's own esbuildOptions, if any). One JSON line per
 * package on stdout; a failure prints tsup's error, names the folder and exits 1.
 */
const BUILD_SCRIPT = String.raw`
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [ws, ...dirs] = process.argv.slice(1);
const req = createRequire(path.join(ws, 'package.json'));
const tsupFile = req.resolve('tsup');
const tsup = await import(pathToFileURL(tsupFile).href);
const build = tsup.build ?? tsup.default?.build;
const { bundleRequire } = await import(pathToFileURL(createRequire(tsupFile).resolve('bundle-require')).href);
for (const dir of dirs) {
  const t0 = performance.now();
  try {
    process.chdir(dir);
    const { mod } = await bundleRequire({ filepath: path.join(dir, 'tsup.config.ts'), cwd: dir });
    let data = mod.tsup ?? mod.default ?? mod;
    if (typeof data === 'function') data = await data({});
    for (const item of Array.isArray(data) ? data : [data]) {
      const own = item.esbuildOptions;
      await build({ ...item, config: false, silent: true, esbuildOptions(o, ctx) { o.absWorkingDir = dir; if (own) own(o, ctx); } });
    }
  } catch (err) {
    process.stderr.write((err && err.stack) ? err.stack + '\n' : String(err) + '\n');
    process.stdout.write(JSON.stringify({ dir, failed: true }) + '\n');
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ dir, ms: performance.now() - t0 }) + '\n');
}
`;

/** What `buildPackages` did. */
export interface BuildOutcome {
  ok: boolean;
  /** Milliseconds per package folder built. */
  built: { dir: string; ms: number }[];
  /** The failed folder and the build's error output, when a build failed. */
  failed?: { dir: string | null; output: string };
  wallMs: number;
}

/** True when tsup can be loaded from the workspace. */
export function tsupInstalled(ws: string): boolean {
  try {
    createRequire(path.join(ws, 'package.json')).resolve('tsup');
    return true;
  } catch {
    return false;
  }
}

/** Build `dirs` (in this order) in one Node process. */
export function buildPackages(ws: string, dirs: readonly string[]): Promise<BuildOutcome> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', BUILD_SCRIPT, ws, ...dirs], { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const finish = (code: number | null, why?: string): void => {
      const built: { dir: string; ms: number }[] = [];
      let failedDir: string | null = null;
      for (const line of out.split('\n')) {
        if (!line.trim()) continue;
        try {
          const m = JSON.parse(line) as { dir: string; ms?: number; failed?: boolean };
          if (m.failed) failedDir = m.dir;
          else if (typeof m.ms === 'number') built.push({ dir: m.dir, ms: m.ms });
        } catch {
          // a stray line of a config's own output
        }
      }
      const ok = code === 0 && built.length === dirs.length;
      resolve({ ok, built, wallMs: performance.now() - t0, ...(ok ? {} : { failed: { dir: failedDir, output: (why ? why + '\n' : '') + err } }) });
    };
    child.on('error', (e) => finish(null, `cannot start node: ${e.message}`));
    child.on('close', (code) => finish(code));
  });
}

/**
 * The projects whose package.json has a `bench` script: what Nx lists as having a bench target
 * in this workspace (the package.json scripts are its targets), known before Nx has computed
 * its project graph, so a run can build while Nx lists the projects (it checks the list after).
 */
export function benchScriptProjects(ws: string): string[] {
  const out: string[] = [];
  for (const [project, dir] of workspacePackages(ws, 'project')) {
    if (readJson<PackageJson>(path.join(dir, 'package.json'))?.scripts?.bench !== undefined) out.push(project);
  }
  return out.sort();
}

/**
 * Shared tsup configuration for every package of the workspace.
 *
 * Entries: `src/index.ts` (the library), `src/cli.ts` (the package's bin, when present)
 * and every `bench/*.bench.ts` (built to `dist/bench/*.bench.js`, where the harness's
 * runner finds them). JavaScript only: declaration files are a separate build for
 * publishing (tsup.types.ts, Nx target `build-types`).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PluginBuild } from 'esbuild';
import type { Options } from 'tsup';

export function packageConfig(extra: Partial<Options> = {}): Options {
  const entry: Record<string, string> = { index: 'src/index.ts' };
  if (fs.existsSync('src/cli.ts')) entry.cli = 'src/cli.ts';
  if (fs.existsSync('src/child.ts')) entry.child = 'src/child.ts';
  if (fs.existsSync('bench')) {
    for (const f of fs.readdirSync('bench').sort()) {
      if (f.endsWith('.bench.ts')) entry[`bench/${f.slice(0, -'.ts'.length)}`] = `bench/${f}`;
    }
  }
  return {
    entry,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    clean: true,
    splitting: true,
    sourcemap: false,
    ...extra,
  };
}

/**
 * Workspace packages that stay outside a bundle of workspace code (the `rhenium` tool in
 * packages/cli-overhead, the API server in packages/api-readiness; cli-overhead's
 * tsup.config.ts gives the measured reasons): onnx-models keys its stored models on the code
 * beside it, and with it fixtures and wasm-asm; schema reads its JSON schemas from beside its
 * module; xai-dossier finds its templates from its package.json.
 */
export const KEEP_EXTERNAL_WHEN_BUNDLED: ReadonlySet<string> = new Set([
  '@rhenium-perf/onnx-models',
  '@rhenium-perf/fixtures',
  '@rhenium-perf/wasm-asm',
  '@rhenium-perf/schema',
  '@rhenium-perf/xai-dossier',
]);
/** Of those, the ones an unused import of may be dropped (no side effect at import that a bundle relies on). */
const SIDE_EFFECT_FREE_WHEN_BUNDLED: ReadonlySet<string> = new Set(['@rhenium-perf/schema']);

/**
 * What a bundle of workspace code does with the bare import `specifier`: undefined (bundle it:
 * one of our packages but KEEP_EXTERNAL_WHEN_BUNDLED) or an external result for esbuild's
 * onResolve (every npm package, those five, and the `node:` built-ins).
 */
export function workspaceBundleResolve(specifier: string): { path: string; external: true; sideEffects?: boolean } | undefined {
  if (specifier.startsWith('node:')) return { path: specifier, external: true };
  const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  if (name.startsWith('@rhenium-perf/') && !KEEP_EXTERNAL_WHEN_BUNDLED.has(name)) return undefined;
  return { path: specifier, external: true, sideEffects: !SIDE_EFFECT_FREE_WHEN_BUNDLED.has(name) };
}

/**
 * Make a bundle load onnxruntime-node through `require`, not `import`: a module that stands
 * for it loads the package with `createRequire(import.meta.url)` and re-exports its names (read
 * from the installed package, resolved from `dir`, at build time).
 * NOTE (issue #17): onnxruntime-node and onnxruntime-common are CommonJS (~25 files). Imported
 * from an ES module, Node 20 loads each through its ESM translators (cjs-module-lexer parses
 * every file for its export names, and wraps it as a module); required, they take the plain
 * CommonJS path: the import measured 65 ms (median of 20, loaded machine), the require
 * 48.5 ms. The same module objects either way (one CommonJS cache).
 */
export function ortByRequire(build: PluginBuild, dir: string): void {
  const namespace = 'rperf-ort-require';
  build.onResolve({ filter: /^onnxruntime-node$/ }, () => ({ path: 'onnxruntime-node', namespace }));
  build.onLoad({ filter: /.*/, namespace }, () => {
    const names = Object.keys(createRequire(path.join(dir, 'package.json'))('onnxruntime-node') as object).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
    const contents = [
      `import { createRequire } from 'node:module';`,
      `const ort = createRequire(import.meta.url)('onnxruntime-node');`,
      ...names.map((n) => `export const ${n} = ort.${n};`),
      `export default ort;`,
    ].join('\n');
    return { contents, loader: 'js' };
  });
}

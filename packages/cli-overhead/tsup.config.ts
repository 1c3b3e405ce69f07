import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { packageConfig } from '../../tsup.base';

/**
 * Two builds into dist/:
 *
 * 1. the shared config: index (the library), cli (the bench bin) and the bench files, with
 *    every package they import left external, as in every package of the workspace;
 * 2. the `rhenium` tool (dist/rhenium.js and its `rhenium-*` chunks), with the workspace
 *    packages it calls BUNDLED in. Its commands are reached through dynamic imports, which
 *    esbuild's splitting turns into chunks loaded only by the command that runs.
 *
 * NOTE (issue #17, cold `rhenium segment`): loaded from their own dist/ folders, the workspace
 * packages on the segment path were 40 ES module files, each a bare-specifier resolution
 * (package.json `exports` lookups) and a separate load; perception-inference's
 * `detectCuda` import alone pulled in the whole harness index and the schema package (which
 * reads four JSON schemas at import). Bundled, the segment path is 14 files of this folder
 * and three packages, and whatever the tool does not call is tree-shaken away. Measured
 * with the other changes of issue #17 (src/rhenium.ts, ORT_BY_REQUIRE below), 30 alternated
 * pairs on the loaded 2-core machine: a cold segment 0.84x the wall time, 0.86x the CPU.
 *
 * What stays external: onnxruntime-node (a native addon) and every other npm package,
 * resolved from node_modules above dist/ (in the workspace and in a flat install, where they
 * are hoisted, the same copies as before), and five workspace packages:
 * - @rhenium-perf/onnx-models: its model store keys a stored model on the code beside the
 *   module that builds it (`builderFingerprint`); bundled, that would be all of this dist/
 *   folder (~0.5 MB and ~40 files read and hashed by every cold segment, and a rebuilt U-Net
 *   after every build of this package); and with it the two packages it imports,
 *   @rhenium-perf/fixtures (one copy loaded, not two) and @rhenium-perf/wasm-asm. Measured
 *   (20 alternated pairs, loaded machine): keeping these three external was ~3% faster than
 *   bundling them;
 * - @rhenium-perf/schema reads its JSON schemas from beside its own module
 *   (`createRequire(import.meta.url)`); declared side-effect free here, so that an import of
 *   it nobody uses (the bundled harness's) is dropped;
 * - @rhenium-perf/xai-dossier (only `--dossier` loads it) finds its templates from its own
 *   package.json.
 * The bundled packages are built from their dist/ (the `import` condition): Nx's `^build`
 * builds them first, as it did when they were imported at run time.
 *
 * The chunks of the tool sit directly in dist/ (`version.ts` reads `../package.json` from
 * them) and are named `rhenium-*`: each build removes only its own files, so the two can run
 * at the same time (tsup runs a config array concurrently).
 */
const base = packageConfig();

/** Workspace packages that the tool's bundle must not contain (see the NOTE above). */
const KEEP_EXTERNAL = new Set(['@rhenium-perf/onnx-models', '@rhenium-perf/fixtures', '@rhenium-perf/wasm-asm', '@rhenium-perf/schema', '@rhenium-perf/xai-dossier']);
/** Of those, the ones an unused import of may be dropped (no side effect at import that the tool relies on). */
const SIDE_EFFECT_FREE = new Set(['@rhenium-perf/schema']);

/**
 * The namespace of the module that stands for onnxruntime-node in the bundle: it loads the
 * package with `createRequire(import.meta.url)` and re-exports its names.
 * NOTE (issue #17): onnxruntime-node and onnxruntime-common are CommonJS (~25 files). Imported
 * from an ES module, Node 20 loads each through its ESM translators (cjs-module-lexer parses
 * every file for its export names, and wraps it as a module); required, they take the plain
 * CommonJS path: the import measured 65 ms (median of 20, loaded machine), the require 48.5 ms.
 * The same module objects either way (one CommonJS cache).
 */
const ORT_BY_REQUIRE = 'rhenium-ort-require';

/** Source of that module: the export names are read from the installed package at build time. */
function ortByRequire(dir: string): string {
  const names = Object.keys(createRequire(path.join(dir, 'package.json'))('onnxruntime-node') as object).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  return [
    `import { createRequire } from 'node:module';`,
    `const ort = createRequire(import.meta.url)('onnxruntime-node');`,
    ...names.map((n) => `export const ${n} = ort.${n};`),
    `export default ort;`,
  ].join('\n');
}

const rhenium: Options = {
  ...packageConfig(),
  entry: { rhenium: 'src/rhenium.ts' },
  // Cleaned by the plugin below (only this build's files).
  clean: false,
  // Past tsup's own rule (the package's dependencies are external): the plugin decides.
  noExternal: [/^@rhenium-perf\//],
  esbuildOptions(options) {
    options.chunkNames = 'rhenium-[name]-[hash]';
  },
  esbuildPlugins: [
    {
      name: 'rhenium-bundle',
      setup(build) {
        const outDir = path.resolve(build.initialOptions.absWorkingDir ?? process.cwd(), build.initialOptions.outdir ?? 'dist');
        build.onStart(() => {
          if (!fs.existsSync(outDir)) return;
          for (const f of fs.readdirSync(outDir)) if (f === 'rhenium.js' || (f.startsWith('rhenium-') && f.endsWith('.js'))) fs.rmSync(path.join(outDir, f));
        });
        // onnxruntime-node through require(), not import (see ORT_BY_REQUIRE).
        build.onResolve({ filter: /^onnxruntime-node$/ }, () => ({ path: 'onnxruntime-node', namespace: ORT_BY_REQUIRE }));
        build.onLoad({ filter: /.*/, namespace: ORT_BY_REQUIRE }, () => ({ contents: ortByRequire(build.initialOptions.absWorkingDir ?? process.cwd()), loader: 'js' }));
        build.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:')) return { path: args.path, external: true };
          const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
          if (name.startsWith('@rhenium-perf/') && !KEEP_EXTERNAL.has(name)) return undefined;
          return { path: args.path, external: true, sideEffects: !SIDE_EFFECT_FREE.has(name) };
        });
      },
    },
  ],
};

export default defineConfig([{ ...base, clean: ['!rhenium.js', '!rhenium-*.js'] }, rhenium]);

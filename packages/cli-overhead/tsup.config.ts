import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { ortByRequire, packageConfig, workspaceBundleResolve } from '../../tsup.base';

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
 * with the other changes of issue #17 (src/rhenium.ts, tsup.base.ts's ortByRequire), 30 alternated
 * pairs on the loaded 2-core machine: a cold segment 0.84x the wall time, 0.86x the CPU.
 *
 * What stays external: onnxruntime-node (a native addon) and every other npm package,
 * resolved from node_modules above dist/ (in the workspace and in a flat install, where they
 * are hoisted, the same copies as before), and five workspace packages
 * (KEEP_EXTERNAL_WHEN_BUNDLED in tsup.base.ts, shared with the API server's bundle):
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
        // onnxruntime-node through require(), not import (tsup.base.ts, ortByRequire).
        ortByRequire(build, build.initialOptions.absWorkingDir ?? process.cwd());
        // Our packages bundled, but KEEP_EXTERNAL_WHEN_BUNDLED; npm packages external.
        build.onResolve({ filter: /^[^./]/ }, (args) => workspaceBundleResolve(args.path));
      },
    },
  ],
};

export default defineConfig([{ ...base, clean: ['!rhenium.js', '!rhenium-*.js'] }, rhenium]);

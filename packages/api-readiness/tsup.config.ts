import path from 'node:path';
import { build, defineConfig, type Options } from 'tsup';
import { ortByRequire, packageConfig, workspaceBundleResolve } from '../../tsup.base';

// NOTE: the shared config knows index, cli, child and the bench files; the server process
// entry (`node dist/server.js --port 0`) and its model worker (`dist/engine-worker.js`, see
// src/worker-engine.ts) are this package's own, so they are added here.
//
// NOTE (issue #17, time to ready): dist/server.js is built on its own, after the rest (tsup
// builds the configs of an array at once, and the first one's clean would race it), with
// Fastify and its dependencies bundled in: loading Fastify's ~130 CommonJS modules (resolving
// each, reading package.json files, the ESM wrapper's export scan) was most of the server's
// main-thread time to listening. Only the server process's own entry is bundled: the library
// (dist/index.js) and the model worker (dist/engine-worker.js, onnxruntime) import their
// dependencies from node_modules as before. What Fastify requires lazily and the server never
// loads at start-up (pino for --log, light-my-request for inject, the default schema
// compilers, see src/precompiled.ts) stays outside the bundle and is required from Fastify's
// own folder, where Fastify would find it.
// The workspace packages the server imports (the pipeline that model-host.ts imports on the
// main thread, harness/args, io-parsing) are bundled too, as packages/cli-overhead bundles them
// for `rhenium`, but the five of KEEP_EXTERNAL_WHEN_BUNDLED; onnxruntime-node is required
// (both in tsup.base.ts),
// every other npm package they import stays external. Measured (20 alternated pairs of spawn ->
// /ready 200): 320 -> 297 ms median, 0.943x, new faster in 20/20.
const base = packageConfig();

/**
 * `require` of the bundled CommonJS code (esbuild's ESM output has none): Fastify's own, so
 * what it requires from outside the bundle resolves as from its folder (and `require.cache`,
 * which avvio reads for plugin names, is there).
 */
const FASTIFY_REQUIRE_BANNER = [
  "import { createRequire as __rperfCreateRequire } from 'node:module';",
  "const require = __rperfCreateRequire(__rperfCreateRequire(import.meta.url).resolve('fastify'));",
].join('\n');

/** Node built-ins Fastify loads but this server never calls, required on first use (see below). */
const LAZY_BUILTIN = 'rperf-api-lazy-builtin';

/**
 * NOTE: Fastify's lib/server.js requires node:https and node:http2 at its top but calls them
 * only for an `https` or `http2` server, which this one never is: loading them (with node:tls)
 * took ~9 ms of the HTTP worker's start. Here they are required on first use. Measured (20
 * alternated pairs of spawn -> /ready 200): 303 -> 291 ms median, 0.957x, new faster in 18/20.
 * The same for semver (47 modules), which Fastify's lib/plugin-utils.js calls only for a plugin
 * that declares the Fastify versions it needs (this server registers none): left outside the
 * bundle and required, from Fastify's folder, on first use. Measured with the minifying below
 * (44 alternated pairs): 282 -> 276 ms median, 0.982x, new faster in 30/44.
 */
const LAZY_BUILTINS_PLUGIN: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'rperf-api-lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(https|http2)$/ }, (args) =>
      args.importer.endsWith(path.join('node_modules', 'fastify', 'lib', 'server.js')) ? { path: args.path.replace(/^node:/, ''), namespace: LAZY_BUILTIN } : undefined,
    );
    b.onResolve({ filter: /^semver$/ }, (args) =>
      args.importer.endsWith(path.join('node_modules', 'fastify', 'lib', 'plugin-utils.js')) ? { path: args.path, namespace: LAZY_BUILTIN } : undefined,
    );
    // What the stand-ins require is external (the banner's `require`, from Fastify's folder).
    b.onResolve({ filter: /.*/, namespace: LAZY_BUILTIN }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: LAZY_BUILTIN }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get(_, k) { m ??= require('${args.path === 'semver' ? 'semver' : `node:${args.path}`}'); return m[k]; } });`,
      loader: 'js',
    }));
  },
};

/** The server entry, Fastify bundled; into dist/ next to the rest, without cleaning it. */
export const serverConfig: Options = {
  ...base,
  // The server's main thread and its HTTP worker (Fastify; see src/server.ts), sharing chunks.
  entry: { server: 'src/server.ts', 'http-worker': 'src/http-worker.ts' },
  clean: false,
  noExternal: ['fastify', /^@rhenium-perf\//],
  external: ['pino', 'light-my-request', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
  banner: { js: FASTIFY_REQUIRE_BANNER },
  esbuildOptions(o) {
    // NOTE: esbuild resolves against the folder it was first started in unless told (one
    // process builds every package: tools/perf-cli/src/commands/build-packages.ts).
    o.absWorkingDir = process.cwd();
    // Its chunks apart from the library's (the same modules, other content).
    o.chunkNames = 'server-[name]-[hash]';
  },
  // Built-ins keep their `node:` prefix: tsup's plugin that removes it would mark them external
  // before LAZY_BUILTINS_PLUGIN sees them.
  removeNodeProtocol: false,
  // Less for the HTTP worker to read and parse (its Fastify chunk 775 -> 431 kB); names are
  // kept (no identifier minifying: avvio and Fastify read function names).
  minifyWhitespace: true,
  minifySyntax: true,
  esbuildPlugins: [
    LAZY_BUILTINS_PLUGIN,
    {
      name: 'rperf-api-server-bundle',
      setup(b) {
        const cwd = b.initialOptions.absWorkingDir ?? process.cwd();
        ortByRequire(b, cwd);
        // What the workspace packages import: bundled if one of ours (but KEEP_EXTERNAL_WHEN_BUNDLED), else
        // external as before. Fastify's own imports (inside node_modules) are left to tsup's rules.
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:') || args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
          if (!args.importer.includes(`${path.sep}packages${path.sep}`) || args.importer.startsWith(path.join(cwd, 'src'))) return undefined;
          return workspaceBundleResolve(args.path);
        });
      },
    },
  ],
};

export default defineConfig({
  ...base,
  entry: { ...(base.entry as Record<string, string>), 'engine-worker': 'src/engine-worker.ts' },
  async onSuccess() {
    await build({ ...serverConfig, config: false });
  },
});

import { build, defineConfig, type Options } from 'tsup';
import { packageConfig } from '../../tsup.base';

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

/** The server entry, Fastify bundled; into dist/ next to the rest, without cleaning it. */
export const serverConfig: Options = {
  ...base,
  // The server's main thread and its HTTP worker (Fastify; see src/server.ts), sharing chunks.
  entry: { server: 'src/server.ts', 'http-worker': 'src/http-worker.ts' },
  clean: false,
  noExternal: ['fastify'],
  external: ['pino', 'light-my-request', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
  banner: { js: FASTIFY_REQUIRE_BANNER },
  esbuildOptions(o) {
    // NOTE: esbuild resolves against the folder it was first started in unless told (one
    // process builds every package: tools/perf-cli/src/commands/build-packages.ts).
    o.absWorkingDir = process.cwd();
    // Its chunks apart from the library's (the same modules, other content).
    o.chunkNames = 'server-[name]-[hash]';
  },
};

export default defineConfig({
  ...base,
  entry: { ...(base.entry as Record<string, string>), 'engine-worker': 'src/engine-worker.ts' },
  async onSuccess() {
    await build({ ...serverConfig, config: false });
  },
});

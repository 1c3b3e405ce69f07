/**
 * The generator of src/schemas.generated.ts: the validators and serializers of
 * `buildServer`'s routes as code (see precompiled.ts, issue #17).
 *
 * It builds the server with Fastify's own standalone compilers in write mode
 * (`@fastify/ajv-compiler`'s `StandaloneValidator`, `@fastify/fast-json-stringify-compiler`'s
 * `StandaloneSerializer`, both Fastify's dependencies), so the code is what Fastify's default
 * compilers compile for the same schemas, external schemas and options: Ajv checks every
 * schema against its meta-schema here (the server does not any more), and fast-json-stringify
 * inlines the Ajv validators it needs for `anyOf` (`inlineValidators`), so the restored
 * serializers need neither Ajv nor a compile.
 *
 *   npm run generate-schemas -w @rhenium-perf/api-readiness     (after editing schemas.ts or a route)
 *
 * test/precompiled.test.ts fails when the committed file is not what this makes now (a schema
 * edited, Fastify, Ajv or fast-json-stringify upgraded). Not part of the server (dist).
 */
import { createRequire } from 'node:module';
import { buildServerWith } from './app';
import { compilerKey, fastifyRequire, schemaJson, type CompilerRoute } from './precompiled';
import type { SegmentEngine } from './types';

/** The generated code of one compiler, as {@link generateSchemaModule} writes it. */
interface GeneratedSet {
  externals: string | null;
  options: string | null;
  entries: Map<string, { schema: string; code: string }>;
}

type CompilerFactory = (externalSchemas: unknown, options: unknown) => (route: CompilerRoute) => unknown;
type StoreFunction = (route: CompilerRoute, code: string) => void;

/** The package-relative path of the generated module. */
export const GENERATED_MODULE = 'src/schemas.generated.ts';

/** The only module the generated code may require (resolved from Fastify, as its own error serializer does). */
const ALLOWED_REQUIRES = new Set(['fast-json-stringify/lib/serializer']);

/** The source of src/schemas.generated.ts for the routes, schemas and dependencies of now. */
export async function generateSchemaModule(): Promise<string> {
  const req = fastifyRequire();
  const { StandaloneValidator } = req('@fastify/ajv-compiler') as { StandaloneValidator: (o: object) => CompilerFactory };
  const { StandaloneSerializer } = req('@fastify/fast-json-stringify-compiler') as { StandaloneSerializer: (o: object) => CompilerFactory };
  // NOTE: both standalone factories write into the options object they are given (Ajv's
  // `code.source`, fast-json-stringify's `mode`): they get copies, Fastify's own stay as the
  // server passes them in read mode.
  const validators = recording((store) => StandaloneValidator({ readMode: false, storeFunction: store }), (o) => ({ ...(o as object) }));
  const serializers = recording(
    (store) => StandaloneSerializer({ readMode: false, storeFunction: store }),
    (o) => ({ ...((o ?? {}) as object), inlineValidators: true }),
  );
  const engine: SegmentEngine = {
    name: 'codegen',
    load: async () => ({ name: 'codegen', sha256: null, device: 'cpu', threads: null }),
    segment: async () => {
      throw new Error('unused');
    },
  };
  const app = buildServerWith({ engine, loadOn: 'manual' }, { compilersFactory: { buildValidator: validators.factory, buildSerializer: serializers.factory } } as never);
  await app.ready();
  await app.close();
  return render(validators.set, serializers.set);
}

function recording(standalone: (store: StoreFunction) => CompilerFactory, codegenOptions: (options: unknown) => unknown): { set: GeneratedSet; factory: CompilerFactory } {
  const set: GeneratedSet = { externals: null, options: null, entries: new Map() };
  let stored: string | null = null;
  const inner = standalone((_route, code) => {
    stored = code;
  });
  const factory: CompilerFactory = (externalSchemas, options) => {
    const externals = schemaJson(externalSchemas);
    const opts = schemaJson(options);
    if (set.externals !== null && (set.externals !== externals || set.options !== opts)) {
      throw new Error('schema-codegen: the routes were compiled with more than one set of external schemas or options; precompiled.ts restores one');
    }
    set.externals = externals;
    set.options = opts;
    const compile = inner(externalSchemas, codegenOptions(options));
    return (route) => {
      const key = compilerKey(route);
      // Taken before compiling: what the server's read mode will compare.
      const schema = schemaJson(route.schema);
      stored = null;
      const fn = compile(route);
      const code = stored as string | null;
      if (code === null) throw new Error(`schema-codegen: no code was stored for ${key}`);
      for (const m of code.matchAll(/\brequire\(\s*(["'])([^"']+)\1\s*\)/g)) {
        if (!ALLOWED_REQUIRES.has(m[2]!)) throw new Error(`schema-codegen: the code of ${key} requires ${m[2]}; precompiled.ts resolves only ${[...ALLOWED_REQUIRES].join(', ')}`);
      }
      const prev = set.entries.get(key);
      if (prev && (prev.schema !== schema || prev.code !== code)) throw new Error(`schema-codegen: two different schemas for ${key}`);
      set.entries.set(key, { schema, code });
      return fn;
    };
  };
  return { set, factory };
}

function versionOf(req: NodeJS.Require, name: string): string {
  return (req(`${name}/package.json`) as { version: string }).version;
}

function render(validators: GeneratedSet, serializers: GeneratedSet): string {
  const fastify = fastifyRequire();
  const ajvCompiler = createRequire(fastify.resolve('@fastify/ajv-compiler'));
  const fjsCompiler = createRequire(fastify.resolve('@fastify/fast-json-stringify-compiler'));
  const versions = [
    `fastify ${versionOf(fastify, 'fastify')}`,
    `@fastify/ajv-compiler ${versionOf(fastify, '@fastify/ajv-compiler')} (ajv ${versionOf(ajvCompiler, 'ajv')})`,
    `@fastify/fast-json-stringify-compiler ${versionOf(fastify, '@fastify/fast-json-stringify-compiler')} (fast-json-stringify ${versionOf(fjsCompiler, 'fast-json-stringify')})`,
  ].join(', ');
  // One function per distinct code (the error serializers of every route, and the HEAD
  // routes', are the same code).
  const loaders = new Map<string, string>();
  const loaderOf = (code: string): string => {
    let name = loaders.get(code);
    if (!name) loaders.set(code, (name = `load${loaders.size}`));
    return name;
  };
  const set = (name: string, s: GeneratedSet): string => {
    const entries = [...s.entries]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, e]) => `      ${JSON.stringify(key)}: { schema: ${JSON.stringify(e.schema)}, load: ${loaderOf(e.code)} },\n`)
      .join('');
    return `  ${name}: {\n    externals: ${JSON.stringify(s.externals ?? 'null')},\n    options: ${JSON.stringify(s.options ?? 'null')},\n    entries: {\n${entries}    },\n  },\n`;
  };
  const table = `export const PRECOMPILED: PrecompiledTable = {\n${set('validators', validators)}${set('serializers', serializers)}};\n`;
  const functions = [...loaders].map(([code, name]) => `function ${name}(module, exports, require) {\n${code.trim()}\n}\n`).join('\n');
  return (
    `// @ts-nocheck\n` +
    `// GENERATED by src/schema-codegen.ts (npm run generate-schemas): do not edit.\n` +
    `// The request validators and response serializers of buildServer's routes (src/app.ts,\n` +
    `// src/schemas.ts) as Ajv and fast-json-stringify compile them, restored by src/precompiled.ts.\n` +
    `// Generated with ${versions}.\n` +
    `// test/precompiled.test.ts fails when this file is not what the generator makes now.\n` +
    `import type { PrecompiledTable } from './precompiled';\n\n` +
    table +
    '\n' +
    functions
  );
}

/**
 * Precompiled request validators and response serializers (Fastify's "standalone" route to a
 * faster start-up, read mode).
 *
 * NOTE (issue #17, time to ready): compiling the route schemas at start-up cost the server's
 * main thread most of its time to listening after module loading: Ajv (85 modules) compiling
 * the draft-07 meta-schema to check our schemas, then the querystring validator, and
 * fast-json-stringify building a serializer per route and status. The code Ajv and
 * fast-json-stringify generate for these schemas is generated once, by
 * `npm run generate-schemas` (src/schema-codegen.ts, through Fastify's own
 * `StandaloneValidator` / `StandaloneSerializer` in write mode, on the routes of
 * `buildServer`), and committed as src/schemas.generated.ts; the server only restores it, and
 * neither Ajv nor the compilers are loaded. test/precompiled.test.ts checks that file is what
 * the generator makes now and that both sides validate and serialise alike.
 *
 * A schema is restored only when it is exactly (JSON) the one the code was generated from,
 * with the same external schemas and options; anything else (an edited schema not yet
 * regenerated, a new route) is compiled by Fastify's default compilers as before, so the
 * answers never depend on the generated file being up to date, only the start-up time does.
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';
import { PRECOMPILED } from './schemas.generated';

/** What Fastify hands a validator or serializer compiler for one schema. */
export interface CompilerRoute {
  schema: unknown;
  method: string;
  url: string;
  /** Validators: body, querystring, params, headers. */
  httpPart?: string;
  /** Serializers: the status code (or `2xx`, `4xx`, ...). */
  httpStatus?: string;
  contentType?: string;
}

/** A compiled function of one route's schema: its generated module body. */
export interface PrecompiledEntry {
  /** JSON of the schema the code was generated from. */
  schema: string;
  /** Runs the generated CommonJS code (it sets `module.exports`). */
  load(module: { exports: unknown }, exports: unknown, require: NodeJS.Require): void;
}

/** The generated functions of one compiler, and what they were generated with. */
export interface PrecompiledSet {
  /** JSON of the external schemas (`addSchema`) the compiler was given. */
  externals: string;
  /** JSON of the compiler options Fastify passed (its `ajv` / `serializerOpts` options). */
  options: string;
  /** By {@link compilerKey}. */
  entries: Record<string, PrecompiledEntry>;
}

/** The content of src/schemas.generated.ts. */
export interface PrecompiledTable {
  validators: PrecompiledSet;
  serializers: PrecompiledSet;
}

type CompilerFactory = (externalSchemas: unknown, options: unknown) => (route: CompilerRoute) => unknown;

/** How many schemas a schema controller restored from generated code and compiled. */
export interface PrecompiledStats {
  restored: number;
  compiled: number;
}

/** `GET /health 200`, `POST /v1/segment querystring`: one compiled function of a route. */
export function compilerKey(route: CompilerRoute): string {
  return [route.method, route.url, route.httpPart ?? route.httpStatus, route.contentType].filter((p) => p !== undefined).join(' ');
}

/** JSON of a schema or options object (`null` for none). */
export function schemaJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

let fastifyReq: NodeJS.Require | null = null;
/**
 * `require` as Fastify's own files have it: the default compilers and fast-json-stringify's
 * runtime (which the generated serializers use, as Fastify's own error serializer does) are
 * Fastify's dependencies, not this package's.
 */
export function fastifyRequire(): NodeJS.Require {
  fastifyReq ??= createRequire(createRequire(import.meta.url).resolve('fastify'));
  return fastifyReq;
}

/**
 * Fastify's `schemaController` option that restores the generated validators and serializers
 * (falling back to Fastify's default compilers for any schema they were not generated from).
 * `stats` counts both (tests check nothing was compiled).
 */
export function precompiledSchemaController(
  table: PrecompiledTable = PRECOMPILED,
  stats: PrecompiledStats = { restored: 0, compiled: 0 },
): NonNullable<FastifyServerOptions['schemaController']> {
  const buildValidator = restoring(table.validators, stats, () => (fastifyRequire()('@fastify/ajv-compiler') as () => CompilerFactory)());
  const buildSerializer = restoring(table.serializers, stats, () => (fastifyRequire()('@fastify/fast-json-stringify-compiler') as () => CompilerFactory)());
  return { compilersFactory: { buildValidator, buildSerializer } } as unknown as NonNullable<FastifyServerOptions['schemaController']>;
}

function restoring(set: PrecompiledSet, stats: PrecompiledStats, defaultFactory: () => CompilerFactory): CompilerFactory {
  let fallbackFactory: CompilerFactory | null = null;
  return (externalSchemas, options) => {
    const same = schemaJson(externalSchemas) === set.externals && schemaJson(options) === set.options;
    let fallback: ((route: CompilerRoute) => unknown) | null = null;
    return (route) => {
      const entry = same ? set.entries[compilerKey(route)] : undefined;
      if (entry && entry.schema === schemaJson(route.schema)) {
        const module = { exports: {} as unknown };
        entry.load(module, module.exports, fastifyRequire());
        stats.restored++;
        return module.exports;
      }
      fallbackFactory ??= defaultFactory();
      fallback ??= fallbackFactory(externalSchemas, options);
      stats.compiled++;
      return fallback(route);
    };
  };
}

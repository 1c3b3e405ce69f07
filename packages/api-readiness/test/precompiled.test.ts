/**
 * The precompiled validators and serializers (src/precompiled.ts, src/schemas.generated.ts,
 * issue #17): the committed code is what the generator makes now (which has Ajv check every
 * schema against its meta-schema, as the server no longer does), the server restores all of
 * it and compiles nothing, and the restored functions validate and serialise exactly as
 * Fastify's default compilers do, function by function and request by request.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeNifti1 } from '@rhenium-perf/io-parsing';
import { buildServerWith } from '../src/app';
import { compilerKey, fastifyRequire, precompiledSchemaController, type CompilerRoute, type PrecompiledStats } from '../src/precompiled';
import { GENERATED_MODULE, generateSchemaModule } from '../src/schema-codegen';
import { PRECOMPILED } from '../src/schemas.generated';
import type { ModelFacts, SegmentEngine, ServerOptions } from '../src/types';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

type CompilerFactory = (externalSchemas: unknown, options: unknown) => (route: CompilerRoute) => unknown;
interface Compiled {
  kind: 'validator' | 'serializer';
  externals: unknown;
  options: unknown;
  route: CompilerRoute;
}

const FACTS: ModelFacts = { name: 'threshold', sha256: 'ab'.repeat(32), device: 'cpu', threads: 1 };
const volume = syntheticVolume('CT', 'tiny').image;
const nifti = Buffer.from(encodeNifti1(volume));

/** Labels voxels above zero; loads when told. */
function engine(): SegmentEngine {
  return {
    name: 'threshold',
    load: async () => FACTS,
    async segment(v) {
      const data = new Uint8Array(v.data.length);
      for (let i = 0; i < data.length; i++) data[i] = v.data[i]! > 0 ? 1 : 0;
      return { labelMap: { ...v, data }, dossier: { kind: 'test', nested: { list: [1, 'two', null], when: new Date(0) } }, stagesMs: { threshold: 0.25 } };
    },
  };
}

/** Every compile of buildServer's routes, by Fastify's default compilers (what the server did before). */
async function defaultCompiles(): Promise<Compiled[]> {
  const req = fastifyRequire();
  const defaults = { validator: (req('@fastify/ajv-compiler') as () => CompilerFactory)(), serializer: (req('@fastify/fast-json-stringify-compiler') as () => CompilerFactory)() };
  const seen: Compiled[] = [];
  const recording =
    (kind: Compiled['kind']): CompilerFactory =>
    (externals, options) => {
      const compile = defaults[kind](externals, options);
      return (route) => {
        seen.push({ kind, externals, options, route });
        return compile(route);
      };
    };
  const app = buildServerWith({ engine: engine(), loadOn: 'manual' }, {
    compilersFactory: { buildValidator: recording('validator'), buildSerializer: recording('serializer') },
  } as never);
  await app.ready();
  await app.close();
  return seen;
}

/** The outcome of a call: its result, or the error it threw. */
function outcome(fn: () => unknown): unknown {
  try {
    return { ok: fn() };
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

const model = { name: 'unet3d', sha256: 'cd'.repeat(32), device: 'cpu', threads: 1 };
const problem = { type: 'https://rhenium.dev/problems/not-found', title: 'Not Found', status: 404, detail: 'no route for GET /x', code: 'RPERF_API_NOT_FOUND', instance: '/x' };
const affine = Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1.5 : 0));
const summary = {
  shape: [4, 5, 6],
  spacingMm: [1, 1.25, 2.5],
  affine,
  modality: 'CT',
  labels: [{ label: 1, voxels: 10, volumeMm3: 31.25 }],
  timingsMs: { decode: 0.5, pipeline: 12.75, stages: { preprocess: 1, segment: 10.5 } },
  dossier: { kind: 'x', nested: { a: [1, 'b', null, { c: true }] } },
};
/** Payloads for every serializer: fitting ones, coercible ones, extra fields, wrong types, missing fields. */
const PAYLOADS: unknown[] = [
  {},
  { status: 'ok', pid: 1234, uptimeS: 1.5, inFlight: 0 },
  { status: 'ok', pid: '1234', uptimeS: '1.5', inFlight: 2.7, extra: 'dropped' },
  { status: 'ok', pid: 12n, uptimeS: Number.NaN, inFlight: Number.POSITIVE_INFINITY },
  { status: 'ok', pid: 1 },
  { status: 'ready', model, loadMs: 12.25 },
  { status: 'ready', model: { ...model, sha256: null, threads: null }, loadMs: 0 },
  { status: 'ready', model: { name: 7, sha256: 5, device: 'cpu', threads: '2', more: 1 }, loadMs: '3' },
  { status: 'ready', model: { name: 'm' }, loadMs: 1 },
  { status: 'ready', model: null, loadMs: 1 },
  { name: '@rhenium-perf/api-readiness', version: '0.1.0', api: 'v1', node: '20.20.2', fastify: '5.12.8', engine: 'e2e', model: null },
  { name: '@rhenium-perf/api-readiness', version: '0.1.0', api: 'v1', node: '20.20.2', fastify: '5.12.8', engine: 'e2e', model },
  { name: 'n', version: 1, api: 'v1', node: 'x', fastify: 'y', engine: 'e', model: { ...model, threads: null, extra: [1] } },
  { name: 'n', version: '1', api: 'v1', node: 'x', fastify: 'y', engine: 'e', model: 'not a model' },
  { name: 'n', version: '1', api: 'v1', node: 'x', fastify: 'y', engine: 'e', model: { name: 'm' } },
  { name: 'n', version: '1', api: 'v1', node: 'x', fastify: 'y', engine: 'e' },
  summary,
  { ...summary, modality: null, shape: [4.5, '5', 6], labels: [{ label: '2', voxels: 3.9, volumeMm3: '1.5', extra: 1 }], extra: 'dropped' },
  { ...summary, timingsMs: { decode: 1, pipeline: 2, stages: { a: '3', b: null } }, dossier: { when: new Date(0), toJ: { toJSON: () => 'j' } } },
  { ...summary, spacingMm: [1, 2], affine: [], labels: [] },
  { ...summary, labels: [{ label: 1 }] },
  problem,
  { ...problem, instance: undefined, status: '503', extra: 'dropped' },
  { ...problem, code: 'NOT_OURS' },
  { type: 'x', title: 'y', status: 500, detail: 'z' },
  { toJSON: () => ({ status: 'ok', pid: 1, uptimeS: 2, inFlight: 3 }) },
];
/** Query strings for the querystring validator (Fastify coerces, removes unknown keys, fails). */
const QUERIES: unknown[] = [
  {},
  { modality: 'CT' },
  { modality: 'ct' },
  { modality: ['MRI'] },
  { modality: ['MRI', 'CT'] },
  { modality: 1 },
  { modality: null },
  { modality: true },
  { modality: { a: 1 } },
  { modality: 'XR', other: '1' },
  { other: 'x' },
  null,
  'modality=CT',
  [],
];

describe('precompiled validators and serializers', () => {
  it(`the committed ${GENERATED_MODULE} is what the generator makes now`, async () => {
    const committed = readFileSync(join(packageDir, GENERATED_MODULE), 'utf8');
    // On a difference: npm run generate-schemas -w @rhenium-perf/api-readiness
    expect(await generateSchemaModule()).toBe(committed);
  });

  it("restores every validator and serializer of buildServer's routes and compiles none", async () => {
    const stats: PrecompiledStats = { restored: 0, compiled: 0 };
    const app = buildServerWith({ engine: engine(), loadOn: 'manual' }, precompiledSchemaController(PRECOMPILED, stats));
    await app.ready();
    await app.close();
    const compiles = await defaultCompiles();
    expect(compiles.length).toBeGreaterThanOrEqual(20);
    expect(stats).toEqual({ restored: compiles.length, compiled: 0 });
    expect(Object.keys(PRECOMPILED.validators.entries).length + Object.keys(PRECOMPILED.serializers.entries).length).toBe(new Set(compiles.map((c) => `${c.kind} ${compilerKey(c.route)}`)).size);
  });

  it('building the server loads neither Ajv nor the schema compilers (a fresh process)', () => {
    const code = `
      import { createRequire } from 'node:module';
      const { buildServer } = await import('./src/app.ts');
      const app = buildServer({ engine: { name: 'none', load: async () => ({ name: 'none', sha256: null, device: 'cpu', threads: null }), segment: async () => { throw new Error('unused'); } } });
      await app.ready();
      const res = await app.inject({ url: '/v1/version' });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /[\\\\/]node_modules[\\\\/](ajv|ajv-formats|@fastify[\\\\/](ajv-compiler|fast-json-stringify-compiler))[\\\\/]/.test(k));
      console.log(JSON.stringify({ status: res.statusCode, loaded }));
      await app.close();`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', '--input-type=module', '-e', code], { cwd: packageDir, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ status: 200, loaded: [] });
  });

  it("validate and serialise as Fastify's default compilers do, function by function", async () => {
    const compiles = await defaultCompiles();
    const req = fastifyRequire();
    const defaults = { validator: (req('@fastify/ajv-compiler') as () => CompilerFactory)(), serializer: (req('@fastify/fast-json-stringify-compiler') as () => CompilerFactory)() };
    const stats: PrecompiledStats = { restored: 0, compiled: 0 };
    const factories = precompiledSchemaController(PRECOMPILED, stats).compilersFactory as unknown as { buildValidator: CompilerFactory; buildSerializer: CompilerFactory };
    let calls = 0;
    for (const c of compiles) {
      const expected = defaults[c.kind](c.externals, c.options)(c.route) as (data: unknown) => unknown;
      const restored = (c.kind === 'validator' ? factories.buildValidator : factories.buildSerializer)(c.externals, c.options)(c.route) as typeof expected;
      expect(restored).not.toBe(expected);
      if (c.kind === 'serializer') {
        for (const p of PAYLOADS) {
          expect(outcome(() => restored(p)), `${compilerKey(c.route)} ${JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`).toEqual(outcome(() => expected(p)));
          calls++;
        }
      } else {
        for (const q of QUERIES) {
          const [a, b] = [structuredClone(q), structuredClone(q)];
          const r = { valid: restored(a), data: a, errors: (restored as unknown as { errors: unknown }).errors };
          const e = { valid: expected(b), data: b, errors: (expected as unknown as { errors: unknown }).errors };
          expect(r, `${compilerKey(c.route)} ${JSON.stringify(q)}`).toEqual(e);
          calls++;
        }
      }
    }
    expect(stats.compiled).toBe(0);
    expect(calls).toBeGreaterThan(500);
  });

  it("answer every request as with Fastify's default compilers, byte for byte", async () => {
    const make = (schemaController: Parameters<typeof buildServerWith>[1], options: ServerOptions = {}): FastifyInstance =>
      buildServerWith({ engine: engine(), loadOn: 'manual', retryAfterS: 2, ...options }, schemaController);
    const requests: InjectOptions[] = [
      { url: '/health' },
      { url: '/ready' },
      { url: '/v1/version' },
      { method: 'HEAD', url: '/ready' },
      { url: '/nowhere' },
      { method: 'POST', url: '/v1/segment', payload: nifti, headers: { 'content-type': 'application/octet-stream' } },
      { method: 'POST', url: '/v1/segment?modality=CT', payload: nifti, headers: { 'content-type': 'application/octet-stream' } },
      { method: 'POST', url: '/v1/segment?modality=ct', payload: nifti, headers: { 'content-type': 'application/octet-stream' } },
      { method: 'POST', url: '/v1/segment?modality=XR&extra=1', payload: nifti, headers: { 'content-type': 'application/octet-stream' } },
      { method: 'POST', url: '/v1/segment?modality=US&modality=XR', payload: nifti, headers: { 'content-type': 'application/octet-stream' } },
      { method: 'POST', url: '/v1/segment', payload: nifti, headers: { 'content-type': 'application/octet-stream', accept: 'application/octet-stream' } },
      { method: 'POST', url: '/v1/segment', payload: Buffer.alloc(0), headers: { 'content-type': 'application/octet-stream' } },
      { method: 'POST', url: '/v1/segment', payload: nifti.subarray(0, 100), headers: { 'content-type': 'application/octet-stream' } },
      { method: 'POST', url: '/v1/segment', payload: '{}', headers: { 'content-type': 'application/json' } },
      { method: 'POST', url: '/v1/segment', payload: nifti, headers: { 'content-type': 'application/octet-stream', accept: 'text/html' } },
    ];
    /** Status, headers and body, without what differs between two servers (uptime, timings, date). */
    const answer = (r: Awaited<ReturnType<FastifyInstance['inject']>>): unknown => {
      const headers: Record<string, unknown> = { ...r.headers };
      delete headers.date;
      delete headers['server-timing'];
      const body = r.headers['content-type']?.toString().includes('json')
        ? r.body.replace(/"uptimeS":[0-9.e+-]+/, '"uptimeS":0').replace(/"(decode|pipeline|loadMs)":[0-9.e+-]+/g, '"$1":0')
        : r.rawPayload.toString('base64');
      return { status: r.statusCode, headers: { ...headers, 'content-length': undefined }, body };
    };
    const stats: PrecompiledStats = { restored: 0, compiled: 0 };
    const pre = make(precompiledSchemaController(PRECOMPILED, stats));
    const def = make(undefined);
    try {
      let n = 0;
      for (const phase of ['loading', 'ready'] as const) {
        if (phase === 'ready') await Promise.all([pre.readiness.load(), def.readiness.load()]);
        for (const r of requests) {
          const [a, b] = [await pre.inject(r), await def.inject(r)];
          expect(answer(a), `${phase} ${r.method ?? 'GET'} ${r.url}`).toEqual(answer(b));
          n++;
        }
      }
      expect(n).toBe(2 * requests.length);
      expect(stats.compiled).toBe(0);
    } finally {
      await Promise.all([pre.close(), def.close()]);
    }
  });
});

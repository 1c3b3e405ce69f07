/**
 * The real server process (spawned from the sources: node --import tsx
 * --conditions=@rhenium-perf/source src/server.ts), over loopback: answers, bad input, the
 * in-flight bound, 1,000 malformed requests without a restart, and the SIGTERM drain.
 */
import http from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { decodeNifti, encodeNifti1 } from '@rhenium-perf/io-parsing';
import { httpRequest, jsonOf, runLoad, startServerProcess, type HttpAnswer, type ServerProcess } from '../src/index';

const BODY_LIMIT = 64 * 1024;
const volume = syntheticVolume('MRI', 'tiny').image;
const nifti = Buffer.from(encodeNifti1(volume));
const OCTET = { 'content-type': 'application/octet-stream' };

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
}

/** Check an answer is a problem+json document of `status` and `code`; return it. */
function expectProblem(a: HttpAnswer, status: number, code: string): Problem {
  expect(a.status, a.body.toString('utf8')).toBe(status);
  expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = jsonOf<Problem>(a);
  expect(p).toMatchObject({ status, code });
  expect(p.type).toBe(`https://rhenium.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`);
  expect(p.title.length).toBeGreaterThan(0);
  expect(p.detail.length).toBeGreaterThan(0);
  return p;
}

/**
 * A POST whose body is sent in two parts: the headers and `first` bytes now, the rest when
 * `finish()` is called. The request is in flight on the server in between.
 */
function slowUpload(url: string, body: Buffer, first: number): { finish(): void; answer: Promise<HttpAnswer> } {
  let req!: http.ClientRequest;
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    req = http.request(url, { method: 'POST', agent: false, headers: { ...OCTET, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(body.subarray(0, first));
  return { finish: () => req.end(body.subarray(first)), answer };
}

async function health(server: ServerProcess): Promise<{ pid: number; uptimeS: number; inFlight: number }> {
  const a = await httpRequest(server.url + '/health');
  expect(a.status).toBe(200);
  return jsonOf(a);
}

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the server process', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    // NOTE: the slow uploads below pause for as long as the test needs: no minimum upload rate
    // here (test/faults.test.ts checks it).
    server = await startServerProcess({ args: ['--port', '0', '--body-limit-bytes', String(BODY_LIMIT), '--max-in-flight', '1', '--min-upload-rate', '0'] });
    await server.waitReady();
  });
  afterAll(async () => {
    const exit = await server?.stop();
    expect(exit?.code).toBe(0);
  });

  it('binds to 127.0.0.1 and prints its address as a JSON line', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.events[0]).toMatchObject({ event: 'listening', url: server.url, pid: server.pid });
    expect(server.events.some((e) => e.event === 'ready')).toBe(true);
  });

  it('GET /health, /ready and /v1/version answer with their schemas', async () => {
    const h = await health(server);
    expect(h).toEqual({ status: 'ok', pid: server.pid, uptimeS: expect.any(Number), inFlight: 0 });
    const ready = jsonOf<{ status: string; model: { sha256: string; threads: number }; loadMs: number }>(await httpRequest(server.url + '/ready'));
    expect(ready.status).toBe('ready');
    expect(ready.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ready.model.threads).toBe(1);
    expect(ready.loadMs).toBeGreaterThan(0);
    const v = jsonOf<Record<string, unknown>>(await httpRequest(server.url + '/v1/version'));
    expect(v).toMatchObject({ name: '@rhenium-perf/api-readiness', api: 'v1', node: process.versions.node, engine: 'e2e-core-model', model: ready.model });
    expect(Object.keys(v).sort()).toEqual(['api', 'engine', 'fastify', 'model', 'name', 'node', 'version']);
  });

  it('POST /v1/segment: the JSON summary with the dossier, the same for a gzipped body', async () => {
    const a = await httpRequest(server.url + '/v1/segment?modality=MRI', { method: 'POST', headers: OCTET, body: nifti });
    expect(a.status, a.body.toString('utf8').slice(0, 300)).toBe(200);
    expect(a.headers['content-type']).toMatch(/^application\/json/);
    expect(a.headers['server-timing']).toMatch(/^decode;dur=[0-9.]+, pipeline;dur=[0-9.]+$/);
    const s = jsonOf<{ shape: number[]; spacingMm: number[]; affine: number[]; modality: string; labels: { label: number; voxels: number; volumeMm3: number }[]; dossier: { findings: unknown[]; model: { sha256: string } } }>(a);
    expect(s.shape).toEqual([...volume.shape]);
    expect(s.spacingMm).toEqual([...volume.spacingMm]);
    expect(s.affine).toEqual([...volume.affine]);
    expect(s.modality).toBe('MRI');
    const voxelMm3 = volume.spacingMm[0] * volume.spacingMm[1] * volume.spacingMm[2];
    for (const l of s.labels) expect(l.volumeMm3).toBeCloseTo(l.voxels * voxelMm3, 9);
    expect(Array.isArray(s.dossier.findings)).toBe(true);
    const gz = await httpRequest(server.url + '/v1/segment?modality=MRI', { method: 'POST', headers: { 'content-type': 'application/gzip' }, body: gzipSync(nifti) });
    expect(gz.status).toBe(200);
    expect(jsonOf<{ labels: unknown }>(gz).labels).toEqual(s.labels);
  });

  it('POST /v1/segment with Accept: application/octet-stream or application/gzip returns the label map as NIfTI', async () => {
    const a = await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: { ...OCTET, accept: 'application/octet-stream' }, body: nifti });
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/octet-stream');
    const labels = decodeNifti(a.body);
    expect(labels.shape).toEqual([...volume.shape]);
    expect(labels.affine).toEqual([...volume.affine]);
    expect(labels.header.intentCode).toBe(1002);
    expect(labels.data).toBeInstanceOf(Uint8Array);
    const summary = jsonOf<{ labels: { label: number; voxels: number }[] }>(await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body: nifti }));
    for (const l of summary.labels) expect((labels.data as Uint8Array).filter((v) => v === l.label).length).toBe(l.voxels);
    const gz = await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: { ...OCTET, accept: 'application/gzip' }, body: nifti });
    expect(gz.headers['content-type']).toBe('application/gzip');
    expect(Buffer.compare(gunzipSync(gz.body), a.body)).toBe(0);
  });

  it('a malformed body is 400 RPERF_API_MALFORMED_NIFTI (garbage, truncated NIfTI, corrupt gzip); no body is 400', async () => {
    const post = (body: Buffer, type = 'application/octet-stream') => httpRequest(server.url + '/v1/segment', { method: 'POST', headers: { 'content-type': type }, body });
    const garbage = expectProblem(await post(Buffer.from('this is not a NIfTI file at all')), 400, 'RPERF_API_MALFORMED_NIFTI');
    expect(garbage.detail).toContain('RPERF_IO_BAD_MAGIC');
    expect(garbage.instance).toBe('/v1/segment');
    expect(expectProblem(await post(nifti.subarray(0, 1000)), 400, 'RPERF_API_MALFORMED_NIFTI').detail).toContain('RPERF_IO_TRUNCATED');
    const gz = gzipSync(nifti);
    expect(expectProblem(await post(gz.subarray(0, gz.length >> 1), 'application/gzip'), 400, 'RPERF_API_MALFORMED_NIFTI').detail).toMatch(/RPERF_IO_(TRUNCATED|DECOMPRESS)/);
    expectProblem(await post(Buffer.alloc(0)), 400, 'RPERF_API_EMPTY_BODY');
    expectProblem(await httpRequest(server.url + '/v1/segment?modality=PET', { method: 'POST', headers: OCTET, body: nifti }), 400, 'RPERF_API_BAD_REQUEST');
  });

  it('a body over --body-limit-bytes is 413 RPERF_API_BODY_TOO_LARGE', async () => {
    const p = expectProblem(await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body: Buffer.alloc(BODY_LIMIT + 1) }), 413, 'RPERF_API_BODY_TOO_LARGE');
    expect(p.detail).toContain(`${BODY_LIMIT} bytes`);
  });

  it('a wrong content type is 415 RPERF_API_UNSUPPORTED_MEDIA_TYPE (JSON, text, none)', async () => {
    for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, {} as Record<string, string>]) {
      const body = headers['content-type'] === 'application/json' ? Buffer.from('{"a":1}') : nifti;
      const p = expectProblem(await httpRequest(server.url + '/v1/segment', { method: 'POST', headers, body }), 415, 'RPERF_API_UNSUPPORTED_MEDIA_TYPE');
      expect(p.detail).toContain('application/octet-stream');
    }
  });

  it('an unknown route is 404 and an unacceptable Accept is 406, both problem+json', async () => {
    expectProblem(await httpRequest(server.url + '/v2/segment'), 404, 'RPERF_API_NOT_FOUND');
    expectProblem(await httpRequest(server.url + '/health', { method: 'DELETE' }), 404, 'RPERF_API_NOT_FOUND');
    expectProblem(await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: { ...OCTET, accept: 'text/html' }, body: nifti }), 406, 'RPERF_API_NOT_ACCEPTABLE');
  });

  it('past --max-in-flight a request is 503 RPERF_API_BUSY with Retry-After; the one in flight completes', async () => {
    const slow = slowUpload(server.url + '/v1/segment', nifti, 400);
    await until(async () => (await health(server)).inFlight === 1, 'the slow upload to be in flight');
    const busy = await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body: nifti });
    expectProblem(busy, 503, 'RPERF_API_BUSY');
    expect(busy.headers['retry-after']).toBe('1');
    slow.finish();
    expect((await slow.answer).status).toBe(200);
    await until(async () => (await health(server)).inFlight === 0, 'the slot to be released');
    expect((await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body: nifti })).status).toBe(200);
  });

  it('1,000 malformed requests: every one is 400, then /health answers from the same process, still running', async () => {
    const before = await health(server);
    const load = await runLoad({
      url: server.url + '/v1/segment',
      method: 'POST',
      headers: OCTET,
      body: Buffer.from('\x5c\x01\x00\x00 not really a NIfTI header, just bytes'),
      connections: 8,
      amount: 1000,
      expectStatus: 400,
    });
    expect(load.requests).toBe(1000);
    expect(load.statusCounts).toEqual({ 400: 1000 });
    expect(load.errors).toBe(0);
    const after = await health(server);
    expect(after.pid).toBe(before.pid);
    expect(after.pid).toBe(server.pid);
    expect(after.uptimeS).toBeGreaterThan(before.uptimeS);
    expect(after.inFlight).toBe(0);
    expect(server.child.exitCode).toBeNull();
    expect(server.events.filter((e) => e.event === 'listening')).toHaveLength(1);
    expect((await httpRequest(server.url + '/ready')).status).toBe(200);
  });
});

describe('SIGTERM drains the server process', () => {
  it('stops accepting, finishes the in-flight request, prints closed and exits 0', async () => {
    const server = await startServerProcess({ args: ['--port', '0', '--min-upload-rate', '0'] });
    try {
      await server.waitReady();
      const slow = slowUpload(server.url + '/v1/segment', nifti, 400);
      await until(async () => (await health(server)).inFlight === 1, 'the slow upload to be in flight');
      server.child.kill('SIGTERM');
      const draining = await server.waitForEvent('draining');
      expect(draining).toMatchObject({ signal: 'SIGTERM', inFlight: 1 });
      // New connections are refused once the listening socket is closed.
      await until(
        () => httpRequest(server.url + '/health', { timeoutMs: 1000 }).then(() => false, (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED'),
        'new connections to be refused',
      );
      expect(server.child.exitCode).toBeNull();
      slow.finish();
      const answer = await slow.answer;
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe('close');
      expect(jsonOf<{ shape: number[] }>(answer).shape).toEqual([...volume.shape]);
      const exit = await server.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(server.events.at(-1)).toMatchObject({ event: 'closed', exitCode: 0 });
    } finally {
      if (server.child.exitCode === null) await server.stop('SIGKILL');
    }
  });
});

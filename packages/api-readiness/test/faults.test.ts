/**
 * Fault injection against the real server process, over loopback only, bounded in count and
 * time: a decompression bomb (refused from its header while /health stays fast and the RSS
 * flat), four slow-loris uploads (408, their slots freed, a normal request served), clients
 * that disconnect mid-pipeline under --max-in-flight 1 (the slot is held until the work
 * stops), protocol-level errors as problem+json, client faults never 5xx, and `--port -1`.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeNifti1, writeZeroNiftiGz } from '@rhenium-perf/io-parsing';
import { DEFAULT_MAX_VOXELS as PIPELINE_MAX_VOXELS } from '@rhenium-perf/e2e-core-model';
import { DEFAULT_MAX_VOXELS, httpRequest, jsonOf, processMemory, serverEntry, startServerProcess, type HttpAnswer, type ServerProcess } from '../src/index';

const OCTET = { 'content-type': 'application/octet-stream' };
const tiny = syntheticVolume('MRI', 'tiny').image;
const nifti = Buffer.from(encodeNifti1(tiny));
const dir = mkdtempSync(join(tmpdir(), 'api-faults-'));
const bombPath = join(dir, 'bomb.nii.gz');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Problem {
  status: number;
  code: string;
  detail: string;
  type: string;
  title: string;
}

function expectProblem(a: { status: number; headers: http.IncomingHttpHeaders; body: Buffer }, status: number, code: string): Problem {
  expect(a.status, a.body.toString('utf8').slice(0, 300)).toBe(status);
  expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = JSON.parse(a.body.toString('utf8')) as Problem;
  expect(p).toMatchObject({ status, code });
  expect(p.type).toBe(`https://rhenium.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`);
  expect(p.detail.length).toBeGreaterThan(10);
  return p;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function health(server: ServerProcess): Promise<{ inFlight: number }> {
  return jsonOf(await httpRequest(server.url + '/health', { timeoutMs: 5000 }));
}

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Nearest-rank percentile. */
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Send raw bytes on a fresh loopback connection; resolve with the parsed answer when the server closes. */
function rawExchange(url: string, bytes: string | Buffer, timeoutMs = 15_000): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.write(bytes));
    const timer = setTimeout(() => socket.destroy(new Error(`no answer to a raw request within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e) => (chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks);
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`not an HTTP answer: ${JSON.stringify(text.toString('latin1').slice(0, 200))}`));
      const [statusLine, ...lines] = text.subarray(0, end).toString('latin1').split('\r\n');
      const headers: http.IncomingHttpHeaders = {};
      for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: text.subarray(end + 4) });
    });
  });
}

/** An upload that sends its headers, then one byte every `everyMs` (a slow loris); resolves with the answer. */
function slowLoris(url: string, everyMs: number): { answer: Promise<HttpAnswer>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let req!: http.ClientRequest;
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    req = http.request(url, { method: 'POST', agent: false, headers: { ...OCTET, 'content-length': String(nifti.length) } }, (res) => {
      clearInterval(timer);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
  });
  req.flushHeaders();
  let sent = 0;
  timer = setInterval(() => {
    if (sent < nifti.length - 1) req.write(nifti.subarray(sent, ++sent));
  }, everyMs);
  return { answer, stop: () => (clearInterval(timer), req.destroy()) };
}

describe('fault injection: one server, --max-in-flight 4, upload rate >= 1 KiB/s per 1 s window', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    await writeZeroNiftiGz(bombPath, [1024, 1024, 1024]);
    server = await startServerProcess({
      args: ['--port', '0', '--max-in-flight', '4', '--min-upload-rate', '1024', '--upload-rate-window-ms', '1000', '--body-timeout-ms', '20000', '--request-timeout-ms', '2000'],
    });
    await server.waitReady();
  });
  afterAll(async () => {
    expect((await server?.stop())?.code).toBe(0);
  });

  it('the server caps voxels like the pipeline (256^3)', () => {
    expect(DEFAULT_MAX_VOXELS).toBe(PIPELINE_MAX_VOXELS);
  });

  it('the decompression bomb: 413 from its header, /health p99 < 100 ms throughout, RSS flat', async () => {
    const bomb = readFileSync(bombPath);
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024);
    const hwmBefore = processMemory(server.pid).hwmMb!;
    let polling = true;
    const latencies: number[] = [];
    const poller = (async () => {
      while (polling) {
        const t0 = performance.now();
        const a = await httpRequest(server.url + '/health', { timeoutMs: 60_000 });
        latencies.push(performance.now() - t0);
        expect(a.status).toBe(200);
        await sleep(5);
      }
    })();
    await sleep(200);
    const refuse: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const a = await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: { 'content-type': 'application/gzip' }, body: bomb, timeoutMs: 60_000 });
      refuse.push(performance.now() - t0);
      const p = expectProblem(a, 413, 'RPERF_API_VOLUME_TOO_LARGE');
      expect(p.detail).toContain(`1024x1024x1024 = 1073741824 voxels, more than the ${DEFAULT_MAX_VOXELS}`);
      expect(p.detail).toContain('--max-voxels');
    }
    await sleep(200);
    polling = false;
    await poller;
    const hwmAfter = processMemory(server.pid).hwmMb!;
    const p99 = percentile(latencies, 99);
    console.log(
      `bomb x10: refused in ${refuse.map((t) => t.toFixed(0)).join(', ')} ms; /health p99 ${p99.toFixed(1)} ms over ${latencies.length} requests; ` +
        `server VmHWM ${hwmBefore.toFixed(0)} -> ${hwmAfter.toFixed(0)} MiB`,
    );
    expect(latencies.length).toBeGreaterThanOrEqual(40);
    expect(p99).toBeLessThan(100);
    // Inflating one bomb takes 1 GiB (3.3 GB before the header check); refusing it, ~its 1 MB.
    expect(hwmAfter - hwmBefore).toBeLessThan(256);
    expect((await health(server)).inFlight).toBe(0);
  });

  it('four slow-loris uploads get 408 and free their slots; a normal request is served meanwhile', async () => {
    const lorises = Array.from({ length: 4 }, () => slowLoris(server.url + '/v1/segment', 200));
    try {
      await until(async () => (await health(server)).inFlight === 4, 'the four slow uploads to hold every slot');
      const t0 = performance.now();
      let answer: HttpAnswer;
      let busy = 0;
      for (;;) {
        answer = await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body: nifti });
        if (answer.status !== 503) break;
        busy++;
        expectProblem(answer, 503, 'RPERF_API_BUSY');
        expect(performance.now() - t0).toBeLessThan(30_000);
        await sleep(Number(answer.headers['retry-after']) * 1000);
      }
      expect(answer.status, answer.body.toString('utf8').slice(0, 300)).toBe(200);
      expect(jsonOf<{ shape: number[] }>(answer).shape).toEqual([...tiny.shape]);
      console.log(`a normal request was served ${(performance.now() - t0).toFixed(0)} ms after the four slow uploads held every slot (${busy} x 503 first)`);
      for (const l of lorises) {
        const p = expectProblem(await l.answer, 408, 'RPERF_API_REQUEST_TIMEOUT');
        expect(p.detail).toMatch(/bytes\/s over the last \d+ ms, below the minimum of 1024 bytes\/s/);
        expect((await l.answer).headers.connection).toBe('close');
      }
      await until(async () => (await health(server)).inFlight === 0, 'every slot to be free');
    } finally {
      for (const l of lorises) l.stop();
    }
  });

  it('protocol-level errors are problem+json with the package codes', async () => {
    const bad = expectProblem(await rawExchange(server.url, 'GARBAGE\r\n\r\n'), 400, 'RPERF_API_BAD_REQUEST');
    expect(bad.detail).toContain('could not parse the request');
    const cl = expectProblem(await rawExchange(server.url, 'POST /v1/segment HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: abc\r\n\r\n'), 400, 'RPERF_API_BAD_REQUEST');
    expect(cl.detail).toContain('bad Content-Length');
    const url = expectProblem(await rawExchange(server.url, 'GET /v1/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 400, 'RPERF_API_BAD_REQUEST');
    expect(url.detail).toContain('is not a valid url component');
    expectProblem(await rawExchange(server.url, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`), 431, 'RPERF_API_HEADERS_TOO_LARGE');
    // Headers that never end: Node's request timeout (--request-timeout-ms 2000) answers 408.
    const t0 = performance.now();
    const slow = expectProblem(await rawExchange(server.url, 'GET /health HTTP/1.1\r\nHost: x\r\n'), 408, 'RPERF_API_REQUEST_TIMEOUT');
    expect(slow.detail).toContain('2000 ms');
    expect(performance.now() - t0).toBeGreaterThan(1500);
    expect((await health(server)).inFlight).toBe(0);
  });

  it('client faults are 4xx, never 5xx: zero sform, negative pixdim, all-NaN voxels', async () => {
    const post = (body: Uint8Array) => httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body });
    const zero = encodeNifti1(tiny).slice();
    for (let i = 0; i < 12; i++) new DataView(zero.buffer).setFloat32(280 + 4 * i, 0, true);
    expect(expectProblem(await post(zero), 422, 'RPERF_API_UNSUPPORTED_VOLUME').detail).toContain('RPERF_IO_UNUSABLE_VOLUME: request body: the image cannot be processed: its voxel spacing (x y z) is 0 x 0 x 0 mm');
    const neg = encodeNifti1(tiny).slice();
    const dv = new DataView(neg.buffer);
    dv.setFloat32(84, -1.5, true);
    dv.setInt16(252, 0, true);
    dv.setInt16(254, 0, true);
    expect(expectProblem(await post(neg), 422, 'RPERF_API_UNSUPPORTED_VOLUME').detail).toContain('(pixdim[1..3], pixdim), which is not finite and positive');
    const nan = encodeNifti1({ ...tiny, data: new Float32Array(tiny.data.length).fill(Number.NaN) });
    expect(expectProblem(await post(nan), 422, 'RPERF_API_UNSUPPORTED_VOLUME').detail).toContain('none of its 2048 values is finite (all are NaN or infinite)');
  });
});

describe('aborted requests under --max-in-flight 1: the slot is held until the pipeline stops', () => {
  let server: ServerProcess;
  // Large enough that the pipeline runs for a while (its time is printed).
  const big = Buffer.from(encodeNifti1(syntheticVolume('MRI', [48, 96, 96]).image));

  beforeAll(async () => {
    server = await startServerProcess({ args: ['--port', '0', '--max-in-flight', '1'] });
    await server.waitReady();
  });
  afterAll(async () => {
    expect((await server?.stop())?.code).toBe(0);
  });

  /** Upload `big` whole, then disconnect `afterMs` later (the pipeline is running by then). */
  function uploadThenAbort(afterMs: number): Promise<void> {
    return new Promise((resolve) => {
      const req = http.request(server.url + '/v1/segment', { method: 'POST', agent: false, headers: { ...OCTET, 'content-length': String(big.length) } });
      req.on('error', () => undefined);
      req.end(big, () => setTimeout(() => (req.destroy(), resolve()), afterMs));
    });
  }

  it('three disconnects: each time the next request is 503 until the work stopped, then served', async () => {
    const full = await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body: big });
    expect(full.status).toBe(200);
    console.log(`pipeline of the 48x96x96 volume: ${full.headers['server-timing']}`);
    for (let round = 0; round < 3; round++) {
      await uploadThenAbort(150);
      // The client is gone; its pipeline is not: the slot stays taken.
      expect((await health(server)).inFlight).toBe(1);
      const busy = await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body: nifti });
      expectProblem(busy, 503, 'RPERF_API_BUSY');
      await until(async () => (await health(server)).inFlight === 0, 'the aborted pipeline to stop', 60_000);
      const next = await httpRequest(server.url + '/v1/segment', { method: 'POST', headers: OCTET, body: nifti });
      expect(next.status).toBe(200);
    }
  });
});

describe('the server process arguments', () => {
  it('--port -1 and --port=-1: exit 2 with one line', () => {
    const entry = serverEntry(true);
    for (const args of [['--port', '-1'], ['--port=-1'], ['--max-voxels', '0']]) {
      const r = spawnSync(entry.command, [...entry.args, ...args], { cwd: entry.cwd, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^rhenium-api-server: --(port|max-voxels)/);
    }
  });
});

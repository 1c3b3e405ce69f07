/**
 * `rhenium segment dicomweb://…` as a spawned process: a phantom series stored in a real
 * Orthanc is segmented with the stage times printed (fetch_decode first); a PACS that is
 * down, slow, answers 404/500, cuts its body short or lacks a slice (played by a local
 * node:http server), a malformed address and a bad time-out each end in one line on stderr,
 * exit 2, and no output file.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMultipart, freeLoopbackPort, orthancUnavailable, phantomSeries, readNifti, startOrthanc, storeInstances, type LocalOrthanc, type PhantomSeries } from '@rhenium-perf/io-parsing';
import { runCli } from './run-cli';

const STUDY = '2.25.14142135623730950488';
const SERIES = `${STUDY}.1`;
const BOUNDARY = 'fake-pacs';
const dir = mkdtempSync(join(tmpdir(), 'rhenium-pacs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unavailable = orthancUnavailable();
if (unavailable) console.warn(`segment-pacs.test.ts: the Orthanc case is skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('rhenium segment dicomweb:// through a real Orthanc', () => {
  let pacs: LocalOrthanc;
  let phantom: PhantomSeries;
  beforeAll(async () => {
    pacs = await startOrthanc();
    phantom = await phantomSeries({ shape: [8, 16, 16], studyInstanceUid: STUDY, seriesInstanceUid: SERIES });
    await storeInstances(pacs.dicomWebUrl, phantom.files);
  }, 60_000);
  afterAll(async () => {
    await pacs?.stop();
  });

  it('segments the series: a 16x16x8 label map with its geometry, the stage times with fetch_decode first', async () => {
    const out = join(dir, 'pacs.labels.nii.gz');
    const r = await runCli(['segment', `dicomweb://127.0.0.1:${pacs.httpPort}/dicom-web/studies/${STUDY}/series/${SERIES}`, '-o', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^rhenium: wrote .*pacs\.labels\.nii\.gz \(16x16x8, \d+ ms\)$/);
    expect(lines[1]).toMatch(/^rhenium: stages fetch_decode \d+ ms, load_model \d+ ms, decode \d+ ms, preprocess \d+ ms, segment \d+ ms, .*write \d+ ms$/);
    const labels = await readNifti(out);
    expect(labels.shape).toEqual([8, 16, 16]);
    expect(labels.spacingMm[0]).toBeCloseTo(2.5, 4);
    expect(labels.spacingMm[1]).toBeCloseTo(0.8, 4);
  }, 120_000);
});

describe('rhenium segment dicomweb:// when the PACS misbehaves (a fake PACS)', () => {
  let server: Server;
  let port: number;
  let phantom: PhantomSeries;
  let behave: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  beforeAll(async () => {
    phantom = await phantomSeries({ shape: [5, 16, 16], studyInstanceUid: STUDY, seriesInstanceUid: SERIES });
    server = createServer((req, res) => behave(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const multipart = (files: readonly Uint8Array[]): Uint8Array => encodeMultipart(files, 'application/dicom', BOUNDARY);
  const ok = (res: ServerResponse, body: Uint8Array): void => {
    res.writeHead(200, { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}` });
    res.end(body);
  };

  /** Run segment against the fake PACS; expect exit 2, one line matching `line`, and no output. */
  async function refused(line: RegExp, env: Record<string, string> = {}, address?: string, extra: readonly string[] = []): Promise<void> {
    const out = join(dir, `fault-${Math.random().toString(36).slice(2)}.nii.gz`);
    const r = await runCli(['segment', address ?? `dicomweb://127.0.0.1:${port}/dicom-web/studies/${STUDY}/series/${SERIES}`, ...extra, '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(line);
    expect(existsSync(out)).toBe(false);
  }

  it('PACS down (connection refused)', async () => {
    const closed = await freeLoopbackPort();
    await refused(/^rhenium: error: http:\/\/127\.0\.0\.1:\d+\/dicom-web\/studies\/.+: the PACS cannot be reached: connection refused, nothing listens on that host and port \(ECONNREFUSED\) \[RPERF_IO_PACS_UNREACHABLE\]; check that the PACS is running and the host and port of the address$/, {}, `dicomweb://127.0.0.1:${closed}/dicom-web/studies/${STUDY}/series/${SERIES}`);
  });

  it('PACS slow: the time-out of RHENIUM_PACS_TIMEOUT_S', async () => {
    behave = () => undefined;
    await refused(/: no response from the PACS within 0\.3 s \[RPERF_IO_PACS_TIMEOUT\]; raise the time-out \(\{ timeoutMs \} in the library, RHENIUM_PACS_TIMEOUT_S=SECONDS for rhenium\)/, { RHENIUM_PACS_TIMEOUT_S: '0.3' });
  });

  it('PACS slow: --timeout SECONDS, which wins over RHENIUM_PACS_TIMEOUT_S', async () => {
    behave = () => undefined;
    const address = `dicomweb://127.0.0.1:${port}/dicom-web/studies/${STUDY}/series/${SERIES}`;
    await refused(/: no response from the PACS within 0\.2 s \[RPERF_IO_PACS_TIMEOUT\]/, { RHENIUM_PACS_TIMEOUT_S: '600' }, address, ['--timeout', '0.2']);
  });

  it('a bad --timeout, or --timeout with a file input, is a usage error', async () => {
    const out = join(dir, 'never.nii.gz');
    const address = `dicomweb://127.0.0.1:${port}/dicom-web/studies/${STUDY}/series/${SERIES}`;
    for (const [args, line] of [
      [['segment', address, '--timeout', '0', '-o', out], /^rhenium: error: --timeout must be a number of seconds in \(0, 86400\], received '0'; write e\.g\. '--timeout 120' \(seconds\)$/],
      [['segment', address, '--timeout', 'soon', '-o', out], /received 'soon'/],
      [['segment', join(dir, 'any.nii.gz'), '--timeout', '5', '-o', out], /^rhenium: error: --timeout applies to a dicomweb:\/\/ input only; drop --timeout for a file or folder$/],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr.trim()).toMatch(line);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a bad RHENIUM_PACS_TIMEOUT_S is a usage error', async () => {
    await refused(/^rhenium: error: RHENIUM_PACS_TIMEOUT_S must be a number of seconds in \(0, 86400\], received 'soon'; unset it/, { RHENIUM_PACS_TIMEOUT_S: 'soon' });
  });

  it('HTTP 404 and 500', async () => {
    behave = (_req, res) => {
      res.writeHead(404);
      res.end();
    };
    await refused(/: HTTP 404 Not Found \[RPERF_IO_PACS_HTTP\]; the PACS holds no series .* check both UIDs/);
    behave = (_req, res) => {
      res.writeHead(500);
      res.end('out of disk');
    };
    await refused(/: HTTP 500 Internal Server Error \(out of disk\) \[RPERF_IO_PACS_HTTP\]; the PACS failed on its side: see its log, then retry$/);
  });

  it('a truncated multipart body', async () => {
    behave = (_req, res) => {
      const body = multipart(phantom.files);
      ok(res, body.subarray(0, body.length - 300));
    };
    await refused(/: the multipart body ends inside a part, after \d+ bytes, without its closing boundary --fake-pacs-- \(4 whole instances before it\) \[RPERF_IO_PACS_BAD_RESPONSE\]; nothing was kept/);
  });

  it('a series with a missing slice', async () => {
    behave = (_req, res) => ok(res, multipart(phantom.files.filter((_, k) => k !== 2)));
    await refused(/: the series from the PACS has a gap of 5\.000 mm between slices at 2\.500 and 7\.500 mm, where the nearest slices are 2\.500 mm apart: 1 slice missing of 5 \[RPERF_IO_SERIES_GEOMETRY\]; send the whole series to the PACS again$/);
  });

  it('a malformed address, and --series naming another series', async () => {
    await refused(/^rhenium: error: dicomweb:\/\/127\.0\.0\.1:1\/studies\/1\.2: the path does not end in \/studies\/<uid>\/series\/<uid>; write dicomweb:\/\/HOST:PORT/, {}, 'dicomweb://127.0.0.1:1/studies/1.2');
    const out = join(dir, 'series.nii.gz');
    const r = await runCli(['segment', `dicomweb://127.0.0.1:${port}/dicom-web/studies/${STUDY}/series/${SERIES}`, '--series', '2.25.9', '-o', out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`rhenium: error: --series 2.25.9 differs from the series ${SERIES} the address names; drop --series: a dicomweb:// address names its series`);
  });
});

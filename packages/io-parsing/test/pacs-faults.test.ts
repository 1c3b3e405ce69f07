/**
 * What a PACS can do wrong that Orthanc cannot be made to do, played by a local node:http
 * server: no answer (time-out), a body that stalls (time-out), a multipart body cut short
 * (closed connection, or ended without its closing boundary), HTTP 500, a wrong Content-Type,
 * a part that is not DICOM or of another series; and a port where nothing listens. Each is one
 * IoError with its code and a one-line message. Plus the addresses rhenium accepts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IoError } from '../src/errors';
import { isDicomWebUrl, parseDicomWebUrl, readDicomWebSeries } from '../src/pacs/dicomweb';
import { encodeMultipart } from '../src/pacs/multipart';
import { freeLoopbackPort } from '../src/pacs/orthanc';
import { maxAbsDifference, phantomSeries, type PhantomSeries } from '../src/pacs/phantom-series';

const STUDY = '2.25.31415926';
const SERIES = '2.25.31415926.7';
const BOUNDARY = 'fake-pacs-boundary';
const MULTIPART = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;

let server: Server;
let port: number;
let phantom: PhantomSeries;
let body: Uint8Array;
/** The behaviour of the fake PACS for the next requests. */
let behave: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  phantom = await phantomSeries({ shape: [4, 16, 16], studyInstanceUid: STUDY, seriesInstanceUid: SERIES });
  body = encodeMultipart(phantom.files, 'application/dicom', BOUNDARY);
  server = createServer((req, res) => behave(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const address = (): string => `dicomweb://127.0.0.1:${port}/dicom-web/studies/${STUDY}/series/${SERIES}`;

async function rejection(p: Promise<unknown>): Promise<IoError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IoError);
    expect((e as Error).message).not.toMatch(/[\r\n]/);
    return e as IoError;
  }
  throw new Error('expected an IoError');
}

describe('readDicomWebSeries against a fake PACS', () => {
  it('a well-behaved answer sent in small chunks decodes to the phantom', async () => {
    behave = (req, res) => {
      expect(req.url).toBe(`/dicom-web/studies/${STUDY}/series/${SERIES}`);
      expect(req.headers.accept).toBe('multipart/related; type="application/dicom"; transfer-syntax=*');
      res.writeHead(200, { 'Content-Type': MULTIPART });
      for (let o = 0; o < body.length; o += 1000) res.write(body.subarray(o, o + 1000));
      res.end();
    };
    const r = await readDicomWebSeries(address());
    expect(maxAbsDifference(r.series.volume.data, phantom.pixels)).toBe(0);
  });

  it('no answer within the time-out: RPERF_IO_PACS_TIMEOUT', async () => {
    behave = () => {
      /* never answers */
    };
    const e = await rejection(readDicomWebSeries(address(), { timeoutMs: 200 }));
    expect(e.code).toBe('RPERF_IO_PACS_TIMEOUT');
    expect(e.message).toBe(
      `http://127.0.0.1:${port}/dicom-web/studies/${STUDY}/series/${SERIES}: no response from the PACS within 0.2 s; raise the time-out ({ timeoutMs } in the library, RHENIUM_PACS_TIMEOUT_S=SECONDS for rhenium) or check that the PACS is not overloaded`,
    );
  });

  it('a body that stalls: RPERF_IO_PACS_TIMEOUT naming the bytes received', async () => {
    behave = (_req, res) => {
      res.writeHead(200, { 'Content-Type': MULTIPART });
      res.write(body.subarray(0, 1500));
    };
    const e = await rejection(readDicomWebSeries(address(), { timeoutMs: 200 }));
    expect(e.code).toBe('RPERF_IO_PACS_TIMEOUT');
    expect(e.message).toMatch(/: the PACS sent 1500 bytes of the body, then nothing for 0\.2 s; raise the time-out/);
  });

  it('the connection closed in the middle of the body: RPERF_IO_PACS_BAD_RESPONSE', async () => {
    behave = (_req, res) => {
      res.writeHead(200, { 'Content-Type': MULTIPART });
      res.write(body.subarray(0, body.length - 700), () => res.destroy());
    };
    const e = await rejection(readDicomWebSeries(address()));
    expect(e.code).toBe('RPERF_IO_PACS_BAD_RESPONSE');
    expect(e.message).toMatch(/: the body was cut short after \d+ bytes \(.+\); nothing was kept/);
  });

  it('a body that ends without its closing boundary: RPERF_IO_PACS_BAD_RESPONSE, the whole instances counted', async () => {
    behave = (_req, res) => {
      res.writeHead(200, { 'Content-Type': MULTIPART });
      res.end(body.subarray(0, body.length - 700));
    };
    const e = await rejection(readDicomWebSeries(address()));
    expect(e.code).toBe('RPERF_IO_PACS_BAD_RESPONSE');
    expect(e.message).toMatch(new RegExp(`: the multipart body ends inside a part, after ${body.length - 700} bytes, without its closing boundary --${BOUNDARY}-- \\(3 whole instances before it\\); nothing was kept`));
  });

  it('HTTP 500: RPERF_IO_PACS_HTTP with the start of its body', async () => {
    behave = (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('database\nlocked');
    };
    const e = await rejection(readDicomWebSeries(address()));
    expect(e.code).toBe('RPERF_IO_PACS_HTTP');
    expect(e.message).toMatch(/: HTTP 500 Internal Server Error \(database locked\); the PACS failed on its side: see its log, then retry$/);
  });

  it('HTTP 404: RPERF_IO_PACS_HTTP saying how to list the series', async () => {
    behave = (_req, res) => {
      res.writeHead(404);
      res.end();
    };
    const e = await rejection(readDicomWebSeries(address()));
    expect(e.message).toMatch(/: HTTP 404 Not Found; the PACS holds no series 2\.25\.31415926\.7 in study 2\.25\.31415926: check both UIDs/);
  });

  it('JSON instead of multipart: RPERF_IO_PACS_BAD_RESPONSE', async () => {
    behave = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
      res.end('[]');
    };
    const e = await rejection(readDicomWebSeries(address()));
    expect(e.code).toBe('RPERF_IO_PACS_BAD_RESPONSE');
    expect(e.message).toMatch(/the PACS answered Content-Type "application\/dicom\+json", not multipart\/related with a boundary/);
  });

  it('a part that is not DICOM, or of another series: RPERF_IO_PACS_BAD_RESPONSE', async () => {
    behave = (_req, res) => {
      res.writeHead(200, { 'Content-Type': MULTIPART });
      res.end(encodeMultipart([phantom.files[0]!, new TextEncoder().encode('<html>login</html>')], 'application/dicom', BOUNDARY));
    };
    expect((await rejection(readDicomWebSeries(address()))).message).toMatch(/part 2 is application\/dicom, 18 bytes without the DICM signature, not a DICOM file/);
    const other = await phantomSeries({ shape: [2, 8, 8], studyInstanceUid: STUDY, seriesInstanceUid: '2.25.99' });
    behave = (_req, res) => {
      res.writeHead(200, { 'Content-Type': MULTIPART });
      res.end(encodeMultipart(other.files, 'application/dicom', BOUNDARY));
    };
    expect((await rejection(readDicomWebSeries(address()))).message).toMatch(/\(instance 1\): holds series 2\.25\.99, not the 2\.25\.31415926\.7 asked for/);
  });

  it('a missing slice: RPERF_IO_SERIES_GEOMETRY', async () => {
    behave = (_req, res) => {
      res.writeHead(200, { 'Content-Type': MULTIPART });
      res.end(encodeMultipart([0, 1, 3].map((k) => phantom.files[k]!), 'application/dicom', BOUNDARY));
    };
    const e = await rejection(readDicomWebSeries(address()));
    expect(e.code).toBe('RPERF_IO_SERIES_GEOMETRY');
    expect(e.message).toMatch(/a gap of 5\.000 mm between slices at 2\.500 and 7\.500 mm, where the nearest slices are 2\.500 mm apart: 1 slice missing of 4/);
  });

  it('a port where nothing listens: RPERF_IO_PACS_UNREACHABLE', async () => {
    const closed = await freeLoopbackPort();
    const e = await rejection(readDicomWebSeries(`dicomweb://127.0.0.1:${closed}/dicom-web/studies/${STUDY}/series/${SERIES}`));
    expect(e.code).toBe('RPERF_IO_PACS_UNREACHABLE');
    expect(e.message).toMatch(/the PACS cannot be reached: connection refused, nothing listens on that host and port \(ECONNREFUSED\)/);
  });
});

describe('parseDicomWebUrl', () => {
  it('gives the service root and the UIDs', () => {
    expect(parseDicomWebUrl('dicomweb://pacs.example:8042/dicom-web/studies/1.2.3/series/1.2.3.4')).toEqual({ baseUrl: 'http://pacs.example:8042/dicom-web', studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4' });
    expect(parseDicomWebUrl('dicomwebs://h/wado/rs/studies/1/series/2/').baseUrl).toBe('https://h/wado/rs');
    expect(parseDicomWebUrl('http://h:1/studies/1/series/2').baseUrl).toBe('http://h:1');
    expect(isDicomWebUrl('dicomweb://h/x')).toBe(true);
    expect(isDicomWebUrl('ct.nii.gz')).toBe(false);
  });

  it('refuses what is not a series address, in one line saying the form', () => {
    for (const [bad, why] of [
      ['dicomweb://h:1/dicom-web/studies/1.2', 'the path does not end in /studies/<uid>/series/<uid>'],
      ['dicomweb://h:1/studies/1.2/series/abc', "the SeriesInstanceUID 'abc' is not a DICOM UID"],
      ['dicomweb://h:1/studies/1.2/series/3?x=1', 'a series address has no query'],
      ['dicomweb://h:99999/studies/1/series/2', 'not a URL'],
    ] as const) {
      let e: unknown;
      try {
        parseDicomWebUrl(bad);
      } catch (x) {
        e = x;
      }
      expect((e as IoError).code, bad).toBe('RPERF_IO_PACS_BAD_URL');
      expect((e as IoError).message).toContain(why);
      expect((e as IoError).message).toMatch(/; write dicomweb:\/\/HOST:PORT\/<root>\/studies\/<StudyInstanceUID>\/series\/<SeriesInstanceUID>, e\.g\./);
    }
  });
});

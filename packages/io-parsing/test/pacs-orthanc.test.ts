/**
 * Through a real Orthanc process (Debian `orthanc` + `orthanc-dicomweb`, started on free
 * loopback ports with a temporary storage folder): a phantom series made by this package is
 * stored (STOW-RS), found (QIDO-RS) and fetched (WADO-RS as stored and transcoded by Orthanc;
 * DIMSE C-GET), and decodes to the phantom's values; a series stored in a compressed transfer
 * syntax comes back in it; a series with a missing slice, an unknown series and a stopped
 * PACS are one-line errors. Skipped, with the reason printed, where Orthanc is not installed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IoError } from '../src/errors';
import { readDicomWebSeries, searchSeries, storeInstances } from '../src/pacs/dicomweb';
import { cGetSeries } from '../src/pacs/dimse';
import { orthancUnavailable, startOrthanc, type LocalOrthanc } from '../src/pacs/orthanc';
import { maxAbsDifference, phantomSeries, type PhantomSeries } from '../src/pacs/phantom-series';

const unavailable = orthancUnavailable();
if (unavailable) console.warn(`pacs-orthanc.test.ts skipped: ${unavailable}`);

const STUDY = '2.25.161803398874989484820458683436563811772';
const SERIES = `${STUDY}.1`;
const JLS_SERIES = `${STUDY}.2`;
const GAP_SERIES = `${STUDY}.3`;

async function rejection(p: Promise<unknown>): Promise<IoError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IoError);
    return e as IoError;
  }
  throw new Error('expected an IoError');
}

describe.skipIf(unavailable !== null)('a local Orthanc (STOW-RS, QIDO-RS, WADO-RS, C-GET)', () => {
  let pacs: LocalOrthanc;
  let phantom: PhantomSeries;
  const address = (series: string): string => `dicomweb://127.0.0.1:${pacs.httpPort}/dicom-web/studies/${STUDY}/series/${series}`;

  beforeAll(async () => {
    pacs = await startOrthanc();
    phantom = await phantomSeries({ shape: [6, 32, 40], studyInstanceUid: STUDY, seriesInstanceUid: SERIES });
  }, 60_000);
  afterAll(async () => {
    await pacs?.stop({ discard: true });
  });

  it('stores the series (STOW-RS) and finds it (QIDO-RS) with its modality and instance count', async () => {
    const stow = await storeInstances(pacs.dicomWebUrl, phantom.files);
    expect(stow.stored).toEqual(Array.from({ length: 6 }, (_, k) => `${SERIES}.${k + 1}`));
    const found = await searchSeries(pacs.dicomWebUrl, { SeriesInstanceUID: SERIES });
    expect(found).toHaveLength(1);
    expect(found[0]!['0020000E']?.Value).toEqual([SERIES]);
    expect(found[0]!['00080060']?.Value).toEqual(['CT']);
    expect(found[0]!['00201209']?.Value).toEqual([6]);
    expect(await searchSeries(pacs.dicomWebUrl, { SeriesInstanceUID: '2.25.404' })).toEqual([]);
  });

  it('fetches it (WADO-RS, as stored) into the phantom volume with its geometry', async () => {
    const r = await readDicomWebSeries(address(SERIES));
    const v = r.series.volume;
    expect(v.shape).toEqual([6, 32, 40]);
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(maxAbsDifference(v.data, phantom.pixels)).toBe(0);
    expect(v.spacingMm[0]).toBeCloseTo(2.5, 10);
    expect(v.spacingMm[1]).toBeCloseTo(0.8, 10);
    expect(r.transferSyntaxUids).toEqual(['1.2.840.10008.1.2.1']);
    // Orthanc gives the files back as stored (it adds no element to an uncompressed file).
    expect(r.bytesReceived).toBe(phantom.files.reduce((a, f) => a + f.length, 0));
    expect(r.series.warnings).toEqual([]);
  });

  for (const ts of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.4.80']) {
    it(`fetches it transcoded by Orthanc to ${ts}, losslessly`, async () => {
      const r = await readDicomWebSeries(address(SERIES), { transferSyntax: ts });
      expect(r.transferSyntaxUids).toEqual([ts]);
      expect(maxAbsDifference(r.series.volume.data, phantom.pixels)).toBe(0);
    });
  }

  it('asks for a transfer syntax Orthanc 1.10 cannot transcode to: RPERF_IO_PACS_HTTP, one line', async () => {
    const e = await rejection(readDicomWebSeries(address(SERIES), { transferSyntax: '1.2.840.10008.1.2.4.90' }));
    expect(e.code).toBe('RPERF_IO_PACS_HTTP');
    expect(e.message).toMatch(/HTTP (400|406|500)/);
    expect(e.message).not.toMatch(/\n/);
  });

  it('a series stored as near-lossless JPEG-LS comes back in it, within NEAR = 2', async () => {
    const jls = await phantomSeries({ shape: [4, 32, 40], studyInstanceUid: STUDY, seriesInstanceUid: JLS_SERIES, transferSyntaxUid: '1.2.840.10008.1.2.4.81', nearLossless: 2 });
    await storeInstances(pacs.dicomWebUrl, jls.files);
    const r = await readDicomWebSeries(address(JLS_SERIES));
    expect(r.transferSyntaxUids).toEqual(['1.2.840.10008.1.2.4.81']);
    const err = maxAbsDifference(r.series.volume.data, jls.pixels);
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThanOrEqual(2);
  });

  it('fetches it by DIMSE C-GET (dcmjs-dimse) into the same volume', async () => {
    const s = await cGetSeries({ host: '127.0.0.1', port: pacs.dicomPort, calledAeTitle: pacs.aeTitle, studyInstanceUid: STUDY, seriesInstanceUid: SERIES });
    expect(s.volume.shape).toEqual([6, 32, 40]);
    expect(maxAbsDifference(s.volume.data, phantom.pixels)).toBe(0);
    expect(s.volume.affine).toEqual((await readDicomWebSeries(address(SERIES))).series.volume.affine);
  });

  it('a series missing its fourth slice: RPERF_IO_SERIES_GEOMETRY naming the gap', async () => {
    const gap = await phantomSeries({ shape: [6, 16, 16], studyInstanceUid: STUDY, seriesInstanceUid: GAP_SERIES });
    await storeInstances(pacs.dicomWebUrl, gap.files.filter((_, k) => k !== 3));
    const e = await rejection(readDicomWebSeries(address(GAP_SERIES)));
    expect(e.code).toBe('RPERF_IO_SERIES_GEOMETRY');
    expect(e.message).toBe(
      `http://127.0.0.1:${pacs.httpPort}/dicom-web/studies/${STUDY}/series/${GAP_SERIES}: the series from the PACS has a gap of 5.000 mm between slices at 5.000 and 10.000 mm, where the nearest slices are 2.500 mm apart: 1 slice missing of 6; send the whole series to the PACS again`,
    );
    const c = await rejection(cGetSeries({ host: '127.0.0.1', port: pacs.dicomPort, calledAeTitle: pacs.aeTitle, studyInstanceUid: STUDY, seriesInstanceUid: GAP_SERIES }));
    expect(c.code).toBe('RPERF_IO_SERIES_GEOMETRY');
  });

  it('an unknown series: RPERF_IO_PACS_HTTP 404 saying how to list the series', async () => {
    const e = await rejection(readDicomWebSeries(address('2.25.404')));
    expect(e.code).toBe('RPERF_IO_PACS_HTTP');
    expect(e.message).toMatch(/HTTP 404 .*check both UIDs \(QIDO-RS lists them: GET http:\/\/127\.0\.0\.1:\d+\/dicom-web\/studies\/2\.25\.\d+\/series\)$/);
  });

  it('stop() ends the process and removes its folder; then the PACS is refused', async () => {
    const other = await startOrthanc();
    expect(existsSync(other.dir)).toBe(true);
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    expect(() => process.kill(other.pid, 0)).toThrow();
    const e = await rejection(readDicomWebSeries(`dicomweb://127.0.0.1:${other.httpPort}/dicom-web/studies/${STUDY}/series/${SERIES}`));
    expect(e.code).toBe('RPERF_IO_PACS_UNREACHABLE');
    expect(e.message).toMatch(/connection refused, nothing listens on that host and port \(ECONNREFUSED\); check that the PACS is running/);
    const c = await rejection(cGetSeries({ host: '127.0.0.1', port: other.dicomPort, calledAeTitle: other.aeTitle, studyInstanceUid: STUDY, seriesInstanceUid: SERIES }));
    expect(c.code).toBe('RPERF_IO_PACS_UNREACHABLE');
    await other.stop(); // idempotent
  }, 60_000);

  it('stop({ discard: true }) kills it at once (SIGKILL), removes its folder; two instances alive at once have their own ports and folders', async () => {
    const [a, b] = await Promise.all([startOrthanc(), startOrthanc()]);
    expect(new Set([a.httpPort, a.dicomPort, b.httpPort, b.dicomPort]).size).toBe(4);
    expect(a.dir).not.toBe(b.dir);
    expect(a.pid).not.toBe(b.pid);
    await storeInstances(a.dicomWebUrl, phantom.files.slice(0, 2));
    // b does not see what a stores.
    expect(await searchSeries(b.dicomWebUrl, { SeriesInstanceUID: SERIES })).toEqual([]);
    await a.stop({ discard: true });
    // Reaped: the process is gone.
    expect(() => process.kill(a.pid, 0)).toThrow();
    expect(existsSync(a.dir)).toBe(false);
    expect(existsSync(b.dir)).toBe(true);
    const e = await rejection(searchSeries(a.dicomWebUrl, { SeriesInstanceUID: SERIES }));
    expect(e.code).toBe('RPERF_IO_PACS_UNREACHABLE');
    await a.stop({ discard: true }); // idempotent
    await a.stop();
    // b still answers, then goes the same way.
    expect(await searchSeries(b.dicomWebUrl, { SeriesInstanceUID: SERIES })).toEqual([]);
    await b.stop({ discard: true });
    expect(existsSync(b.dir)).toBe(false);
  }, 60_000);

  it('a process interrupted (SIGINT) while its Orthanc runs leaves no Orthanc and no folder behind', async () => {
    const orthancTs = fileURLToPath(new URL('../src/pacs/orthanc.ts', import.meta.url));
    const script = `const { startOrthanc } = await import(${JSON.stringify(orthancTs)}); const p = await startOrthanc(); console.log(JSON.stringify({ pid: p.pid, dir: p.dir })); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before starting Orthanc`)));
    });
    const { pid, dir } = JSON.parse(line) as { pid: number; dir: string };
    expect(existsSync(dir)).toBe(true);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(existsSync(dir)).toBe(false);
    // SIGKILL was sent before the parent died: Orthanc is dead (gone, or a zombie until
    // whatever adopted it reaps it).
    const state = (): string => {
      try {
        return /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))![1]!;
      } catch {
        return 'gone';
      }
    };
    for (let k = 0; k < 40 && !['gone', 'Z', 'X'].includes(state()); k++) await new Promise((r) => setTimeout(r, 50));
    expect(['gone', 'Z', 'X']).toContain(state());
  }, 60_000);
});

/**
 * DICOMweb (PS3.18) clients: store instances (STOW-RS), search series (QIDO-RS), and fetch a
 * series (WADO-RS, multipart/related of application/dicom parts) decoded into a volume by
 * this package's DICOM reader, each slice decoded as soon as its part has arrived.
 *
 * An address of a series is `dicomweb://host:port/<root>/studies/<study UID>/series/<series
 * UID>` (`dicomwebs://` for HTTPS; `http(s)://` is taken as it is), what `rhenium segment`
 * reads. A series fetched from a PACS must be whole: a gap of a missing slice (a slice step
 * 1.5 or more times the smallest step) is an error here, where it is only a warning for files
 * on disk, since an incomplete transfer is what the network adds.
 */
import { loadDicomDecoders } from '../codecs';
import { assembleDicomSeries, type NamedBytes } from '../dicom-series';
import { decodeParsedDicom, parseDicomFile } from '../dicom-read';
import { IoError, isIoError } from '../errors';
import { isDicomPart10 } from '../image-input';
import { TRANSFER_SYNTAXES } from '../transfer-syntax';
import type { DicomImage, DicomSeries } from '../types';
import { DEFAULT_WADO_TRANSFER_SYNTAX } from './defaults';
import { pacsRequest } from './http';
import { boundaryOf, encodeMultipart, MultipartError, readMultipart } from './multipart';

/** Where a series is on a DICOMweb server. */
export interface DicomWebSeriesAddress {
  /** The service root, e.g. `http://127.0.0.1:8042/dicom-web` (no trailing slash). */
  readonly baseUrl: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
}

/** Options of the DICOMweb requests. */
export interface DicomWebOptions {
  /** Idle time-out of each request, ms (default DEFAULT_PACS_TIMEOUT_MS = 30 s). */
  readonly timeoutMs?: number;
}

/** Options of a WADO-RS series fetch. */
export interface WadoOptions extends DicomWebOptions {
  /**
   * The transfer syntax asked for (`transfer-syntax=` of the Accept header): a UID the PACS
   * transcodes to, or `*` (default) for the files as stored.
   */
  readonly transferSyntax?: string;
}

/** A series read from a PACS, with what came over the wire. */
export interface DicomWebSeries {
  readonly series: DicomSeries;
  /** Bytes of the DICOM instances received (the multipart parts). */
  readonly bytesReceived: number;
  /** The transfer syntaxes of the instances received (each once). */
  readonly transferSyntaxUids: readonly string[];
}

const UID = /^[0-9]+(\.[0-9]+)*$/;

/** True when `input` is a DICOMweb address rhenium reads (`dicomweb://` or `dicomwebs://`). */
export function isDicomWebUrl(input: string): boolean {
  return /^dicomwebs?:\/\//i.test(input);
}

/**
 * The service root and UIDs of a series address.
 * @example parseDicomWebUrl('dicomweb://127.0.0.1:8042/dicom-web/studies/2.25.1/series/2.25.2').baseUrl // 'http://127.0.0.1:8042/dicom-web'
 */
export function parseDicomWebUrl(address: string): DicomWebSeriesAddress {
  const bad = (why: string): IoError =>
    new IoError('RPERF_IO_PACS_BAD_URL', address, `${why}; write dicomweb://HOST:PORT/<root>/studies/<StudyInstanceUID>/series/<SeriesInstanceUID>, e.g. dicomweb://127.0.0.1:8042/dicom-web/studies/1.2.3/series/1.2.3.4`);
  let url: URL;
  try {
    url = new URL(address.replace(/^dicomweb:/i, 'http:').replace(/^dicomwebs:/i, 'https:'));
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`the scheme ${url.protocol} is not dicomweb: or dicomwebs:`);
  if (url.search || url.hash) throw bad('a series address has no query (?) or fragment (#)');
  const m = /^(.*)\/studies\/([^/]+)\/series\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) throw bad('the path does not end in /studies/<uid>/series/<uid>');
  const [, root, study, series] = m as unknown as [string, string, string, string];
  for (const [name, uid] of [['StudyInstanceUID', study], ['SeriesInstanceUID', series]] as const) {
    if (!UID.test(uid) || uid.length > 64) throw bad(`the ${name} '${decodeURIComponent(uid).slice(0, 70)}' is not a DICOM UID (digits and dots, at most 64 characters)`);
  }
  return { baseUrl: `${url.protocol}//${url.host}${root}`, studyInstanceUid: study, seriesInstanceUid: series };
}

/** The WADO-RS URL of a series. */
export function seriesUrl(a: DicomWebSeriesAddress): string {
  return `${a.baseUrl}/studies/${a.studyInstanceUid}/series/${a.seriesInstanceUid}`;
}

const notFoundHint = (a: DicomWebSeriesAddress): string =>
  `the PACS holds no series ${a.seriesInstanceUid} in study ${a.studyInstanceUid}: check both UIDs (QIDO-RS lists them: GET ${a.baseUrl}/studies/${a.studyInstanceUid}/series)`;

/**
 * The DICOM instances of a series by WADO-RS, each yielded as soon as it has arrived whole.
 * A body cut short, another Content-Type than multipart/related or a part that is not a DICOM
 * Part 10 file is RPERF_IO_PACS_BAD_RESPONSE.
 * @example for await (const f of fetchSeriesInstances(address)) console.log(f.bytes.length)
 */
export async function* fetchSeriesInstances(address: DicomWebSeriesAddress, options: WadoOptions = {}): AsyncGenerator<NamedBytes> {
  const url = seriesUrl(address);
  const ts = options.transferSyntax ?? DEFAULT_WADO_TRANSFER_SYNTAX;
  const response = await pacsRequest(url, {
    headers: { Accept: `multipart/related; type="application/dicom"; transfer-syntax=${ts}` },
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    notFoundHint: notFoundHint(address),
  });
  const contentType = response.headers.get('content-type');
  const boundary = boundaryOf(contentType);
  if (!boundary || !/^\s*multipart\/related/i.test(contentType ?? '')) {
    throw new IoError('RPERF_IO_PACS_BAD_RESPONSE', url, `the PACS answered Content-Type ${JSON.stringify(contentType)}, not multipart/related with a boundary; is this address a DICOMweb (WADO-RS) service root?`);
  }
  let k = 0;
  try {
    for await (const part of readMultipart(response.chunks(), boundary)) {
      k++;
      const file = `${url} (instance ${k})`;
      const type = part.headers['content-type'];
      if ((type && !/^application\/dicom\b/i.test(type)) || !isDicomPart10(part.body)) {
        throw new IoError('RPERF_IO_PACS_BAD_RESPONSE', url, `part ${k} is ${type ? `${type}, ` : ''}${part.body.length} bytes without the DICM signature, not a DICOM file; ask the PACS for application/dicom`);
      }
      yield { file, bytes: part.body };
    }
  } catch (e) {
    if (e instanceof MultipartError) {
      throw new IoError('RPERF_IO_PACS_BAD_RESPONSE', url, `${e.reason} (${k} whole instance${k === 1 ? '' : 's'} before it); nothing was kept — retry, and check the PACS log if it recurs`);
    }
    throw e;
  }
}

/**
 * The decoded slices of a series by WADO-RS, each decoded as its part arrives (codecs of
 * compressed transfer syntaxes loaded on first use); every instance must belong to the series asked for.
 */
export async function* fetchSeriesImages(address: DicomWebSeriesAddress, options: WadoOptions = {}, received?: { bytes: number; transferSyntaxUids: Set<string> }): AsyncGenerator<DicomImage> {
  for await (const f of fetchSeriesInstances(address, options)) {
    const parsed = parseDicomFile(f.bytes, f.file);
    const h = parsed.header;
    if (h.seriesInstanceUid !== address.seriesInstanceUid) {
      throw new IoError('RPERF_IO_PACS_BAD_RESPONSE', f.file, `holds series ${h.seriesInstanceUid ?? '(none)'}, not the ${address.seriesInstanceUid} asked for; the PACS answered for another series`);
    }
    if (received) {
      received.bytes += f.bytes.length;
      received.transferSyntaxUids.add(h.transferSyntaxUid);
    }
    if (TRANSFER_SYNTAXES[h.transferSyntaxUid]) await loadDicomDecoders([h.transferSyntaxUid]);
    yield decodeParsedDicom(parsed);
  }
}

/**
 * Refuse a series with a missing slice: a step between neighbouring slice positions of 1.5
 * or more times the smallest step (a series on disk only gets a warning from the series check).
 */
export function assertWholeSeries(series: DicomSeries, where: string): void {
  const p = series.slicePositionsMm;
  if (p.length < 3) return;
  const gaps = p.slice(1).map((x, k) => x - p[k]!);
  // NOTE: the smallest step is the reference, not the median: with one slice missing of
  // four, two of the three steps are 'large' and the median would hide the gap.
  const step = Math.min(...gaps);
  const k = gaps.findIndex((g) => g >= 1.5 * step);
  if (k >= 0) {
    const missing = Math.round(gaps[k]! / step) - 1;
    throw new IoError(
      'RPERF_IO_SERIES_GEOMETRY',
      where,
      `the series from the PACS has a gap of ${gaps[k]!.toFixed(3)} mm between slices at ${p[k]!.toFixed(3)} and ${p[k + 1]!.toFixed(3)} mm, where the nearest slices are ${step.toFixed(3)} mm apart: ${missing} slice${missing === 1 ? '' : 's'} missing of ${p.length + missing}; send the whole series to the PACS again`,
    );
  }
}

/**
 * Fetch a series by WADO-RS and assemble it into a volume (with geometry, checked whole).
 * @example (await readDicomWebSeries('dicomweb://127.0.0.1:8042/dicom-web/studies/1.2/series/1.2.3')).series.volume.shape
 */
export async function readDicomWebSeries(address: string | DicomWebSeriesAddress, options: WadoOptions = {}): Promise<DicomWebSeries> {
  const a = typeof address === 'string' ? parseDicomWebUrl(address) : address;
  const where = seriesUrl(a);
  const received = { bytes: 0, transferSyntaxUids: new Set<string>() };
  const images: DicomImage[] = [];
  for await (const im of fetchSeriesImages(a, options, received)) images.push(im);
  if (images.length === 0) throw new IoError('RPERF_IO_EMPTY_SERIES', where, 'the PACS answered with no instance for this series; check the UIDs');
  const series = assembleDicomSeries(images, where);
  assertWholeSeries(series, where);
  return { series, bytesReceived: received.bytes, transferSyntaxUids: [...received.transferSyntaxUids] };
}

/** What a STOW-RS request stored. */
export interface StowResult {
  /** SOPInstanceUIDs the PACS reports stored (ReferencedSOPSequence). */
  readonly stored: readonly string[];
  /** Bytes sent (the multipart body). */
  readonly bytesSent: number;
}

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

/**
 * Store DICOM Part 10 files in one STOW-RS request (`POST <root>/studies`). Instances the PACS
 * lists as failed (FailedSOPSequence) are RPERF_IO_PACS_BAD_RESPONSE.
 * @example await storeInstances('http://127.0.0.1:8042/dicom-web', files)
 */
export async function storeInstances(baseUrl: string, files: readonly Uint8Array[], options: DicomWebOptions = {}): Promise<StowResult> {
  const url = `${baseUrl}/studies`;
  const boundary = `rperf-${crypto.randomUUID()}`;
  const body = encodeMultipart(files, 'application/dicom', boundary);
  const response = await pacsRequest(url, {
    method: 'POST',
    headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' },
    body,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  let json: DicomJson;
  try {
    json = JSON.parse(await response.text()) as DicomJson;
  } catch (e) {
    if (isIoError(e)) throw e;
    throw new IoError('RPERF_IO_PACS_BAD_RESPONSE', url, `POST: the STOW-RS answer is not DICOM JSON (${(e as Error).message}); is this address a DICOMweb service root?`);
  }
  const items = (tag: string): DicomJson[] => (json[tag]?.Value ?? []) as DicomJson[];
  const failed = items('00081198');
  if (failed.length) {
    const reason = failed[0]!['00081197']?.Value?.[0];
    throw new IoError('RPERF_IO_PACS_BAD_RESPONSE', url, `POST: the PACS refused ${failed.length} of ${files.length} instances (FailureReason ${String(reason ?? '?')}); check them with dciodvfy`);
  }
  const stored = items('00081199').map((it) => String(it['00081155']?.Value?.[0] ?? ''));
  return { stored, bytesSent: body.length };
}

/**
 * Search series by QIDO-RS (`GET <root>/series?key=value`): the DICOM JSON of each match.
 * @example await searchSeries(root, { SeriesInstanceUID: '1.2.3' }) // [{ '0020000E': { vr: 'UI', Value: ['1.2.3'] }, ... }]
 */
export async function searchSeries(baseUrl: string, query: Readonly<Record<string, string>>, options: DicomWebOptions = {}): Promise<DicomJson[]> {
  const url = `${baseUrl}/series?${new URLSearchParams(query).toString()}`;
  const response = await pacsRequest(url, { headers: { Accept: 'application/dicom+json' }, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  const text = await response.text();
  if (response.status === 204 || text.trim() === '') return [];
  try {
    const json = JSON.parse(text) as unknown;
    if (!Array.isArray(json)) throw new Error('not an array');
    return json as DicomJson[];
  } catch (e) {
    throw new IoError('RPERF_IO_PACS_BAD_RESPONSE', url, `the QIDO-RS answer is not a DICOM JSON array (${(e as Error).message})`);
  }
}

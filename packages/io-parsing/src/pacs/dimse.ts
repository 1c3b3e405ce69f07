/**
 * DIMSE C-GET of a series (PS3.4 C.4.3) with dcmjs-dimse: one association, the C-GET request
 * on it, and the instances coming back as C-STORE sub-operations on the same association,
 * each turned back into a DICOM Part 10 file (the data set dcmjs-dimse received, behind a
 * file meta group naming its transfer syntax) and decoded by this package's reader.
 *
 * NOTE: dcmjs-dimse (and dcmjs under it) is imported on first use: it is a large module that
 * readers of files and DICOMweb never need.
 */
import { assembleDicomSeries, type NamedBytes } from '../dicom-series';
import { decodeParsedDicom, parseDicomFile } from '../dicom-read';
import { encodeDicomFile } from '../dicom-write';
import { loadDicomDecoders } from '../codecs';
import { IoError } from '../errors';
import type { DicomSeries } from '../types';
import { DEFAULT_PACS_TIMEOUT_MS, DIMSE_CLIENT_AE_TITLE } from './defaults';
import { assertWholeSeries } from './dicomweb';

/** Where a C-GET goes and what it asks for. */
export interface CGetSeriesOptions {
  readonly host: string;
  readonly port: number;
  /** The PACS's AE title (the called AE). */
  readonly calledAeTitle: string;
  /** This client's AE title (default DIMSE_CLIENT_AE_TITLE); the PACS must allow it C-GET. */
  readonly callingAeTitle?: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  /** Connection and PDU time-out, ms (default DEFAULT_PACS_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

type Dimse = typeof import('dcmjs-dimse');
let dimse: Promise<Dimse> | null = null;
async function loadDimse(): Promise<Dimse> {
  dimse ??= import('dcmjs-dimse').then((m) => {
    const mod = ((m as { default?: Dimse }).default ?? m) as Dimse;
    mod.log.setLevel('silent');
    return mod;
  });
  return dimse;
}

/**
 * A Part 10 file of a data set encoded in `transferSyntaxUid`: the preamble, "DICM" and the
 * file meta group of this package's writer, then the data set bytes as they are.
 */
export function part10Of(dataSet: Uint8Array, sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Uint8Array {
  const head = encodeDicomFile(
    [
      { tag: 0x00080016, vr: 'UI', value: sopClassUid },
      { tag: 0x00080018, vr: 'UI', value: sopInstanceUid },
    ],
    { transferSyntaxUid },
  );
  // Preamble (128) + DICM (4) + (0002,0000) UL (12 bytes, its value at 140) + the group.
  const metaEnd = 144 + new DataView(head.buffer, head.byteOffset).getUint32(140, true);
  const out = new Uint8Array(metaEnd + dataSet.length);
  out.set(head.subarray(0, metaEnd));
  out.set(dataSet, metaEnd);
  return out;
}

/**
 * The instances of a series by C-GET, as Part 10 files, in the order they arrived.
 * RPERF_IO_PACS_UNREACHABLE when nothing listens, RPERF_IO_PACS_BAD_RESPONSE when the
 * association is refused or the C-GET ends in a failure status.
 */
export async function cGetSeriesFiles(options: CGetSeriesOptions): Promise<NamedBytes[]> {
  const { Client, requests, responses, constants } = await loadDimse();
  const where = `dimse://${options.host}:${options.port}/${options.calledAeTitle}/studies/${options.studyInstanceUid}/series/${options.seriesInstanceUid}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PACS_TIMEOUT_MS;
  return new Promise<NamedBytes[]>((resolve, reject) => {
    const files: NamedBytes[] = [];
    const client = new Client();
    const request = requests.CGetRequest.createSeriesGetRequest(options.studyInstanceUid, options.seriesInstanceUid);
    let failure: IoError | null = null;
    let finalStatus: number | null = null;
    request.on('response', (response: InstanceType<Dimse['responses']['CGetResponse']>) => {
      const status = response.getStatus();
      if (status !== constants.Status.Pending) finalStatus = status;
    });
    client.on('cStoreRequest', (req: InstanceType<Dimse['requests']['CStoreRequest']>, callback: (r: unknown) => void) => {
      const response = responses.CStoreResponse.fromRequest(req);
      try {
        const ds = req.getDataset()!;
        const ts = ds.getTransferSyntaxUid();
        const bytes = new Uint8Array(ds.getDenaturalizedDataset());
        const sopInstance = req.getAffectedSopInstanceUid();
        files.push({ file: `${where} (instance ${files.length + 1})`, bytes: part10Of(bytes, req.getAffectedSopClassUid(), sopInstance, ts) });
        response.setStatus(constants.Status.Success);
      } catch (e) {
        failure ??= new IoError('RPERF_IO_PACS_BAD_RESPONSE', where, `C-STORE sub-operation ${files.length + 1} cannot be read: ${(e as Error).message}`);
        response.setStatus(constants.Status.ProcessingFailure);
      }
      callback(response);
    });
    client.on('networkError', (e: Error & { code?: string }) => {
      failure ??=
        e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(e.message)
          ? new IoError('RPERF_IO_PACS_UNREACHABLE', where, `the PACS cannot be reached: connection refused (ECONNREFUSED); check that it runs and its DICOM port`)
          : new IoError('RPERF_IO_PACS_BAD_RESPONSE', where, `the DIMSE connection failed: ${e.message}; check the PACS log`);
    });
    client.on('associationRejected', (result: { result: number; source: number; reason: number }) => {
      failure ??= new IoError('RPERF_IO_PACS_BAD_RESPONSE', where, `the PACS rejected the association (result ${result.result}, source ${result.source}, reason ${result.reason}); let AE ${options.callingAeTitle ?? DIMSE_CLIENT_AE_TITLE} C-GET from ${options.calledAeTitle}`);
    });
    client.on('closed', () => {
      if (failure) return reject(failure);
      if (finalStatus !== constants.Status.Success) {
        const s = finalStatus === null ? 'no final status' : `status 0x${finalStatus.toString(16).padStart(4, '0')}`;
        return reject(new IoError('RPERF_IO_PACS_BAD_RESPONSE', where, `the C-GET ended with ${s} after ${files.length} instance(s); check the UIDs and the PACS log`));
      }
      resolve(files);
    });
    client.addRequest(request);
    client.send(options.host, options.port, options.callingAeTitle ?? DIMSE_CLIENT_AE_TITLE, options.calledAeTitle, {
      connectTimeout: timeoutMs,
      associationTimeout: timeoutMs,
      pduTimeout: timeoutMs,
    });
  });
}

/**
 * A series by C-GET, decoded and assembled into a volume (checked whole, like a WADO-RS one).
 * @example (await cGetSeries({ host: '127.0.0.1', port: 4242, calledAeTitle: 'ORTHANC', studyInstanceUid, seriesInstanceUid })).volume.shape
 */
export async function cGetSeries(options: CGetSeriesOptions): Promise<DicomSeries> {
  const files = await cGetSeriesFiles(options);
  const where = `dimse://${options.host}:${options.port}/${options.calledAeTitle}`;
  if (files.length === 0) throw new IoError('RPERF_IO_EMPTY_SERIES', where, `the C-GET returned no instance of series ${options.seriesInstanceUid}; check the UIDs`);
  const parsed = files.map((f) => parseDicomFile(f.bytes, f.file));
  await loadDicomDecoders(new Set(parsed.map((p) => p.header.transferSyntaxUid)));
  const series = assembleDicomSeries(parsed.map(decodeParsedDicom), where);
  assertWholeSeries(series, where);
  return series;
}

/**
 * io-parsing, loaded on first use.
 *
 * NOTE (issue #17, time to ready): only `POST /v1/segment` decodes and encodes NIfTI, and
 * loading io-parsing (its codecs and dicom-parser) cost the server's main thread tens of ms
 * before it could listen — the main thread (Fastify) is the longer path to ready now that the
 * model loads in a worker. serve() starts loading it right after listening, so the first
 * request does not wait for it either.
 */
type IoParsing = typeof import('@rhenium-perf/io-parsing');

let loaded: IoParsing | null = null;
let loading: Promise<IoParsing> | null = null;

/** The io-parsing module (imported once). */
export function ioParsing(): Promise<IoParsing> {
  loading ??= import('@rhenium-perf/io-parsing').then((m) => (loaded = m));
  return loading;
}


/**
 * True for io-parsing's `IoError`: by class when io-parsing was loaded here, else by its name
 * and code (an `IoError` built by a copy of io-parsing this module did not load, as a test or
 * an embedder may do).
 */
export function isIoParsingError(e: unknown): e is Error & { code: string } {
  if (loaded?.isIoError(e)) return true;
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return e instanceof Error && e.name === 'IoError' && typeof code === 'string' && code.startsWith('RPERF_IO_');
}

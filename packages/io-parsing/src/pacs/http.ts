/**
 * One HTTP exchange with a PACS through Node's fetch (undici), with an idle time-out and its
 * failures as one-line IoErrors: nothing listening (RPERF_IO_PACS_UNREACHABLE), no bytes for
 * the time-out (RPERF_IO_PACS_TIMEOUT), an error status (RPERF_IO_PACS_HTTP), a body cut
 * short (RPERF_IO_PACS_BAD_RESPONSE).
 *
 * NOTE: the time-out is an idle one (no response headers, or no body bytes, for `timeoutMs`),
 * not a deadline for the whole transfer: a 500 MB series over a slow link is not a failure,
 * a PACS that stops sending is.
 */
import { IoError } from '../errors';
import { DEFAULT_PACS_TIMEOUT_MS } from './defaults';

/** The method, in messages of requests other than GET (the URL is the IoError's file). */
const label = (method: string): string => (method === 'GET' ? '' : `${method}: `);

/** An answer whose status was checked (2xx); its body is read through {@link PacsResponse.chunks}. */
export interface PacsResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body as it arrives; each chunk restarts the idle timer. Read it once. */
  chunks(): AsyncGenerator<Uint8Array>;
  /** The whole body as text. */
  text(): Promise<string>;
}

/** Options of {@link pacsRequest}. */
export interface PacsRequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
  /** Idle time-out, ms (default DEFAULT_PACS_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Fix hint appended to an HTTP 404 message (what to check). */
  readonly notFoundHint?: string;
}

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused, nothing listens on that host and port',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the connection was reset',
  UND_ERR_SOCKET: 'the connection was closed',
};

/** The innermost error code of a fetch failure (TypeError 'fetch failed' -> cause -> errors). */
function networkCode(e: unknown): string | null {
  let c: unknown = e;
  for (let depth = 0; depth < 5 && c; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_CODES) return code;
    const errors = (c as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length) c = errors[0];
    else c = (c as { cause?: unknown }).cause;
  }
  return null;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;
const TIMEOUT_FIX = 'raise the time-out ({ timeoutMs } in the library, RHENIUM_PACS_TIMEOUT_S=SECONDS for rhenium) or check that the PACS is not overloaded';

/**
 * Send one request and check the status; the body is read by the caller through the answer.
 * @example const r = await pacsRequest('http://127.0.0.1:8042/dicom-web/studies', { method: 'POST', body, headers })
 */
export async function pacsRequest(url: string, options: PacsRequestOptions = {}): Promise<PacsResponse> {
  const method = options.method ?? 'GET';
  const timeoutMs = options.timeoutMs ?? DEFAULT_PACS_TIMEOUT_MS;
  const what = label(method);
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  arm();
  let response: Response;
  try {
    response = await fetch(url, { method, headers: options.headers, body: options.body, signal: controller.signal });
  } catch (e) {
    clearTimeout(timer);
    if (timedOut) throw new IoError('RPERF_IO_PACS_TIMEOUT', url, `${what}no response from the PACS within ${seconds(timeoutMs)}; ${TIMEOUT_FIX}`);
    const code = networkCode(e);
    const why = code ? NETWORK_CODES[code] : (e as Error).message;
    throw new IoError('RPERF_IO_PACS_UNREACHABLE', url, `${what}the PACS cannot be reached: ${why}${code ? ` (${code})` : ''}; check that the PACS is running and the host and port of the address`);
  }
  arm();
  let received = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let complete = false;
    try {
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          received += chunk.length;
          arm();
          yield chunk;
        }
      }
      complete = true;
    } catch (e) {
      if (timedOut) {
        throw new IoError('RPERF_IO_PACS_TIMEOUT', url, `${what}the PACS sent ${received} bytes of the body, then nothing for ${seconds(timeoutMs)}; ${TIMEOUT_FIX}`);
      }
      const code = networkCode(e);
      throw new IoError('RPERF_IO_PACS_BAD_RESPONSE', url, `${what}the body was cut short after ${received} bytes (${code ? NETWORK_CODES[code] : (e as Error).message}); nothing was kept — retry, and check the PACS log if it recurs`);
    } finally {
      clearTimeout(timer);
      // A reader that stops early (an error in a part) must not leave the socket streaming.
      if (!complete) controller.abort();
    }
  }
  const text = async (): Promise<string> => {
    const parts: Uint8Array[] = [];
    for await (const c of chunks()) parts.push(c);
    return Buffer.concat(parts).toString('utf8');
  };
  if (response.status < 200 || response.status > 299) {
    let excerpt = '';
    try {
      excerpt = (await text()).replace(/\s+/g, ' ').trim().slice(0, 200);
    } catch {
      /* the status says enough */
    }
    const s = response.status;
    const fix =
      s === 404
        ? (options.notFoundHint ?? 'check the address')
        : s === 401 || s === 403
          ? 'the PACS wants credentials this client does not send; allow anonymous access for this client'
          : s === 406 || s === 415
            ? 'the PACS cannot give that transfer syntax: ask for transfer-syntax=* (as stored)'
            : s >= 500
              ? 'the PACS failed on its side: see its log, then retry'
              : 'check the address and the request';
    throw new IoError('RPERF_IO_PACS_HTTP', url, `${what}HTTP ${s} ${response.statusText}${excerpt ? ` (${excerpt})` : ''}; ${fix}`);
  }
  return { status: response.status, headers: response.headers, chunks, text };
}

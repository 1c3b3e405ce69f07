/**
 * A small HTTP/1.1 client over node:http for the benchmarks and tests: one request, the
 * whole answer buffered. (node:http rather than fetch: no undici start-up cost inside a
 * timed run, and an explicit keep-alive agent.)
 */
import http from 'node:http';

/** One HTTP answer, body buffered. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Options of {@link httpRequest}. */
export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Connection reuse (default: a fresh connection, closed after the answer). */
  agent?: http.Agent;
  /** Abort after this many ms (default 30 s). */
  timeoutMs?: number;
}

/**
 * Send one request and buffer the answer.
 * @example (await httpRequest('http://127.0.0.1:8000/health')).status // 200
 */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.body) headers['content-length'] = String(options.body.byteLength);
    const req = http.request(url, { method: options.method ?? 'GET', headers, agent: options.agent ?? false, timeout: options.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${url}: no answer within ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The JSON body of an answer (throws with the body text when it is not JSON). */
export function jsonOf<T = Record<string, unknown>>(answer: HttpAnswer): T {
  const text = answer.body.toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected a JSON body (status ${answer.status}), received ${JSON.stringify(text.slice(0, 200))}`);
  }
}

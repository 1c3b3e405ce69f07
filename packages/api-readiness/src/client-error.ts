/**
 * Errors Node's HTTP parser raises before Fastify sees a request (a bad request line, a bad
 * Content-Length, headers over 16 KiB, Node's request timeout) answered as problem+json with
 * the package's codes instead of Fastify's plain JSON: Fastify's `clientErrorHandler`.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from './defaults';
import { ApiError } from './errors';
import { problemOf } from './problem';

/** Time a socket may take to flush the error answer before it is destroyed, ms. */
const FLUSH_MS = 1000;

/** The ApiError of a parser-level client error. */
export function clientErrorOf(err: NodeJS.ErrnoException & { reason?: string }, requestTimeoutMs: number): ApiError {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new ApiError(
      'RPERF_API_REQUEST_TIMEOUT',
      `the request did not arrive in full within the server's request timeout (${requestTimeoutMs} ms); send it faster or split the upload`,
    );
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return new ApiError('RPERF_API_HEADERS_TOO_LARGE', 'the request headers are larger than 16 KiB (the HTTP parser limit); send fewer or shorter headers');
  }
  const what = err.code === 'HPE_INVALID_CONTENT_LENGTH' || err.code === 'HPE_UNEXPECTED_CONTENT_LENGTH' ? 'a bad Content-Length header' : 'a malformed HTTP request';
  return new ApiError('RPERF_API_BAD_REQUEST', `the server could not parse the request: ${what} (${err.code ?? 'parse error'}: ${err.reason ?? err.message}); send a valid HTTP/1.1 request`);
}

/**
 * Fastify's `clientErrorHandler`: write the problem document on the raw socket and close it.
 * @example Fastify({ clientErrorHandler: problemClientErrorHandler(60_000) })
 */
export function problemClientErrorHandler(requestTimeoutMs: number): (err: NodeJS.ErrnoException, socket: Socket) => void {
  return (err, socket) => {
    // A reset connection has nobody to answer to.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const apiErr = clientErrorOf(err, requestTimeoutMs);
    const body = JSON.stringify(problemOf(apiErr));
    socket.end(
      `HTTP/1.1 ${apiErr.status} ${STATUS_CODES[apiErr.status] ?? 'Error'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    setTimeout(() => socket.destroy(), FLUSH_MS).unref();
  };
}

/**
 * The body-read budget of an upload: a deadline for the whole body and a minimum rate over
 * each window, enforced on the stream Fastify parses (the route's preParsing hook returns
 * {@link guardUpload}'s stream). A slow or stalled upload (slow loris) is ended with 408
 * RPERF_API_REQUEST_TIMEOUT: the stream errors, Fastify answers through the error handler
 * with `Connection: close`, and the request's in-flight slot is freed.
 */
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { UPLOAD_CHECK_INTERVAL_MS } from './defaults';
import { ApiError } from './errors';

/** The budget of one upload. */
export interface UploadBudget {
  /** Time the whole body may take, ms. */
  readonly bodyTimeoutMs: number;
  /** Slowest rate accepted over each window, bytes/s (0 = no rate check). */
  readonly minBytesPerS: number;
  /** Window of the rate check, ms. */
  readonly rateWindowMs: number;
}

/** The 408 error of a tripped budget, with the `statusCode` Fastify's body reader keeps. */
function timeoutError(message: string): ApiError & { statusCode: number } {
  return Object.assign(new ApiError('RPERF_API_REQUEST_TIMEOUT', message), { statusCode: 408 });
}

/**
 * A pass-through stream over `raw` that counts the bytes (as `receivedEncodedLength`, which
 * Fastify checks against Content-Length and the body limit) and errors with 408 when the body
 * is late or too slow. Timers are cleared when the body ends or the connection goes away.
 * @example app.addHook('preParsing', async (request, _reply, payload) => guardUpload(request.raw, budget))
 */
export function guardUpload(raw: IncomingMessage, budget: UploadBudget, now: () => number = performance.now.bind(performance)): Transform & { receivedEncodedLength: number } {
  const t0 = now();
  const expected = Number(raw.headers['content-length']);
  const size = Number.isFinite(expected) ? ` of ${expected}` : '';
  let received = 0;
  let windowStart = t0;
  let windowBytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      received += chunk.length;
      windowBytes += chunk.length;
      stream.receivedEncodedLength = received;
      done(null, chunk);
    },
  }) as Transform & { receivedEncodedLength: number };
  stream.receivedEncodedLength = 0;

  const trip = (message: string): void => {
    stop();
    raw.unpipe(stream);
    // NOTE: raw is left paused and unread: the 408 answer carries Connection: close, so Node
    // closes the socket instead of draining a body that may never come.
    raw.pause();
    stream.destroy(timeoutError(message));
  };
  const check = (): void => {
    const t = now();
    if (t - t0 > budget.bodyTimeoutMs) {
      trip(`the body did not arrive within ${budget.bodyTimeoutMs} ms (${received}${size} bytes received); send it faster, or start the server with a larger --body-timeout-ms`);
      return;
    }
    if (budget.minBytesPerS > 0 && t - windowStart >= budget.rateWindowMs) {
      const rate = (windowBytes * 1000) / (t - windowStart);
      if (rate < budget.minBytesPerS) {
        trip(
          `the upload ran at ${rate.toFixed(1)} bytes/s over the last ${Math.round(t - windowStart)} ms, below the minimum of ${budget.minBytesPerS} bytes/s (${received}${size} bytes received); ` +
            'send the body without pauses, or start the server with a lower --min-upload-rate',
        );
        return;
      }
      windowStart = t;
      windowBytes = 0;
    }
  };
  const every = Math.max(10, Math.min(UPLOAD_CHECK_INTERVAL_MS, budget.rateWindowMs / 4, budget.bodyTimeoutMs / 4));
  const timer = setInterval(check, every);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  stream.once('end', stop);
  stream.once('close', stop);
  raw.once('close', () => {
    stop();
    // The client went away mid-body: end the parse so the request's resources are released.
    if (!raw.complete && !stream.destroyed) stream.destroy(Object.assign(new Error('the client closed the connection during the upload'), { statusCode: 400 }));
  });
  raw.pipe(stream);
  return stream;
}

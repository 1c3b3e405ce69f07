/// <reference path="./autocannon.d.ts" />
/**
 * A bounded loopback load with autocannon: `amount` requests over `connections` keep-alive
 * connections, each response's latency taken from autocannon's own per-request clock
 * (`response` event, hrtime, fractional ms).
 *
 * NOTE: percentiles are computed here from those per-request latencies by the nearest-rank
 * rule (docs/perf/metrics.md), not read from autocannon's histogram: its histogram holds
 * whole milliseconds and has no p95, and a loopback `/health` answers in well under 1 ms.
 * Likewise req/s is requests / (last answer - start), not autocannon's per-second samples,
 * and autocannon's sampling interval is cut to LOAD_SAMPLE_INTERVAL_MS because it notices
 * the end of an `amount`-bounded burst only at its next sample tick (1 s by default).
 */
import { performance } from 'node:perf_hooks';
import type { AutocannonResult } from 'autocannon';
import { percentile, sortSamples } from '@rhenium-perf/harness';
import { LOAD_REQUEST_TIMEOUT_S, LOAD_SAMPLE_INTERVAL_MS } from './defaults';
import { ApiError } from './errors';

/** One burst of load. */
export interface LoadOptions {
  url: string;
  /** Concurrent connections (each keeps one request outstanding). */
  connections: number;
  /** Total requests of the burst (>= connections). */
  amount: number;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Status every answer must have (default 200); others count as unexpected. */
  expectStatus?: number;
}

/** What one burst measured. */
export interface LoadResult {
  readonly requests: number;
  readonly connections: number;
  /** Wall time from the start of the burst to its last answer, ms. */
  readonly wallMs: number;
  /** requests / wallMs. */
  readonly requestsPerS: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Answers whose status was not `expectStatus`. */
  readonly unexpectedStatus: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Count of answers per status code. */
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Every answer's latency in arrival order, ms. */
  readonly latenciesMs: readonly number[];
  /** autocannon's own counters, for the record. */
  readonly autocannon: { readonly sent: number; readonly non2xx: number; readonly resets: number; readonly mismatches: number };
}

type Autocannon = typeof import('autocannon').default;
let autocannonModule: Promise<Autocannon> | null = null;
/** autocannon, loaded by the first burst (~150 ms of modules that a bench process without load never needs). */
const loadAutocannon = (): Promise<Autocannon> => (autocannonModule ??= import('autocannon').then((m) => m.default));

/**
 * Run one burst and summarise it. Rejects (RPERF_API_LOAD_FAILED) when autocannon fails.
 * @example await runLoad({ url: 'http://127.0.0.1:8000/health', connections: 16, amount: 500 }) // { p50Ms: 0.9, ... }
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!Number.isInteger(options.connections) || options.connections < 1 || !Number.isInteger(options.amount) || options.amount < options.connections) {
    return Promise.reject(
      new ApiError('RPERF_API_LOAD_FAILED', `connections must be an integer >= 1 and amount an integer >= connections, received ${options.connections} and ${options.amount}`),
    );
  }
  const expect = options.expectStatus ?? 200;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let unexpected = 0;
  return loadAutocannon().then((autocannon) => new Promise<LoadResult>((resolve, reject) => {
    const t0 = performance.now();
    let lastAt = t0;
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        amount: options.amount,
        pipelining: 1,
        timeout: LOAD_REQUEST_TIMEOUT_S,
        sampleInt: LOAD_SAMPLE_INTERVAL_MS,
        method: options.method ?? 'GET',
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.body ? { body: options.body } : {}),
      },
      (err: Error | null, result: AutocannonResult) => {
        const wallMs = lastAt - t0;
        if (err) return reject(new ApiError('RPERF_API_LOAD_FAILED', `autocannon failed against ${options.url}: ${err.message}`));
        if (latencies.length === 0) {
          return reject(new ApiError('RPERF_API_LOAD_FAILED', `no answer from ${options.url} (errors ${result.errors}, timeouts ${result.timeouts}); is the server up?`));
        }
        const sorted = sortSamples(latencies);
        resolve({
          requests: latencies.length,
          connections: options.connections,
          wallMs,
          requestsPerS: latencies.length / (wallMs / 1000),
          p50Ms: percentile(sorted, 50),
          p95Ms: percentile(sorted, 95),
          p99Ms: percentile(sorted, 99),
          maxMs: sorted[sorted.length - 1]!,
          meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
          unexpectedStatus: unexpected,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCounts,
          latenciesMs: latencies,
          autocannon: { sent: result.requests.sent, non2xx: result.non2xx, resets: result.resets, mismatches: result.mismatches },
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      lastAt = performance.now();
      latencies.push(responseTimeMs);
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (statusCode !== expect) unexpected++;
    });
  }));
}

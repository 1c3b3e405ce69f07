/**
 * Shared pieces of the API benches: starting the real server process with its facts
 * recorded, pooling latencies over bursts, and the tiny volume the segment cases send.
 * (Not a bench module itself: the runner only loads `*.bench.ts`.)
 */
import { syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { check, expectQuality, median, percentile, quality, sortSamples, type BenchContext, type QualityFigures } from '@rhenium-perf/harness';
import { encodeNifti1 } from '@rhenium-perf/io-parsing';
import { startServerProcess, type LoadResult, type ServerProcess } from '../src/client';

/** Category of every case here. */
export const CATEGORY = 'fastapi_readiness' as const;

/** Start the server process (from sources under tsx, from dist/ when built) and wait until ready. */
export async function readyServer(ctx: BenchContext, args: readonly string[] = []): Promise<ServerProcess> {
  const server = await startServerProcess({ args: ['--port', '0', ...args] });
  try {
    const readyMs = await server.waitReady();
    ctx.record('server_entry', server.child.spawnargs.slice(1).join(' '));
    ctx.record('server_pid', server.pid);
    ctx.record('server_ready_ms', readyMs);
    ctx.log(`server ${server.pid} at ${server.url}, ready after ${readyMs.toFixed(0)} ms`);
    return server;
  } catch (err) {
    await server.stop('SIGKILL');
    throw err;
  }
}

/**
 * Per-request latencies pooled over every measured burst of a case, with the bursts' own
 * summaries. Bursts of the warm-up and calibration calls are not kept (`add` is given the
 * context and keeps only bursts of the `measured` phase).
 */
export class LatencyPool {
  readonly latenciesMs: number[] = [];
  readonly bursts: LoadResult[] = [];

  add(burst: LoadResult, ctx: BenchContext): void {
    if (ctx.phase !== 'measured') return;
    this.bursts.push(burst);
    for (const x of burst.latenciesMs) this.latenciesMs.push(x);
  }
}

/**
 * Quality figures and records of a load case: pooled p50/p95/p99 of every request of every
 * measured burst, the median req/s over those bursts, and the error count (errors, timeouts
 * and answers with an unexpected status, summed over the measured bursts; the case fails
 * unless it is 0).
 */
export function loadFigures(ctx: BenchContext, pool: LatencyPool, expectedPerBurst: number): QualityFigures {
  check(pool.bursts.length > 0, 'no measured burst was recorded');
  for (const b of pool.bursts) check(b.requests === expectedPerBurst, `a burst answered ${b.requests} of ${expectedPerBurst} requests`);
  const errors = pool.bursts.reduce((a, b) => a + b.errors, 0);
  const timeouts = pool.bursts.reduce((a, b) => a + b.timeouts, 0);
  const unexpected = pool.bursts.reduce((a, b) => a + b.unexpectedStatus, 0);
  ctx.record('http_errors', errors);
  ctx.record('http_timeouts', timeouts);
  ctx.record('http_unexpected_status', unexpected);
  if (unexpected > 0) ctx.record('http_status_counts', pool.bursts.map((b) => b.statusCounts));
  const errorCount = expectQuality('error_count (errors + timeouts + unexpected statuses)', errors + timeouts + unexpected, { max: 0, unit: 'requests' });
  const sorted = sortSamples([...pool.latenciesMs]);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const p99 = percentile(sorted, 99);
  const rps = median(pool.bursts.map((b) => b.requestsPerS));
  const last = pool.bursts[pool.bursts.length - 1]!;
  ctx.record('http_latency_p50_ms', p50);
  ctx.record('http_latency_p95_ms', p95);
  ctx.record('http_latency_p99_ms', p99);
  ctx.record('http_latency_max_ms', sorted[sorted.length - 1]);
  ctx.record('http_requests_per_s', rps);
  ctx.record('http_requests_pooled', sorted.length);
  ctx.record('bursts', pool.bursts.length);
  ctx.record('burst_p99_ms', pool.bursts.map((b) => b.p99Ms));
  ctx.record('autocannon_last_burst', last.autocannon);
  ctx.record('burst_wall_ms', pool.bursts.map((b) => b.wallMs));
  ctx.record('latency_source', 'autocannon per-request response time (hrtime), pooled over the measured bursts of this process, nearest rank');
  return {
    http_p50_ms: quality(p50, 'ms', false),
    http_p95_ms: quality(p95, 'ms', false),
    http_p99_ms: quality(p99, 'ms', false),
    requests_per_s: quality(rps, 'req/s', true),
    error_count: errorCount,
  };
}

/** The tiny synthetic MRI volume and its NIfTI-1 bytes (what a client uploads). */
export function tinyMri(): { volume: Volume; nifti: Buffer } {
  const volume = syntheticVolume('MRI', 'tiny').image;
  const bytes = encodeNifti1(volume);
  return { volume, nifti: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

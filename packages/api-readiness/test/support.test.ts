/**
 * Issue 12 item 6: `error_count` is computed from the measured bursts (it was the literal 0),
 * and item 3: bursts of warm-up and calibration calls are not pooled.
 */
import type { BenchContext, BenchPhase } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import { LatencyPool, loadFigures } from '../bench/support';
import type { LoadResult } from '../src/load';

function ctxIn(phase: BenchPhase, records: Record<string, unknown> = {}): BenchContext {
  return {
    device: 'cpu', mode: 'smoke', params: {}, phase, verbose: false,
    log: () => undefined,
    record: (k, v) => void (records[k] = v),
    stage: (_n, fn) => fn(),
  } as BenchContext;
}

function burst(latenciesMs: number[], faults: { errors?: number; timeouts?: number; unexpectedStatus?: number } = {}): LoadResult {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    requests: latenciesMs.length, connections: 2, wallMs: 10, requestsPerS: latenciesMs.length * 100,
    p50Ms: sorted[Math.floor(sorted.length / 2)]!, p95Ms: sorted[sorted.length - 1]!, p99Ms: sorted[sorted.length - 1]!,
    maxMs: sorted[sorted.length - 1]!, meanMs: 0,
    unexpectedStatus: faults.unexpectedStatus ?? 0, errors: faults.errors ?? 0, timeouts: faults.timeouts ?? 0,
    statusCounts: { 200: latenciesMs.length }, latenciesMs, autocannon: {},
  } as unknown as LoadResult;
}

describe('load figures of the API cases', () => {
  it('error_count is errors + timeouts + unexpected statuses of the measured bursts; non-zero fails the case', () => {
    const pool = new LatencyPool();
    pool.add(burst([1, 2, 3, 4]), ctxIn('measured'));
    pool.add(burst([2, 3, 4, 5], { errors: 1, timeouts: 2, unexpectedStatus: 4 }), ctxIn('measured'));
    expect(() => loadFigures(ctxIn('verify'), pool, 4)).toThrow(/error_count .* = 7 requests exceeds the allowed maximum 0/);
  });

  it('a clean run reports 0 computed from its bursts, and pools only measured bursts', () => {
    const pool = new LatencyPool();
    pool.add(burst([100, 100, 100, 100], { errors: 3 }), ctxIn('warmup'));
    pool.add(burst([100, 100, 100, 100]), ctxIn('calibrate'));
    pool.add(burst([1, 2, 3, 4]), ctxIn('measured'));
    pool.add(burst([5, 6, 7, 8]), ctxIn('measured'));
    const records: Record<string, unknown> = {};
    const q = loadFigures(ctxIn('verify', records), pool, 4);
    expect(q.error_count).toEqual({ value: 0, unit: 'requests', higher_is_better: false, threshold: 0 });
    expect(pool.bursts).toHaveLength(2);
    expect(records.http_requests_pooled).toBe(8);
    expect(records.http_errors).toBe(0);
    // nearest-rank p50 of 1..8 is 4; the warm-up's 100 ms answers are not in it
    expect(q.http_p50_ms!.value).toBe(4);
    expect(records.http_latency_max_ms).toBe(8);
  });

  it('a burst that answered fewer requests than sent fails the case', () => {
    const pool = new LatencyPool();
    pool.add(burst([1, 2, 3]), ctxIn('measured'));
    expect(() => loadFigures(ctxIn('verify'), pool, 4)).toThrow(/answered 3 of 4 requests/);
  });
});

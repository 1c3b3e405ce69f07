/**
 * One case measured in this process, without the runner's isolation: for tests and quick
 * checks. Benchmarks are measured by the runner, one child process per case.
 */
import type { BenchmarkResult } from '@rhenium-perf/schema';
import { nowNs } from './context';
import { DEFAULT_CASE_TIMEOUT_MS } from './defaults';
import { measureCase } from './measure';
import type { MeasureOptions } from './measurement';
import { buildResult } from './result';
import type { BenchCase } from './types';

/** Run one case in this process (no isolation) and return its result. */
export async function runCaseInline<S, O>(
  c: BenchCase<S, O>,
  options: Partial<MeasureOptions> & { project?: string } = {},
): Promise<BenchmarkResult> {
  const started = new Date();
  const t0 = nowNs();
  const m = await measureCase(c, { mode: 'smoke', ...options });
  return buildResult(c, m, {
    device: options.device ?? 'cpu',
    packageRef: { name: 'inline', version: '0.0.0' },
    project: options.project ?? 'inline',
    startedAt: started,
    durationSec: Number(nowNs() - t0) / 1e9,
    timeoutMs: c.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS,
  });
}

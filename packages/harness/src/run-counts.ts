/**
 * How many warm-up calls, timed samples and processes a case gets in a mode.
 */
import {
  DEFAULT_MEASURED_RUNS_PER_PROCESS,
  DEFAULT_PROCESSES,
  DEFAULT_WARMUP_RUNS_PER_PROCESS,
  SMOKE_MEASURED_RUNS_PER_PROCESS,
  SMOKE_PROCESSES,
  SMOKE_WARMUP_RUNS_PER_PROCESS,
} from './defaults';
import type { BenchCase, RunMode } from './types';

/** Run counts of one case: every count is per process except `processes`. */
export interface RunCounts {
  warmupRunsPerProcess: number;
  measuredRunsPerProcess: number;
  processes: number;
}

/**
 * The case's own counts, else the mode's defaults: smoke 2 warm-up + 5 timed in 1 process;
 * full 3 + 3 in 3 processes (the fewest the per-process baseline test accepts).
 */
export function runCounts(c: BenchCase, mode: RunMode): RunCounts {
  const smoke = mode === 'smoke';
  return {
    warmupRunsPerProcess: c.warmupRunsPerProcess ?? (smoke ? SMOKE_WARMUP_RUNS_PER_PROCESS : DEFAULT_WARMUP_RUNS_PER_PROCESS),
    measuredRunsPerProcess: c.measuredRunsPerProcess ?? (smoke ? SMOKE_MEASURED_RUNS_PER_PROCESS : DEFAULT_MEASURED_RUNS_PER_PROCESS),
    processes: c.processes ?? (smoke ? SMOKE_PROCESSES : DEFAULT_PROCESSES),
  };
}

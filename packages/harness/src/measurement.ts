/**
 * What one process measured of one case (the child sends it to the runner, which combines
 * the processes), and the empty measurement of a case that failed or was skipped before
 * its timed region.
 */
import type { DeviceKind, QualityFigure, TargetFigure } from '@rhenium-perf/schema';
import type { stagesOf } from './stages';
import type { RunMode } from './types';

/** Options of one measurement (one process). */
export interface MeasureOptions {
  mode: RunMode;
  device?: DeviceKind;
  verbose?: boolean;
  log?: (line: string) => void;
  /** Override the case's and the mode's per-process counts. */
  warmupRunsPerProcess?: number;
  measuredRunsPerProcess?: number;
  /** A fixed batch size (skips the calibration; for tests). */
  batchSize?: number;
  /**
   * The runner's gate around the timed region (warm-up, calibration, timed samples): `enter`
   * is awaited after setup (the phase `wait`), `leave` is called after the last timed sample.
   */
  gate?: { enter(): Promise<void>; leave(): void };
}

/** What one measurement produced (the child sends this to the runner). */
export interface CaseMeasurement {
  state: 'passed' | 'failed' | 'skipped';
  error: string | null;
  skippedReason: string | null;
  warmupRunsPerProcess: number;
  /** Timed samples in all. */
  measurementRuns: number;
  /** The batch of each process that measured (one entry per process). */
  batchSizes: number[];
  samplesMs: number[];
  /** Samples contributed by each process, in order (one entry per process). */
  processSamples: number[];
  /** Per-stage times of each measured sample (per call), for `stages`. */
  stageSamples: Record<string, number[]>;
  /** Checks, quality figures and targets, as verify returned them. */
  quality: Record<string, QualityFigure | TargetFigure>;
  metadata: Record<string, unknown>;
  stages: ReturnType<typeof stagesOf>;
  rssMbBefore: number | null;
  rssMbAfter: number | null;
  rssMbPeak: number | null;
  /**
   * Wall time of each phase in this process (import, setup, warmup, calibrate, measured,
   * verify, teardown; the runner adds `process`, the rest of the process's life: start-up,
   * loading the harness, IPC, exit). Summed over the processes; where a suite's time goes.
   */
  phaseMs?: Record<string, number>;
}

/** A measurement with nothing measured (a failure before the timed region, a skip). */
export function emptyMeasurement(patch: Partial<CaseMeasurement> = {}): CaseMeasurement {
  return {
    state: 'failed', error: null, skippedReason: null, warmupRunsPerProcess: 0, measurementRuns: 0, batchSizes: [],
    samplesMs: [], processSamples: [], stageSamples: {}, quality: {}, metadata: {}, stages: null,
    rssMbBefore: null, rssMbAfter: null, rssMbPeak: null, ...patch,
  };
}

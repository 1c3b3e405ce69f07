/**
 * Messages between the runner and a case's child process (over the IPC channel of fork).
 */
import type { DeviceKind } from '@rhenium-perf/schema';
import type { CaseMeasurement } from './measure';
import type { RunMode } from './types';

/** runner -> child: measure this case. */
export interface ChildRequest {
  type: 'run';
  file: string;
  id: string;
  mode: RunMode;
  device: DeviceKind;
  verbose: boolean;
  warmupRuns?: number;
  measurementRuns?: number;
  /** Use this batch size instead of calibrating (later processes of a case reuse the first's). */
  batchSize?: number;
}

/** child -> runner: the measurement. */
export interface ChildReply {
  type: 'result';
  measurement: CaseMeasurement;
}

/**
 * Messages between the runner and a case's child process (over the IPC channel of fork).
 */
import type { DeviceKind } from '@rhenium-perf/schema';
import type { CaseMeasurement } from './measure';
import type { RunMode } from './types';

/** runner -> child: measure this case. */
export interface RunRequest {
  type: 'run';
  file: string;
  id: string;
  mode: RunMode;
  device: DeviceKind;
  verbose: boolean;
  warmupRunsPerProcess?: number;
  measuredRunsPerProcess?: number;
}

/**
 * orchestrator -> child: list the cases of a package folder (their ids, files and run
 * counts), without measuring. `rhenium-perf ab` asks each side's own harness this way, so
 * neither side's bench modules are imported into the orchestrator.
 */
export interface ListRequest {
  type: 'list';
  /** The package folder. */
  root: string;
  /** Read bench/*.bench.ts (true) or dist/bench/*.js (false). */
  fromSource: boolean;
  mode: RunMode;
  tags: string[];
  filter: string | null;
}

export type ChildRequest = RunRequest | ListRequest;

/** The data fields of a case's definition (what `buildResult` reads), as a plain object. */
export interface CaseDescriptor {
  id: string;
  category: string;
  task: string;
  modality: string | null;
  inputShape: number[];
  outputShape?: number[];
  dtype: string;
  voxelsCounted?: 'input' | 'output';
  voxelsPerItem?: number;
  itemsPerRun?: number;
  tags: string[];
  params: Record<string, string | number | boolean>;
  timeoutMs?: number;
}

/** One case as listed by a ListRequest. */
export interface ListedCase {
  id: string;
  file: string;
  tags: string[];
  processes: number;
  timeoutMs: number | null;
  descriptor: CaseDescriptor;
}

/** child -> runner: the measurement, or the list. */
export type ChildReply = { type: 'result'; measurement: CaseMeasurement } | { type: 'list'; cases: ListedCase[]; error: string | null };

/** Version of this protocol; a child that answers another version cannot be driven. */
export const CHILD_PROTOCOL_VERSION = 2;

/**
 * Messages between the runner and a case's child process (over the IPC channel of fork).
 */
import type { DeviceKind } from '@rhenium-perf/schema';
import type { CaseMeasurement } from './measurement';
import type { ResultCaseField } from './result';
import type { BenchDefinition, RunMode } from './types';

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
  /**
   * Wait after setup for a `go`, and say `ready` before and `released` after the timed
   * region, so the runner can overlap this process's start-up and setup with the previous
   * process's verify and exit (runner.ts, `startCaseChild`).
   */
  gated?: boolean;
}

/** runner -> gated child: the machine is yours; start the warm-up. */
export interface GoRequest {
  type: 'go';
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

export type ChildRequest = RunRequest | ListRequest | GoRequest;

/**
 * The data fields of a case's definition (what `buildResult` reads), as a plain object: what
 * a child's list reply carries, JSON-safe.
 */
export type CaseDescriptor = Pick<BenchDefinition, ResultCaseField> & { modality: BenchDefinition['modality'] | null };

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
export type ChildReply =
  | { type: 'result'; measurement: CaseMeasurement }
  | { type: 'list'; cases: ListedCase[]; error: string | null }
  /** A gated child finished its setup and waits for `go`. */
  | { type: 'ready' }
  /** A gated child's timed region is over (it verifies and tears down next). */
  | { type: 'released' };

/** Version of this protocol; a child that answers another version cannot be driven. */
export const CHILD_PROTOCOL_VERSION = 3;

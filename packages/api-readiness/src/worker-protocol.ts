/** Messages between {@link workerPipelineEngine} and its worker thread (engine-worker.ts). */
import type { Volume } from '@rhenium-perf/fixtures';
import type { ModelFacts } from './types';

/** workerData of the engine's worker. */
export interface WorkerInit {
  readonly threads: number;
}

/** An error, as it crosses the thread boundary (its class does not). */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

/** To the worker. */
export type WorkerIn =
  | { readonly type: 'segment'; readonly id: number; readonly volume: Volume; readonly maxVoxels?: number; readonly abortedBecause?: string }
  | { readonly type: 'abort'; readonly id: number; readonly reason: string };

/** From the worker. */
export type WorkerOut =
  | { readonly type: 'ready'; readonly facts: ModelFacts }
  | { readonly type: 'load_failed'; readonly error: WorkerError }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly labelMap: Volume;
      readonly dossier: Record<string, unknown>;
      readonly stagesMs: Record<string, number>;
    }
  | { readonly type: 'error'; readonly id: number; readonly error: WorkerError };

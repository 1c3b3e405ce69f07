/**
 * Readiness of the server: the model loads once, asynchronously, while the server already
 * answers `/health`; `/ready` reports the state. Draining (after SIGTERM) is kept here too,
 * because both decide whether new work is accepted.
 */
import { performance } from 'node:perf_hooks';
import type { ModelFacts, ReadinessState, SegmentEngine } from './types';

/** The model's loading state and the draining flag of one server. */
export class Readiness {
  #state: ReadinessState = { state: 'loading', sinceMs: performance.now() };
  #loading: Promise<ReadinessState> | null = null;
  #draining = false;

  constructor(readonly engine: SegmentEngine) {}

  /** Current state (`loading` until {@link load} settles). */
  get state(): ReadinessState {
    return this.#state;
  }

  /** The loaded model's facts, or null before it is loaded. */
  get model(): ModelFacts | null {
    return this.#state.state === 'ready' ? this.#state.model : null;
  }

  /** True once SIGTERM (or {@link startDraining}) was received. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Stop taking new work; in-flight requests go on. */
  startDraining(): void {
    this.#draining = true;
  }

  /**
   * Load the model once; later calls return the same promise. Never rejects: a failure is
   * the `failed` state (the server stays up and says why on `/ready`).
   */
  load(): Promise<ReadinessState> {
    if (this.#loading) return this.#loading;
    const t0 = performance.now();
    this.#state = { state: 'loading', sinceMs: t0 };
    this.#loading = this.engine.load().then(
      (model) => (this.#state = { state: 'ready', model, loadMs: performance.now() - t0 }),
      (err: unknown) =>
        (this.#state = { state: 'failed', error: err instanceof Error ? err.message : String(err), loadMs: performance.now() - t0 }),
    );
    return this.#loading;
  }
}

/**
 * Bound on the requests worked on at once. `tryAcquire` returns a release function (safe to
 * call more than once) or null when the bound is reached.
 */
export class InFlightGate {
  #active = 0;

  constructor(readonly max: number) {}

  /** Requests being worked on now. */
  get active(): number {
    return this.#active;
  }

  /** Take a slot, or null when all `max` are taken. */
  tryAcquire(): (() => void) | null {
    if (this.#active >= this.max) return null;
    this.#active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
    };
  }
}

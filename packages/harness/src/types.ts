/**
 * Types of the harness: what a benchmark case declares, what it is given while it runs,
 * and what the runner records. The recorded shapes are the schema's (`@rhenium-perf/schema`).
 */
import type { BenchmarkResult, CategoryId, DeviceKind, Modality, QualityFigure } from '@rhenium-perf/schema';

/** Tags of a case. `smoke` cases run in the smoke suite; `full` runs everything not `gpu`-only. */
export type BenchTag = 'smoke' | 'full' | 'gpu' | 'stress' | (string & {});

/** Parameters of a case in a sweep (they also appear in its id and in `params` of the result). */
export type BenchParams = Readonly<Record<string, string | number | boolean>>;

/** Named quality figures a `verify` returns: `{ rmse: { value, unit, higher_is_better } }`. */
export type QualityFigures = Record<string, QualityFigure>;

/** What `setup`, `run` and `verify` are given. */
export interface BenchContext {
  /** The device this case runs on (resolved: never `auto`). */
  readonly device: DeviceKind;
  /** `smoke`, `full` or `custom` (a `--tag`/`--filter` selection). */
  readonly mode: RunMode;
  /** The case's parameters (`{}` outside a sweep). */
  readonly params: BenchParams;
  /** True with `-v`: cases may log details through `log`. */
  readonly verbose: boolean;
  /** Log a line to stderr of the runner (only shown with `-v`). */
  log(message: string): void;
  /**
   * Record a fact about the case in the result's `metadata` (model sha256, thread count,
   * residual history...). JSON-serialisable values only.
   */
  record(key: string, value: unknown): void;
  /**
   * Time one stage of a measured run: `await ctx.stage('segment', () => segment(v))`.
   * Stage times are collected per measured run and reported in the result's `stages`.
   * Outside measured runs (warm-up, verify) the stage is run but not recorded.
   */
  stage<T>(name: string, fn: () => T): T;
}

/** How the runner selected cases. */
export type RunMode = 'smoke' | 'full' | 'custom';

/** A benchmark case as written in a package's `bench/*.bench.ts`. */
export interface BenchDefinition<State = unknown, Output = unknown> {
  /** Unique, lower snake case, naming its parameters: `recon_ct_fbp_ramp_256_a180`. */
  id: string;
  category: CategoryId;
  /** What is done, in a few words: `fbp`, `zero_filled_rss`. */
  task: string;
  modality?: Modality | null;
  /** Shape of one input item, outermost first. */
  inputShape: readonly number[];
  dtype: string;
  /** Voxels (or pixels, or points) per item; default: the product of `inputShape`. */
  voxels?: number;
  /** Items processed by one call of `run` (default 1). items/s = items * runs / time. */
  itemsPerRun?: number;
  tags: readonly BenchTag[];
  /** Set by `sweep`; a single case may set it by hand. */
  params?: BenchParams;
  /** Per-case overrides of the run counts and the timeout. */
  warmupRuns?: number;
  /** Measured runs in all, split between the case's processes. */
  measurementRuns?: number;
  /** Independent child processes (replicates); default 5 in the full suite, 1 in smoke and for `stress` cases. */
  processes?: number;
  timeoutMs?: number;
  /**
   * Reason this case cannot run in this environment, or null when it can (checked in the
   * child before `setup`; e.g. a missing optional dependency). `gpu` cases without CUDA are
   * skipped by the runner already.
   */
  skipIf?: (ctx: BenchContext) => string | null | Promise<string | null>;
  /** Build inputs, outside the timed region. */
  setup: (ctx: BenchContext) => State | Promise<State>;
  /** The timed work. Must return its output (so it cannot be optimised away). */
  run: (state: State, ctx: BenchContext) => Output | Promise<Output>;
  /**
   * Check the output of one run; throw to fail the case (a fast wrong answer fails).
   * Return the quality figures measured on the way.
   */
  verify: (state: State, output: Output, ctx: BenchContext) => QualityFigures | void | Promise<QualityFigures | void>;
  /** Release resources (sessions, servers, temp folders), after verify. */
  teardown?: (state: State, ctx: BenchContext) => void | Promise<void>;
}

/** A defined (validated, frozen, branded) case. */
export interface BenchCase<State = unknown, Output = unknown> extends Readonly<BenchDefinition<State, Output>> {
  readonly params: BenchParams;
  readonly [BENCH_BRAND]: true;
}

/** Brand that marks an object made by `defineBench` (a registry symbol, so two copies of the harness agree). */
export const BENCH_BRAND: unique symbol = Symbol.for('rhenium-perf.bench-case') as never;

export type { BenchmarkResult };

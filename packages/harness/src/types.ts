/**
 * Types of the harness: what a benchmark case declares, what it is given while it runs,
 * and what the runner records. The recorded shapes are the schema's (`@rhenium-perf/schema`).
 */
import type { BenchmarkResult, CategoryId, DeviceKind, Modality, QualityFigure, TargetFigure } from '@rhenium-perf/schema';

/** Tags of a case. `smoke` cases run in the smoke suite; `full` runs everything not `gpu`-only. */
export type BenchTag = 'smoke' | 'full' | 'gpu' | 'stress' | (string & {});

/** Parameters of a case in a sweep (they also appear in its id and in `params` of the result). */
export type BenchParams = Readonly<Record<string, string | number | boolean>>;

/**
 * Named figures a `verify` returns: checks and plain quality figures (`expectQuality`,
 * `quality`) and performance targets (`target`), e.g. `{ rmse: expectQuality(...), ratio_vs_numpy: target(...) }`.
 * The harness files targets under the result's `targets`, the rest under `quality`.
 */
export type QualityFigures = Record<string, QualityFigure | TargetFigure>;

/** The phase a case is in when `setup`, `run`, `verify` or `teardown` is called. */
export type BenchPhase = 'setup' | 'warmup' | 'calibrate' | 'measured' | 'verify' | 'teardown';

/**
 * The harness's own timings of this process, handed to `verify` so that no bench times
 * itself: per-call latencies of the measured samples (ms), the batch, and per-call stage times.
 */
export interface BenchTiming {
  /** Per-call latency of each measured sample of this process (ms). */
  readonly samplesMs: readonly number[];
  /** Calls per timed sample. */
  readonly batchSize: number;
  /** Per-call time of each stage in each measured sample (ms), by stage name. */
  readonly stageSamplesMs: Readonly<Record<string, readonly number[]>>;
  /** Median of samplesMs (ms). */
  readonly medianMs: number;
}

/** What `setup`, `run` and `verify` are given. */
export interface BenchContext {
  /** The device this case runs on (resolved: never `auto`). */
  readonly device: DeviceKind;
  /** `smoke`, `full` or `custom` (a `--tag`/`--filter` selection). */
  readonly mode: RunMode;
  /** The case's parameters (`{}` outside a sweep). */
  readonly params: BenchParams;
  /**
   * Where the case is: `warmup` and `calibrate` calls are not timed; only `measured` calls
   * become samples. A bench that collects figures of its own in `run` (requests answered,
   * bytes written) must count only `measured` calls.
   */
  readonly phase: BenchPhase;
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
  /** Shape of one output item, outermost first; needed when `voxelsCounted` is `output`. */
  outputShape?: readonly number[];
  /**
   * Whether voxels/s counts an item's input or its output (default `input`). A sinogram has
   * fewer samples than its image and super-resolution multiplies them: say which is meant.
   */
  voxelsCounted?: 'input' | 'output';
  /**
   * Voxels (pixels, points) in one item. Default, and required value when given: the
   * element count of the counted shape (`inputShape` or `outputShape`).
   */
  voxelsPerItem?: number;
  /** Items processed by one call of `run` (default 1). items/s = itemsPerRun / latency. */
  itemsPerRun?: number;
  tags: readonly BenchTag[];
  /** Set by `sweep`; a single case may set it by hand. */
  params?: BenchParams;
  /** Untimed warm-up calls in each process (default 3; smoke 2). */
  warmupRunsPerProcess?: number;
  /** Timed samples in each process (default 3; smoke 5). */
  measuredRunsPerProcess?: number;
  /** Independent child processes (replicates); default 3 in the full suite, 1 in smoke. */
  processes?: number;
  timeoutMs?: number;
  /**
   * The case times something outside `run` (a reference implementation in setup or verify,
   * a peak loop, `node -e 0` spawns): its processes run strictly alone, never beside the
   * start-up or setup of the next case process nor the verify of the previous one (the runner
   * overlaps those for every other case).
   */
  exclusive?: boolean;
  /**
   * Reason this case cannot run in this environment, or null when it can (checked in the
   * child before `setup`; e.g. a missing optional dependency). `gpu` cases without CUDA are
   * skipped by the runner already.
   */
  skipIf?: (ctx: BenchContext) => string | null | Promise<string | null>;
  /** Build inputs, outside the timed region. */
  setup(ctx: BenchContext): State | Promise<State>;
  /** The timed work. Must return its output (so it cannot be optimised away). */
  run(state: State, ctx: BenchContext): Output | Promise<Output>;
  /**
   * Check the output of one run; throw to fail the case (a fast wrong answer fails).
   * Return the quality figures measured on the way. `timing` holds the harness's samples of
   * this process, for figures derived from time (MB/s, a ratio to a reference).
   */
  verify(state: State, output: Output, ctx: BenchContext, timing: BenchTiming): QualityFigures | void | Promise<QualityFigures | void>;
  /** Release resources (sessions, servers, temp folders), after verify. */
  teardown?(state: State, ctx: BenchContext): void | Promise<void>;
}

/**
 * A defined (validated, frozen, branded) case.
 *
 * NOTE: it extends BenchDefinition itself, not `Readonly<BenchDefinition>`: the mapped type
 * turned the methods `setup`/`run`/`verify`/`teardown` into function-typed properties, which
 * strict function types check contravariantly, so a `BenchCase<MyState>` was not a
 * `BenchCase` and every list of cases needed a cast. Methods stay bivariant; the object is
 * frozen by defineBench at run time.
 */
export interface BenchCase<State = unknown, Output = unknown> extends BenchDefinition<State, Output> {
  readonly params: BenchParams;
  readonly [BENCH_BRAND]: true;
}

/** Brand that marks an object made by `defineBench` (a registry symbol, so two copies of the harness agree). */
export const BENCH_BRAND: unique symbol = Symbol.for('rhenium-perf.bench-case') as never;

export type { BenchmarkResult };

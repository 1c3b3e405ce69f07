/**
 * The runner: selects cases and measures each in its own child process, with a timeout.
 *
 * A case that throws, fails verify, hangs past its timeout, or ends its process without
 * reporting is recorded as failed with that reason; the next case runs regardless.
 */
import { fork } from 'node:child_process';
import type { BenchmarkResult, DeviceKind } from '@rhenium-perf/schema';
import { DEFAULT_CASE_TIMEOUT_MS } from './defaults';
import type { LocatedCase } from './discover';
import { detectCuda } from './device';
import { combineMeasurements } from './combine';
import { emptyMeasurement, type CaseMeasurement } from './measurement';
import { buildResult } from './result';
import { runCounts } from './run-counts';
import { createRunFixtures, removeRunFixtures, RUN_FIXTURES_ENV } from './shared';
import type { ChildReply, ChildRequest } from './protocol';
import type { BenchCase, RunMode } from './types';

/** How cases are selected. */
export interface SelectOptions {
  mode: RunMode;
  /** A case must carry every one of these tags. */
  tags?: readonly string[];
  /** A regular expression the id must match. */
  filter?: RegExp | null;
}

/**
 * Select cases: smoke = tagged `smoke`; full = tagged `smoke`, `full` or `gpu`; custom = all;
 * then every `--tag` must be present and `--filter` must match the id.
 */
export function selectCases<T extends { benchCase: BenchCase }>(cases: readonly T[], opts: SelectOptions): T[] {
  return cases.filter(({ benchCase: c }) => {
    const tags = c.tags as readonly string[];
    if (opts.mode === 'smoke' && !tags.includes('smoke')) return false;
    if (opts.mode === 'full' && !tags.some((t) => t === 'smoke' || t === 'full' || t === 'gpu')) return false;
    if (opts.tags && !opts.tags.every((t) => tags.includes(t))) return false;
    if (opts.filter && !opts.filter.test(c.id)) return false;
    return true;
  });
}

/** Reported after every case. */
export interface CaseProgress {
  index: number;
  total: number;
  result: BenchmarkResult;
}

/** Options of `runCases`. */
export interface RunCasesOptions {
  cases: readonly LocatedCase[];
  mode: RunMode;
  device: DeviceKind;
  verbose?: boolean;
  packageRef: { name: string; version: string };
  project: string;
  /** The child entry module (harness child.js, or child.ts with a TS loader). */
  childEntry: string;
  /** Node flags of the child (a TS loader and conditions when running from sources). */
  execArgv?: string[];
  /** Override the per-process run counts of every case. */
  warmupRunsPerProcess?: number;
  measuredRunsPerProcess?: number;
  /** Override the number of processes of every case. */
  processes?: number;
  /** Override every case's timeout. */
  timeoutMs?: number;
  onProgress?: (p: CaseProgress) => void;
  /** Called before each round of processes (the full suite runs 3 rounds, one process per case each). */
  onRound?: (p: { round: number; rounds: number; cases: number }) => void;
  /** Called when a case starts (for a live line on a terminal). */
  onStart?: (p: { index: number; total: number; id: string }) => void;
  /** Where child output goes with verbose (default: stderr). */
  childOutput?: NodeJS.WritableStream;
  /** Environment of the case processes (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

const STDERR_TAIL_BYTES = 2000;
/** Env: `off` turns off the overlap of one process's start-up and setup with the previous one's verify and exit. */
export const OVERLAP_ENV = 'RHENIUM_PERF_OVERLAP';

/** What `runCaseInChild` needs: the case's file and id are enough (the child imports the file). */
export interface ChildCaseRef {
  file: string;
  id: string;
  timeoutMs?: number;
}

/** Options of one child process. */
export type ChildOptions = Pick<RunCasesOptions, 'mode' | 'device' | 'verbose' | 'childEntry' | 'execArgv' | 'timeoutMs' | 'childOutput' | 'env' | 'warmupRunsPerProcess' | 'measuredRunsPerProcess'>;

/** Add `process` to a child's phase times: its life (fork to exit) not spent in a phase. */
function withProcessTime(m: CaseMeasurement, lifeMs: number): CaseMeasurement {
  const phases = m.phaseMs ?? {};
  const inPhases = Object.values(phases).reduce((a, b) => a + b, 0);
  return { ...m, phaseMs: { process: Math.max(0, lifeMs - inPhases), ...phases } };
}

/** A case's child process, started; see `startCaseChild`. */
export interface CaseChild {
  /** Resolves when a gated child has finished its setup and waits for `go()`, or has ended. */
  readonly ready: Promise<void>;
  /** Let a gated child start its warm-up (no effect on an ungated or ended child). */
  go(): void;
  /** Resolves when the child's timed region (warm-up, calibration, timed samples) is over, or it has ended. */
  readonly released: Promise<void>;
  /** The measurement, once the process has exited. */
  readonly done: Promise<CaseMeasurement>;
}

/**
 * Start one case in a fresh child process.
 *
 * `gated`: the child stops after its setup until `go()` and says when its timed region is
 * over, so that the runner can start the next process's untimed start-up and setup while
 * this one verifies, tears down and exits, and still never let two timed regions (nor a
 * timed region and any other case process) share the machine.
 */
export function startCaseChild(lc: LocatedCase | ChildCaseRef, opts: ChildOptions, gated = false): CaseChild {
  const ref: ChildCaseRef = 'benchCase' in lc ? { file: lc.file, id: lc.benchCase.id, timeoutMs: lc.benchCase.timeoutMs } : lc;
  const timeoutMs = opts.timeoutMs ?? ref.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS;
  let onReady!: () => void;
  let onReleased!: () => void;
  let resolveDone!: (m: CaseMeasurement) => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const released = new Promise<void>((r) => (onReleased = r));
  const done = new Promise<CaseMeasurement>((r) => (resolveDone = r));
  const forkedAt = performance.now();
  const child = fork(opts.childEntry, [], {
    execArgv: opts.execArgv ?? [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...(opts.env ?? process.env), RHENIUM_PERF_CHILD: '1' },
    serialization: 'advanced',
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    if (opts.verbose) (opts.childOutput ?? process.stderr).write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  };
  child.stdout?.on('data', (d: Buffer) => {
    if (opts.verbose) (opts.childOutput ?? process.stderr).write(d);
  });
  child.stderr?.on('data', keep);
  let result: CaseMeasurement | null = null;
  let timedOut = false;
  let settled = false;
  let waiting = false;
  // The timeout covers the child's own work: it stops while a gated child waits for `go`.
  let timer: NodeJS.Timeout | null = null;
  const arm = (): void => {
    timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
  };
  const disarm = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  arm();
  const finish = (m: CaseMeasurement): void => {
    if (settled) return;
    settled = true;
    disarm();
    onReady();
    onReleased();
    resolveDone(m);
  };
  child.on('message', (msg: ChildReply) => {
    if (!msg) return;
    if (msg.type === 'result') {
      result = msg.measurement;
      onReady();
      onReleased();
    } else if (msg.type === 'ready') {
      waiting = true;
      disarm();
      onReady();
    } else if (msg.type === 'released') {
      onReleased();
    }
  });
  child.on('error', (err) => finish(emptyMeasurement({ error: `could not start the case process: ${err.message}` })));
  child.on('exit', (code, signal) => {
    if (timedOut) {
      return finish(emptyMeasurement({ error: `timed out after ${timeoutMs} ms (process killed); raise timeoutMs in the case or make it faster` }));
    }
    if (result) return finish(withProcessTime(result, performance.now() - forkedAt));
    const lastLine = tail.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
    const how = signal ? `was killed by signal ${signal}` : `exited with code ${code}`;
    finish(emptyMeasurement({ error: `the case process ${how} before reporting a result${lastLine ? `: ${lastLine}` : ''}` }));
  });
  const req: ChildRequest = {
    type: 'run', file: ref.file, id: ref.id, mode: opts.mode, device: opts.device, verbose: opts.verbose ?? false,
    ...(opts.warmupRunsPerProcess !== undefined ? { warmupRunsPerProcess: opts.warmupRunsPerProcess } : {}),
    ...(opts.measuredRunsPerProcess !== undefined ? { measuredRunsPerProcess: opts.measuredRunsPerProcess } : {}),
    ...(gated ? { gated: true } : {}),
  };
  child.send(req);
  return {
    ready, released, done,
    go: () => {
      if (!waiting || settled) return;
      waiting = false;
      arm();
      child.send({ type: 'go' } satisfies ChildRequest);
    },
  };
}

/** Measure one case in a fresh child process (start-up, setup, timed region, verify, exit; nothing beside it). */
export function runCaseInChild(lc: LocatedCase | ChildCaseRef, opts: ChildOptions): Promise<CaseMeasurement> {
  return startCaseChild(lc, opts, false).done;
}

/**
 * Run the cases, each in its own processes, and return their results in the cases' order.
 *
 * The processes of the cases are interleaved in rounds: round r runs the r-th process of
 * every case still going, so the processes of one case are spread over the whole run.
 * NOTE: the machine's load drifts over minutes; back-to-back processes of one case would all
 * see the same load and a run-to-run difference would look consistent (and significant).
 * Interleaving turns that drift into between-process spread, which the regression test sees.
 */
export async function runCases(opts: RunCasesOptions): Promise<BenchmarkResult[]> {
  const total = opts.cases.length;
  interface Slot {
    lc: LocatedCase;
    index: number;
    processes: number;
    parts: CaseMeasurement[];
    started: Date;
    elapsedNs: bigint;
    /** Time its processes ran beside the previous process (their start-up and setup during its verify and exit). */
    overlapMs: number;
    done: CaseMeasurement | null;
  }
  const slots: Slot[] = opts.cases.map((lc, i) => {
    const counts = runCounts(lc.benchCase, opts.mode);
    return {
      lc, index: i + 1, processes: Math.max(1, opts.processes ?? counts.processes),
      parts: [], started: new Date(), elapsedNs: 0n, overlapMs: 0, done: null,
    };
  });
  const results: (BenchmarkResult | null)[] = slots.map(() => null);
  const finish = (slot: Slot): void => {
    const c = slot.lc.benchCase;
    if (slot.overlapMs > 0) slot.done!.metadata = { ...slot.done!.metadata, wall_overlap_sec: Math.round(slot.overlapMs) / 1000 };
    const result = buildResult(c, slot.done!, {
      device: opts.device,
      packageRef: opts.packageRef,
      project: opts.project,
      startedAt: slot.started,
      durationSec: Number(slot.elapsedNs) / 1e9,
      timeoutMs: opts.timeoutMs ?? c.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS,
    });
    results[slot.index - 1] = result;
    opts.onProgress?.({ index: slot.index, total, result });
  };
  for (const slot of slots) {
    const c = slot.lc.benchCase;
    if ((c.tags as readonly string[]).includes('gpu') && opts.device !== 'cuda') {
      const cuda = detectCuda();
      const why = opts.device === 'cpu' && cuda.available ? 'the run uses --device cpu' : cuda.reason;
      slot.done = emptyMeasurement({ state: 'skipped', skippedReason: `requires CUDA: ${why}` });
      finish(slot);
    }
  }
  // Fixtures made once per run (`runFixture`) live here while the cases run, then go.
  const ownFixtures = (opts.env ?? process.env)[RUN_FIXTURES_ENV] ? null : createRunFixtures();
  const childOpts: RunCasesOptions = ownFixtures ? { ...opts, env: { ...(opts.env ?? process.env), [RUN_FIXTURES_ENV]: ownFixtures } } : opts;
  try {
    // The processes run one after another, except that the next one starts (process
    // start-up, import, setup) while the previous one verifies, tears down and exits: no
    // two timed regions ever overlap, and a timed region runs alone (the next process is
    // forked only when it is over; it waits after its setup until the previous one exited).
    // RHENIUM_PERF_OVERLAP=off runs them strictly one after another (to compare, or to rule it out).
    const overlap = !/^(off|0|false)$/i.test((childOpts.env ?? process.env)[OVERLAP_ENV] ?? '');
    let previous: Promise<void> = Promise.resolve();
    let previousExitAt = 0;
    const rounds = Math.max(0, ...slots.map((s) => s.processes));
    for (let r = 0; r < rounds; r++) {
      if (rounds > 1) opts.onRound?.({ round: r + 1, rounds, cases: slots.filter((x) => !x.done && r < x.processes).length });
      for (const slot of slots) {
        if (slot.done || r >= slot.processes) continue;
        if (r === 0) slot.started = new Date();
        opts.onStart?.({ index: slot.index, total, id: slot.lc.benchCase.id });
        // An exclusive case times things outside its timed region: nothing overlaps its processes.
        const alone = !overlap || slot.lc.benchCase.exclusive === true;
        if (alone) await previous;
        const t0 = process.hrtime.bigint();
        const forkedAt = performance.now();
        const child = startCaseChild(slot.lc, childOpts, !alone);
        await child.ready;
        await previous;
        slot.overlapMs += Math.max(0, previousExitAt - forkedAt);
        child.go();
        await child.released;
        if (alone) await child.done;
        previous = child.done.then((m) => {
          previousExitAt = performance.now();
          slot.elapsedNs += process.hrtime.bigint() - t0;
          if (slot.done) return; // an earlier process of this case failed meanwhile
          slot.parts.push(m);
          if (m.state !== 'passed' || slot.parts.length === slot.processes) {
            slot.done = combineMeasurements(slot.parts);
            finish(slot);
          }
        });
      }
    }
    await previous;
  } finally {
    if (ownFixtures) removeRunFixtures(ownFixtures);
  }
  return results.map((r) => r!);
}

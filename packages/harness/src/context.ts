/**
 * The `BenchContext` a case's functions receive in one measuring process: the device, mode
 * and params, the current phase, `log`, `record` (metadata) and `stage` (per-stage timing of
 * the timed samples, recorded only while a sample is being timed).
 */
import type { BenchCase, BenchContext, BenchPhase } from './types';
import type { MeasureOptions } from './measurement';

/** The context of one case in one process, and the measuring code's handles on it. */
export interface CaseContext {
  readonly ctx: BenchContext;
  /** Metadata recorded by the case (`ctx.record`). */
  readonly metadata: Record<string, unknown>;
  /** Stage names in the order they first ran. */
  readonly stageOrder: readonly string[];
  setPhase(phase: BenchPhase): void;
  /** Start summing `ctx.stage` times for one sample. */
  startStages(): void;
  /** Stop, and return the stage times (ms) summed over the sample; empty when not started. */
  stopStages(): Map<string, number>;
}

export const nowNs = (): bigint => process.hrtime.bigint();

export const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

/** The context of case `c` in this process. */
export function createCaseContext(c: BenchCase, options: MeasureOptions): CaseContext {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const metadata: Record<string, unknown> = {};
  const stageOrder: string[] = [];
  let phase: BenchPhase = 'setup';
  let recording: Map<string, number> | null = null;
  const ctx: BenchContext = {
    device: options.device ?? 'cpu',
    mode: options.mode,
    params: c.params,
    get phase() {
      return phase;
    },
    verbose: options.verbose ?? false,
    log: (m) => {
      if (options.verbose) log(`  [${c.id}] ${m}`);
    },
    record: (key, value) => {
      metadata[key] = value;
    },
    stage: <T>(name: string, fn: () => T): T => {
      if (!recording) return fn();
      const rec = recording;
      if (!stageOrder.includes(name)) stageOrder.push(name);
      const t0 = nowNs();
      const add = (): void => {
        rec.set(name, (rec.get(name) ?? 0) + Number(nowNs() - t0) / 1e6);
      };
      const out = fn();
      if (isThenable(out)) return (out as PromiseLike<unknown>).then((v) => (add(), v)) as T;
      add();
      return out;
    },
  };
  return {
    ctx,
    metadata,
    stageOrder,
    setPhase: (p) => {
      phase = p;
    },
    startStages: () => {
      recording = new Map();
    },
    stopStages: () => {
      const rec = recording ?? new Map<string, number>();
      recording = null;
      return rec;
    },
  };
}

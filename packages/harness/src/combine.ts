/**
 * Combining the measurements of a case's independent processes into one.
 *
 * - samples: concatenated in process order, with the count per process (`processSamples`)
 *   and each process's own batch (`batchSizes`);
 * - state: the first failure or skip wins;
 * - memory: before from the first process, after from the last, peak the maximum;
 * - checks (a quality figure with a threshold): the worst value over the processes, since a
 *   bound must hold in every process; plain quality figures and targets: the median of the
 *   processes' values (a target's `met` is re-judged on that median); metadata: the last
 *   process's values, plus `per_process` lists of every numeric metadata value that differed;
 * - phase wall times: summed.
 */
import type { QualityFigure, TargetFigure } from '@rhenium-perf/schema';
import type { CaseMeasurement } from './measurement';
import { isTargetFigure } from './quality';
import { median } from './stats';
import { stagesOf } from './stages';

type Figure = QualityFigure | TargetFigure;

function combineFigure(figs: readonly Figure[]): Figure {
  const first = figs[0]!;
  const values = figs.map((f) => f.value);
  if (isTargetFigure(first)) {
    const value = median(values);
    return { ...first, value, met: first.higher_is_better ? value >= first.target : value <= first.target };
  }
  if (first.threshold !== null && first.threshold !== undefined) {
    // A checked bound: the worst process decides (max of an error, min of a score).
    return { ...first, value: first.higher_is_better ? Math.min(...values) : Math.max(...values) };
  }
  return { ...first, value: median(values) };
}

/** Combine quality figures of several processes, figure by figure (see the module comment). */
export function combineFigures(parts: readonly Record<string, Figure>[]): Record<string, Figure> {
  const names: string[] = [];
  for (const p of parts) for (const k of Object.keys(p)) if (!names.includes(k)) names.push(k);
  const out: Record<string, Figure> = {};
  for (const name of names) out[name] = combineFigure(parts.map((p) => p[name]).filter((f): f is Figure => f !== undefined));
  return out;
}

/** Combine the measurements of a case's processes, in process order. */
export function combineMeasurements(parts: readonly CaseMeasurement[]): CaseMeasurement {
  if (parts.length === 1) return parts[0]!;
  const bad = parts.find((p) => p.state !== 'passed');
  const last = parts[parts.length - 1]!;
  const samplesMs = parts.flatMap((p) => p.samplesMs);
  const stageSamples: Record<string, number[]> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.stageSamples)) stageSamples[k] = [...(stageSamples[k] ?? []), ...v];
  const peaks = parts.map((p) => p.rssMbPeak).filter((x): x is number => x !== null);
  const metadata: Record<string, unknown> = Object.assign({}, ...parts.map((p) => p.metadata));
  const perProcess: Record<string, number[]> = {};
  for (const key of Object.keys(metadata)) {
    const vals = parts.map((p) => p.metadata[key]);
    if (vals.every((v) => typeof v === 'number') && new Set(vals).size > 1) perProcess[key] = vals as number[];
  }
  if (Object.keys(perProcess).length > 0) metadata.per_process = perProcess;
  const measuredParts = parts.filter((p) => p.samplesMs.length > 0);
  return {
    ...last,
    state: bad ? bad.state : 'passed',
    error: bad ? bad.error : null,
    skippedReason: bad ? bad.skippedReason : null,
    warmupRunsPerProcess: parts[0]!.warmupRunsPerProcess,
    measurementRuns: samplesMs.length,
    batchSizes: measuredParts.flatMap((p) => p.batchSizes),
    samplesMs,
    processSamples: parts.flatMap((p) => p.processSamples),
    stageSamples,
    quality: combineFigures(parts.map((p) => p.quality)),
    metadata,
    stages: stagesOf(stageSamples),
    rssMbBefore: parts[0]!.rssMbBefore,
    rssMbAfter: last.rssMbAfter,
    rssMbPeak: peaks.length ? Math.max(...peaks) : null,
    phaseMs: sumPhases(parts),
  };
}

/** Phase wall times summed over the processes (absent in every part: absent). */
function sumPhases(parts: readonly CaseMeasurement[]): Record<string, number> | undefined {
  if (parts.every((p) => p.phaseMs === undefined)) return undefined;
  const out: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.phaseMs ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}

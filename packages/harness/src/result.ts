/**
 * Assembling the schema's BenchmarkResult from a case and its (combined) measurement.
 */
import type { BenchmarkResult, DeviceKind, QualityFigure, TargetFigure } from '@rhenium-perf/schema';
import type { CaseMeasurement } from './measurement';
import { isTargetFigure } from './quality';
import { latencyStats, throughput } from './stats';
import type { BenchDefinition } from './types';

/** What `buildResult` needs besides the case and its measurement. */
export interface ResultContext {
  device: DeviceKind;
  packageRef: { name: string; version: string };
  project: string;
  startedAt: Date;
  durationSec: number;
  timeoutMs: number;
}

/** Element count of a shape. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The fields of a case's definition that its result reports. */
export type ResultCaseField =
  | 'id' | 'category' | 'task' | 'modality' | 'inputShape' | 'outputShape' | 'dtype' | 'voxelsCounted' | 'voxelsPerItem' | 'itemsPerRun' | 'tags'
  | 'params' | 'timeoutMs';

/** What a result needs of its case: the case itself, or the descriptor a child listed. */
export type ResultCase = Pick<BenchDefinition, ResultCaseField>;

/** Voxels per item of a case: its declared count, else the element count of the counted shape. */
export function voxelsPerItemOf(c: ResultCase): number {
  if (c.voxelsPerItem !== undefined) return c.voxelsPerItem;
  return elementCount(c.voxelsCounted === 'output' && c.outputShape ? c.outputShape : c.inputShape);
}

function numOrNull(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** Assemble the result; quality figures made by `target` go to `targets`, the rest to `quality`. */
export function buildResult(c: ResultCase, m: CaseMeasurement, rc: ResultContext): BenchmarkResult {
  const voxelsPerItem = voxelsPerItemOf(c);
  const itemsPerRun = c.itemsPerRun ?? 1;
  const passed = m.state === 'passed';
  const quality: Record<string, QualityFigure> = {};
  const targets: Record<string, TargetFigure> = {};
  for (const [k, f] of Object.entries(m.quality)) {
    if (isTargetFigure(f)) targets[k] = f;
    else quality[k] = f;
  }
  return {
    id: c.id,
    category: c.category,
    modality: c.modality ?? null,
    task: c.task,
    input_shape: [...c.inputShape],
    dtype: c.dtype,
    device: rc.device,
    state: m.state,
    warmup_runs_per_process: m.warmupRunsPerProcess,
    measurement_runs: m.measurementRuns,
    batch_size: m.batchSizes.length ? Math.min(...m.batchSizes) : 1,
    process_batch_sizes: [...m.batchSizes],
    voxels_per_item: voxelsPerItem,
    voxels_counted: c.voxelsCounted ?? 'input',
    items_per_run: itemsPerRun,
    latency_ms: latencyStats(m.samplesMs),
    samples_ms: m.samplesMs,
    process_samples: m.processSamples,
    throughput: passed ? throughput(m.samplesMs, itemsPerRun, voxelsPerItem) : { items_per_sec: null, voxels_per_sec: null },
    memory: {
      rss_mb_before: m.rssMbBefore,
      rss_mb_after: m.rssMbAfter,
      rss_mb_peak: m.rssMbPeak,
      vram_mb_before: numOrNull(m.metadata.vram_mb_before),
      vram_mb_after: numOrNull(m.metadata.vram_mb_after),
      vram_mb_peak: numOrNull(m.metadata.vram_mb_peak),
    },
    quality,
    targets,
    success: passed,
    error: m.state === 'failed' ? (m.error ?? 'failed') : null,
    skipped_reason: m.state === 'skipped' ? (m.skippedReason ?? 'skipped') : null,
    tags: [...c.tags],
    params: { ...c.params },
    metadata: m.phaseMs ? { ...m.metadata, wall_phases_sec: phasesSec(m.phaseMs) } : m.metadata,
    stages: m.stages,
    package: rc.packageRef,
    project: rc.project,
    started_at: rc.startedAt.toISOString(),
    duration_sec: rc.durationSec,
    timeout_ms: rc.timeoutMs,
  };
}

/** Phase wall times in seconds, to the millisecond, in the order the phases run. */
function phasesSec(phaseMs: Record<string, number>): Record<string, number> {
  const order = ['process', 'import', 'setup', 'wait', 'warmup', 'calibrate', 'measured', 'verify', 'teardown'];
  const keys = [...order.filter((k) => k in phaseMs), ...Object.keys(phaseMs).filter((k) => !order.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, Math.round(phaseMs[k]!) / 1000]));
}

/**
 * Summary statistics of latency samples, as defined in docs/perf/metrics.md.
 *
 * - mean = (1/n) Σ x_i; std is the sample standard deviation with n - 1 (0 when n = 1).
 * - Percentiles by the nearest-rank rule on the ascending samples L (1-based):
 *   p_k = L[max(1, ceil(k * n / 100))].
 * - items/s = items_per_run * n / (Σ x_i / 1000); voxels/s = voxels * items/s.
 */
import type { LatencyStats, Throughput } from '@rhenium-perf/schema';

/** Samples sorted ascending; only `sortSamples` makes one. */
export type SortedSamples = readonly number[] & { readonly __sorted: unique symbol };

/** Sort a copy of the samples ascending. */
export function sortSamples(samples: readonly number[]): SortedSamples {
  return [...samples].sort((a, b) => a - b) as unknown as SortedSamples;
}

/**
 * Nearest-rank percentile: p_k = L[ceil(k n / 100)] (1-based), L[1] for k = 0.
 * @example percentile(sortSamples([15, 20, 35, 40, 50]), 40) // 20
 */
export function percentile(sorted: SortedSamples, k: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile: no samples');
  if (!(k >= 0 && k <= 100)) throw new RangeError(`percentile: k must be in [0, 100], received ${k}`);
  const rank = Math.max(1, Math.ceil((k * n) / 100));
  return sorted[rank - 1]!;
}

/** min, max, mean, std (n - 1), p50, p95, p99 of the samples; all null when there are none. */
export function latencyStats(samples: readonly number[]): LatencyStats {
  const n = samples.length;
  if (n === 0) return { min: null, max: null, mean: null, std: null, p50: null, p95: null, p99: null };
  const sorted = sortSamples(samples);
  let sum = 0;
  for (const x of samples) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of samples) ss += (x - mean) * (x - mean);
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return {
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean,
    std,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** items/s and voxels/s from per-call latencies in ms. */
export function throughput(samplesMs: readonly number[], itemsPerRun: number, voxelsPerItem: number): Throughput {
  let total = 0;
  for (const x of samplesMs) total += x;
  if (samplesMs.length === 0 || total <= 0) return { items_per_sec: null, voxels_per_sec: null };
  const itemsPerSec = (itemsPerRun * samplesMs.length) / (total / 1000);
  return { items_per_sec: itemsPerSec, voxels_per_sec: voxelsPerItem * itemsPerSec };
}

/**
 * The median: the middle value of the sorted samples, or the mean of the two middle values
 * when n is even (unlike the nearest-rank p50, which takes the lower one).
 * @example median([4, 1, 3, 2]) // 2.5
 */
export function median(samples: readonly number[]): number {
  const n = samples.length;
  if (n === 0) throw new RangeError('median: no samples');
  const s = sortSamples(samples);
  const m = n >> 1;
  return n % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

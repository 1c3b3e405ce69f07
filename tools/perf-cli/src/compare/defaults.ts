/**
 * Defaults of the regression rule, with units, in one place (docs/perf/metrics.md).
 */
import type { ComparisonMetric } from '@rhenium-perf/schema';
import type { SingleSamplePolicy } from './types';

/** Significance level of the decision rule, applied to Benjamini–Hochberg q-values. */
export const DEFAULT_ALPHA = 0.01;

/**
 * Relative change past which a metric is examined, as a fraction of the baseline value
 * (the seed's thresholds: latency +10%, peak RSS +20%, items/s -10%). Latency is the
 * geometric mean of the per-process medians (`latency_ms`); `latency_p95_ms` only appears
 * in reports of schema 1.0.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<ComparisonMetric, number>> = Object.freeze({
  latency_ms: 0.1,
  latency_p95_ms: 0.1,
  rss_mb_peak: 0.2,
  items_per_sec: 0.1,
});

/**
 * What a change past its threshold means when no test is possible (one value per side).
 * NOTE: peak RSS is one number per case (the child process's max RSS), so it is judged on
 * the point values alone: past +20% is a regression. Latency and throughput always have
 * samples in a passed result; if a document lacks them, the honest answer is inconclusive.
 */
export const DEFAULT_SINGLE_SAMPLE_POLICY: Readonly<Record<ComparisonMetric, SingleSamplePolicy>> = Object.freeze({
  latency_ms: 'inconclusive',
  latency_p95_ms: 'inconclusive',
  rss_mb_peak: 'regression',
  items_per_sec: 'inconclusive',
});

/**
 * Largest n1 + n2 for which the Mann–Whitney p-value is taken from the exact permutation
 * distribution (ties included); above it the normal approximation with tie and continuity
 * correction is used. 40 covers 20 samples per side; the DP costs ~N·n1·N² operations.
 */
export const EXACT_MAX_TOTAL = 40;

/** Fewest samples per side for a significance test; below it the single-sample policy applies. */
export const MIN_SAMPLES_PER_SIDE = 2;

/** The metrics compared, in report order. */
export const COMPARISON_METRICS: readonly ComparisonMetric[] = Object.freeze(['latency_ms', 'rss_mb_peak', 'items_per_sec']);

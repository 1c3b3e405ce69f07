/**
 * Types of the regression comparison: the config file and its resolved form.
 */
import type { ComparisonMetric } from '@rhenium-perf/schema';

/** Which way the Mann–Whitney test looks. 'one-sided' tests in the direction of the observed change. */
export type TestSidedness = 'two-sided' | 'one-sided';

/** A metric change past its threshold with no samples to test: trust the point values, or say inconclusive. */
export type SingleSamplePolicy = 'regression' | 'inconclusive';

/** Per-metric overrides; thresholds are fractions of the baseline value (0.1 = 10%). */
export interface MetricOverrides {
  thresholds?: Partial<Record<ComparisonMetric, number>>;
  /** Only peak RSS has a single-sample policy: latency and items/s are tested or inconclusive. */
  single_sample?: { rss_mb_peak?: SingleSamplePolicy };
}

/**
 * The comparison config (a JSON file, see compare-config.schema.json). Keys of `benchmarks`
 * are benchmark ids or patterns with `*` (`recon_ct_*`); patterns apply in file order, then
 * the exact id.
 */
export interface CompareConfig extends MetricOverrides {
  $schema?: string;
  alpha?: number;
  sidedness?: TestSidedness;
  benchmarks?: Record<string, MetricOverrides>;
}

/** The rule for one metric of one benchmark, after merging defaults and overrides. */
export interface MetricPolicy {
  threshold: number;
  singleSample: SingleSamplePolicy;
}

/** Options of `compareReports` that are facts of the invocation, not of the config file. */
export interface CompareOptions {
  /** How the baseline is named in the comparison (its path). Default 'baseline'. */
  baselineSource?: string;
}

export { compareReports, countStates, processLogMedians, regressionStatus, withComparison, MIN_PROCESSES_PER_SIDE } from './compare';
export { lnGamma, regularizedBeta, studentTQuantile, studentTSf, welchTTest } from './student-t';
export type { WelchResult } from './student-t';
export { mannWhitneyU } from './mann-whitney';
export type { Alternative, MannWhitneyMethod, MannWhitneyOptions, MannWhitneyResult } from './mann-whitney';
export { benjaminiHochberg } from './benjamini-hochberg';
export { normalPdf, normalSf } from './normal';
export { compareConfigSchema, loadCompareConfig, parseCompareConfig, resolveMetricPolicy, resolveRunSettings } from './config';
export { checkEnvironment, loadBaseline, parseBaseline } from './baseline';
export type { EnvironmentCheck } from './baseline';
export {
  COMPARISON_METRICS,
  DEFAULT_ALPHA,
  DEFAULT_SINGLE_SAMPLE_POLICY,
  DEFAULT_THRESHOLDS,
  EXACT_MAX_TOTAL,
  MIN_SAMPLES_PER_SIDE,
} from './defaults';
export { BaselineError, COMPARE_ERROR_CODES, CompareConfigError } from './errors';
export type { BaselineErrorCode, CompareConfigErrorCode, CompareErrorCode } from './errors';
export type { CompareConfig, CompareOptions, MetricOverrides, MetricPolicy, SingleSamplePolicy, TestSidedness } from './types';

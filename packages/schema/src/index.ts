export { CATEGORY_IDS, CATEGORY_NAMES, SCHEMA_VERSION } from './types';
export type {
  AbComparison,
  AbMetric,
  AbSection,
  BenchState,
  BenchmarkResult,
  CategoryId,
  Comparison,
  ComparisonMetric,
  ComparisonState,
  DeviceInfo,
  DeviceKind,
  DeviceRequest,
  Environment,
  LatencyStats,
  MemoryStats,
  MetricComparison,
  Modality,
  SourceInfo,
  PackageRef,
  PackageSummary,
  QualityFigure,
  RegressionStatus,
  Report,
  ReportSummary,
  ResultsFile,
  RunModeName,
  StageTiming,
  TargetFigure,
  Throughput,
  TopLineMetrics,
} from './types';
export { assertValid, formatErrors, getValidator, isCompatibleVersion, schemas, validateHistoryRecord, validateReport, validateResults } from './validate';
export type { ValidationOutcome } from './validate';
export { SCHEMA_ERROR_CODES, SchemaValidationError } from './errors';
export type { SchemaErrorCode } from './errors';
export { upgradeDocument } from './upgrade';
export { sampleAb, sampleBenchmark, sampleEnvironment, sampleSource, sampleReport, sampleResults } from './sample';

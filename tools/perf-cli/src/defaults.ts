/**
 * Defaults of rhenium-perf.
 */
/** Output folder of reports, relative to the workspace root. */
export const DEFAULT_OUTPUT_DIR = 'artifacts/perf';
/** Where each package's bench target writes its results, relative to the workspace root. */
export const PACKAGE_RESULTS_DIR = 'artifacts/perf/packages';
/** File name of the merged report inside the output folder. */
export const REPORT_FILE = 'report.json';
/** The Nx target that runs a package's benchmarks. */
export const BENCH_TARGET = 'bench';

/** The committed baseline (workspace-relative): `baseline update`'s default output, and the durations `--shard` plans with. */
export const DEFAULT_BASELINE = 'baselines/v1.0.json';

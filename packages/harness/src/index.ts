/**
 * The harness's public API. Two audiences, nothing else:
 * - bench authors: `defineBench`, `sweep`, the case types, checks and quality figures, the
 *   statistics helpers, `packageRoot` and the atomic writers, `runBenchCli`, `runCaseInline`
 *   for tests;
 * - the perf CLI (tools/perf-cli): the child-process runner, the measurement it returns and
 *   how processes combine, the environment and device capture, the A/B slowdown knob, the
 *   argument hand-over.
 * The runner's internals (selection, discovery, the child protocol, run counts) stay inside.
 */

// For bench authors.
export { defineBench, sweep, isBenchCase } from './define';
export type { BenchmarkResult } from '@rhenium-perf/schema';
export type { BenchCase, BenchContext, BenchDefinition, BenchParams, BenchPhase, BenchTag, BenchTiming, QualityFigures, RunMode } from './types';
export { HarnessError, VerifyError, check } from './errors';
export { latencyStats, median, percentile, sortSamples } from './stats';
export { expectQuality, quality, target } from './quality';
export { throughputFigures } from './data-rate';
export { runCaseInline } from './inline';
export { runBenchCli, benchOption, benchCommandOptions } from './cli';
export type { BenchCliOptions, ExtraOption } from './cli';
export { writeJsonAtomic, writeTextAtomic, writeFileAtomic, isPrivateFolder, findWorkspaceRoot, packageRoot, importPackageFrom, makeDirectory, removeTempsOnSignals, tempPathFor, releaseTemp } from './fs';
export { parseCommandLine, stringOption, listOption } from './args';
export type { CommandLine, CommandLineOptions } from './args';
export { MIN_SAMPLE_TIME_MS } from './defaults';
export { JsonLinesChild, perCallMedianMs } from './reference-child';
export { alternatedPairs, type AlternatedPairs } from './paired';
export { runFixture, runFixtureJson, machineCached, machineFingerprint, temporaryRunFixtures, RUN_FIXTURES_ENV, MACHINE_CACHE_ENV, type TemporaryRunFixtures } from './shared';

// For the perf CLI.
export { runCaseInChild } from './runner';
export { emptyMeasurement } from './measurement';
export type { CaseMeasurement } from './measurement';
export type { ChildReply, ListedCase } from './protocol';
export { combineMeasurements } from './combine';
export { buildResult, voxelsPerItemOf } from './result';
export { SLOWDOWN_ENV } from './slowdown';
export { captureEnvironment, captureSourceInfo } from './env';
export { detectCuda, resolveDevice } from './device';
export { BENCH_ARGV_ENV } from './cli';

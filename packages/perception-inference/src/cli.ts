#!/usr/bin/env node
import { BENCH_ARGV_ENV, removeTempsOnSignals, runBenchCli } from '@rhenium-perf/harness';
import { USER_MODEL_OPTIONS, userModelArgs } from './cli-options';

/**
 * The arguments `rhenium-perf` hands over in RHENIUM_PERF_BENCH_ARGV (a JSON array of
 * strings, put before the command line's own), or null when the value is malformed.
 */
function handedOverArgs(): string[] | null {
  const raw = process.env[BENCH_ARGV_ENV];
  if (raw === undefined || raw === '') return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

// NOTE: runBenchCli reads RHENIUM_PERF_BENCH_ARGV, and removes its temp files on Ctrl-C, only
// for a command line it reads itself. This command rewrites --model first and passes argv, so
// it does both here: without them `rhenium-perf run --full --filter X` ran this package's
// whole smoke set. A malformed value is left to runBenchCli, which reports it (exit 2).
const handedOver = handedOverArgs();
const argv = handedOver === null ? undefined : userModelArgs([...handedOver, ...process.argv.slice(2)]);
if (argv !== undefined) removeTempsOnSignals();

process.exitCode = await runBenchCli({
  packageRoot: new URL('..', import.meta.url),
  options: USER_MODEL_OPTIONS,
  argv,
});

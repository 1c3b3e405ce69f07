#!/usr/bin/env node
import { runBenchCli } from '@rhenium-perf/harness';
import { USER_MODEL_OPTIONS, userModelArgs } from './cli-options';

process.exitCode = await runBenchCli({
  packageRoot: new URL('..', import.meta.url),
  options: USER_MODEL_OPTIONS,
  rewriteArgv: (argv) => userModelArgs(argv),
});
